import { isEventName, type FlasherBridge } from '../../shared/contract';
import { tokenParameter, webSocketPath, type ClientFrame } from '../../shared/contract/wire';
import { errorData } from '../../shared/errors';
import {
  defaultConnectionTiming,
  systemClock,
  type ConnectionClock,
  type ConnectionStatus,
  type ConnectionTiming,
} from './connection-state';
import { ReconnectingLink, type SocketOpener } from './reconnecting-link';

export interface WebSocketTransport {
  readonly bridge: FlasherBridge;
  readonly connection: ConnectionStatus;
}

export interface WebSocketBridgeOptions {
  readonly open?: SocketOpener;
  readonly clock?: ConnectionClock;
  readonly timing?: ConnectionTiming;
}

/** The browser's WebSocket behind the link's small socket interface. */
export const openBrowserSocket: SocketOpener = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => handlers.onOpen());
  socket.addEventListener('message', (message: MessageEvent<unknown>) => {
    if (typeof message.data === 'string') handlers.onMessage(message.data);
  });
  socket.addEventListener('close', (event: CloseEvent) => handlers.onClose(event.code));
  return { send: (text) => socket.send(text), close: () => socket.close() };
};

/**
 * The browser shell's side of the contract: the same bridge the preload exposes, over a WebSocket that
 * reconnects by itself (with the same token, or the cookie it set). A request waits for the first
 * connection; while the connection is lost every request fails at once (CONNECTION_LOST, or APP_STOPPED),
 * and those waiting for an answer fail the moment it is lost, so nothing on the page spins forever.
 * Listeners stay across reconnections: the server sends every event to every page.
 */
export function createWebSocketBridge(
  location: Pick<Location, 'protocol' | 'host' | 'search'>,
  options: WebSocketBridgeOptions = {},
): WebSocketTransport {
  const token = new URLSearchParams(location.search).get(tokenParameter) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}${webSocketPath}?${tokenParameter}=${encodeURIComponent(token)}`;
  const pending = new Map<number, (reply: unknown) => void>();
  const waiting = new Set<() => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  const failure = () => ({
    ok: false,
    error: errorData(link.get().phase === 'stopped' ? 'APP_STOPPED' : 'CONNECTION_LOST'),
  });
  const link = new ReconnectingLink(
    url,
    options.open ?? openBrowserSocket,
    options.clock ?? systemClock,
    options.timing ?? defaultConnectionTiming,
    {
      onFrame(frame) {
        if (frame.kind === 'reply') {
          pending.get(frame.id)?.(frame.reply);
          pending.delete(frame.id);
        } else {
          for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload);
        }
      },
      onDown() {
        const lost = { ok: false, error: errorData('CONNECTION_LOST') };
        for (const resolve of pending.values()) resolve(lost);
        pending.clear();
      },
    },
  );
  // Requests made before the first connection wait for it, and are sent (or failed) once it is decided.
  link.subscribe(() => {
    if (link.get().phase === 'connecting') return;
    for (const wake of [...waiting]) wake();
    waiting.clear();
  });

  const send = (name: string, payload: unknown): Promise<unknown> => {
    const id = nextId++;
    const frame: ClientFrame = { kind: 'request', id, name, payload };
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (!link.send(frame)) {
        pending.delete(id);
        resolve(failure());
      }
    });
  };

  const bridge: FlasherBridge = {
    request(name, payload) {
      if (link.get().phase !== 'connecting') return send(name, payload);
      return new Promise<void>((wake) => waiting.add(wake)).then(() => send(name, payload));
    },
    subscribe(name, listener) {
      if (!isEventName(name)) throw new TypeError(`Unknown event ${String(name)}`);
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => {
        set.delete(listener);
      };
    },
    pathForFile: () => null,
  };
  return { bridge, connection: link };
}
