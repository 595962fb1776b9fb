import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenParameter } from '../../shared/contract/wire';
import { contentSecurityPolicy } from '../content-security-policy';
import { isAllowedHost, tokenCookieName, tokenSource } from './access-check';
import type { ShellLog } from './client-connection';
import { sendStaticFile } from './static-files';

export const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface PageRequestContext {
  readonly rendererDir: string;
  readonly token: string;
  readonly port: () => number;
  readonly hosts: () => ReadonlySet<string>;
  readonly log: ShellLog;
}

function refuse(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
  response.end(`${text}\n`);
}

/** The same address without the token: one slash first, so it can never name another host. */
function withoutToken(url: URL): string {
  const clean = new URL(url);
  clean.searchParams.delete(tokenParameter);
  return `/${clean.pathname.replace(/^[/\\]+/, '')}${clean.search}`;
}

/**
 * One HTTP request for the renderer's files. The printed URL carries the token once: its answer sets the
 * token's cookie and sends the browser on to the same address without it, so the token leaves the address
 * bar and the history; every later request (and the WebSocket) carries the cookie.
 */
export function answerPageRequest(
  context: PageRequestContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const url = new URL(request.url ?? '/', 'http://shell.invalid');
  if (!isAllowedHost(request, context.hosts()))
    return refuse(response, 421, 'Misdirected request: unknown Host');
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return refuse(response, 405, 'Method not allowed');
  const cookieName = tokenCookieName(context.port());
  const source = tokenSource(request, url, context.token, cookieName);
  if (source === null)
    return refuse(response, 401, 'Unauthorized: open the URL printed by `stm32mp-flasher serve`');
  if (source === 'query') {
    response.writeHead(303, {
      ...securityHeaders,
      'Set-Cookie': `${cookieName}=${context.token}; HttpOnly; SameSite=Strict; Path=/`,
      Location: withoutToken(url),
      'Content-Length': '0',
    });
    response.end();
    return;
  }
  sendStaticFile(context.rendererDir, url.pathname, response, securityHeaders).catch((error: unknown) => {
    context.log(`browser shell: ${url.pathname} could not be sent: ${String(error)}`);
    refuse(response, 500, 'Could not read the renderer files');
  });
}
