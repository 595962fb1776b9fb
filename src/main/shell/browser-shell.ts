import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { tokenParameter, webSocketPath } from '../../shared/contract/wire';
import { contentSecurityPolicy } from '../content-security-policy';
import type { ContractServer } from '../services/contract-server';
import {
  allowedHosts,
  isAllowedHost,
  isOwnOrigin,
  newAccessToken,
  tokenCookie,
  tokenSource,
} from './access-check';
import { sendStaticFile } from './static-files';
import { bindWebSocketTransport } from './websocket-transport';

export interface BrowserShellOptions {
  readonly server: ContractServer;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly token?: string;
}

export interface BrowserShell {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
  response.end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((entry) =>
      entry === undefined ? [] : [entry.family === 'IPv6' ? `[${entry.address}]` : entry.address],
    );
}

/** Serves the renderer and the contract's WebSocket to a browser, on loopback unless told otherwise. */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const token = options.token ?? newAccessToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const unbind = bindWebSocketTransport(wss, options.server);
  let hosts = new Set<string>();

  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://shell.invalid');
    if (!isAllowedHost(request, hosts)) return refuse(response, 421, 'Misdirected request: unknown Host');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'Method not allowed');
    const source = tokenSource(request, url, token);
    if (source === null)
      return refuse(response, 401, 'Unauthorized: open the URL printed by `stm32mp-flasher serve`');
    const headers: Record<string, string> = { ...securityHeaders };
    if (source === 'query')
      headers['Set-Cookie'] = `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    void sendStaticFile(options.rendererDir, url.pathname, response, headers).catch(() =>
      refuse(response, 500, 'Could not read the renderer files'),
    );
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://shell.invalid');
    if (url.pathname !== webSocketPath) return refuseUpgrade(socket, 404, 'Not Found');
    if (!isAllowedHost(request, hosts) || !isOwnOrigin(request, hosts))
      return refuseUpgrade(socket, 403, 'Forbidden');
    if (tokenSource(request, url, token) === null) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  hosts = allowedHosts(options.host, port, wildcard ? interfaceAddresses() : []);
  const shownHost = wildcard || options.host === 'localhost' ? '127.0.0.1' : options.host;
  const urlHost = shownHost.includes(':') ? `[${shownHost}]` : shownHost;

  return {
    url: `http://${urlHost}:${port}/?${tokenParameter}=${token}`,
    port,
    token,
    async close() {
      unbind();
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
