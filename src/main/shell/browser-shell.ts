import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { stoppingCloseCode, tokenParameter, webSocketPath } from '../../shared/contract/wire';
import type { ContractServer } from '../services/contract-server';
import {
  allowedHosts,
  isAllowedHost,
  isOwnOrigin,
  newAccessToken,
  tokenCookieName,
  tokenSource,
} from './access-check';
import type { ShellLog } from './client-connection';
import type { ConnectionLimits } from './connection-limits';
import { answerPageRequest } from './page-request';
import { rateLimitedLog } from './rate-limited-log';
import { bindWebSocketTransport } from './websocket-transport';

export interface BrowserShellOptions {
  readonly server: ContractServer;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly token?: string;
  /** One line per connection closed for a fault, per server error, at most 20 in 10 s (default: none). */
  readonly log?: ShellLog;
  readonly limits?: ConnectionLimits;
}

export interface BrowserShell {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** How many pages are connected now. */
  connectionCount(): number;
  /** Tells every page the app is stopping (WebSocket close 1001), then stops serving. */
  close(): Promise<void>;
}

/** ws refuses a frame over this with close code 1009. */
export const maxFrameBytes = 1024 * 1024;

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

/** A peer that resets or sends garbage is routine on a network: worth a line, never a crash. */
function isRoutine(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.code === 'ETIMEDOUT';
}

/** How long a stopping server waits for its pages to take the "stopping" close frame. */
const stoppingGraceMs = 500;

/**
 * Tells every page the app is stopping (close code 1001, "going away"), so it says so instead of
 * "reconnecting"; a page that does not answer within the grace is cut off.
 */
async function sayStopping(wss: WebSocketServer): Promise<void> {
  const clients = [...wss.clients];
  const closed = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        if (client.readyState === client.CLOSED) return resolve();
        client.once('close', () => resolve());
        client.close(stoppingCloseCode, 'The application is stopping');
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closed),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, stoppingGraceMs))),
  ]);
  clearTimeout(timer);
  for (const client of wss.clients) client.terminate();
}

/** Serves the renderer and the contract's WebSocket to a browser, on loopback unless told otherwise. */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const token = options.token ?? newAccessToken();
  const log: ShellLog = rateLimitedLog(options.log ?? (() => undefined));
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const { unbind, connectionCount } = bindWebSocketTransport(wss, options.server, log, options.limits);
  let hosts = new Set<string>();
  let port = 0;

  const http = createServer((request, response) =>
    answerPageRequest(
      { rendererDir: options.rendererDir, token, port: () => port, hosts: () => hosts, log },
      request,
      response,
    ),
  );
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!isRoutine(error))
      log(`browser shell: a malformed HTTP request was refused (${error.code ?? error.message})`);
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });

  http.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!isRoutine(error)) log(`browser shell: a WebSocket upgrade failed: ${error.message}`);
    });
    const url = new URL(request.url ?? '/', 'http://shell.invalid');
    if (url.pathname !== webSocketPath) return refuseUpgrade(socket, 404, 'Not Found');
    if (!isAllowedHost(request, hosts) || !isOwnOrigin(request, hosts))
      return refuseUpgrade(socket, 403, 'Forbidden');
    if (tokenSource(request, url, token, tokenCookieName(port)) === null)
      return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (error) => log(`browser shell: HTTP server: ${error.message}`));
  port = (http.address() as AddressInfo).port;
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  hosts = allowedHosts(options.host, port, wildcard ? interfaceAddresses() : []);
  const shownHost = wildcard || options.host === 'localhost' ? '127.0.0.1' : options.host;
  const urlHost = shownHost.includes(':') ? `[${shownHost}]` : shownHost;

  return {
    url: `http://${urlHost}:${port}/?${tokenParameter}=${token}`,
    port,
    token,
    connectionCount,
    async close() {
      unbind();
      await sayStopping(wss);
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
