import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokenParameter } from '../../shared/contract/wire';

/**
 * The token's cookie, one per port: cookies ignore ports, so two `serve` on one machine would otherwise
 * overwrite each other's token (and each would send its token to the other).
 */
export function tokenCookieName(port: number): string {
  return `stm32mp_flasher_token_${port}`;
}

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Where a request's token came from, if it carries the right one. */
export function tokenSource(
  request: IncomingMessage,
  url: URL,
  token: string,
  cookieName: string,
): 'query' | 'cookie' | null {
  if (sameToken(url.searchParams.get(tokenParameter) ?? undefined, token)) return 'query';
  if (sameToken(cookieValue(request, cookieName), token)) return 'cookie';
  return null;
}

/**
 * The Host names this server answers to. A page on another site cannot reach us by a DNS name that
 * resolves to 127.0.0.1 (DNS rebinding): its Host header would name that site.
 */
export function allowedHosts(
  boundHost: string,
  port: number,
  extraHostNames: readonly string[],
): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', ...extraHostNames]);
  if (boundHost !== '0.0.0.0' && boundHost !== '::')
    names.add(boundHost.includes(':') ? `[${boundHost}]` : boundHost);
  return new Set([...names].map((name) => `${name}:${port}`));
}

export function isAllowedHost(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  return hosts.has((request.headers.host ?? '').toLowerCase());
}

/** A WebSocket upgrade must come from a page this server served: same scheme, host and port. */
export function isOwnOrigin(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    const parsed = new URL(origin);
    return (
      parsed.protocol === 'http:' &&
      hosts.has(parsed.host.toLowerCase()) &&
      parsed.host === request.headers.host
    );
  } catch {
    return false;
  }
}
