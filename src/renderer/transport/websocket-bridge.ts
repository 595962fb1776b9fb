import { isEventName, type FlasherBridge } from '../../shared/contract';
import {
  serverFrameSchema,
  tokenParameter,
  webSocketPath,
  type ClientFrame,
} from '../../shared/contract/wire';
import { errorData } from '../../shared/errors';

/** The browser shell's side of the contract: the same bridge the preload exposes, over a WebSocket. */
export function createWebSocketBridge(
  location: Pick<Location, 'protocol' | 'host' | 'search'>,
): FlasherBridge {
  const token = new URLSearchParams(location.search).get(tokenParameter) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(
    `${scheme}//${location.host}${webSocketPath}?${tokenParameter}=${encodeURIComponent(token)}`,
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('close', () => reject(new Error('closed')), { once: true });
  });
  opened.catch(() => undefined);
  const pending = new Map<number, (reply: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message: MessageEvent<unknown>) => {
    const frame = serverFrameSchema.safeParse(
      typeof message.data === 'string' ? JSON.parse(message.data) : null,
    );
    if (!frame.success) return;
    if (frame.data.kind === 'reply') {
      pending.get(frame.data.id)?.(frame.data.reply);
      pending.delete(frame.data.id);
    } else {
      for (const listener of listeners.get(frame.data.name) ?? []) listener(frame.data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: errorData('TRANSPORT_CLOSED') });
    pending.clear();
  });

  return {
    async request(name, payload) {
      try {
        await opened;
      } catch {
        return { ok: false, error: errorData('TRANSPORT_CLOSED') };
      }
      const id = nextId++;
      const frame: ClientFrame = { kind: 'request', id, name, payload };
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify(frame));
      });
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
}
