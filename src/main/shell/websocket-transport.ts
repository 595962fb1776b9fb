import type { WebSocket, WebSocketServer } from 'ws';
import { clientFrameSchema, type ServerFrame } from '../../shared/contract/wire';
import { errorData } from '../../shared/errors';
import type { ContractServer } from '../services/contract-server';

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

function requestIdOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = value.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/** Serves the contract on a WebSocket server: request frames in, reply and event frames out. */
export function bindWebSocketTransport(wss: WebSocketServer, server: ContractServer): () => void {
  let nextClient = 1;
  wss.on('connection', (socket) => {
    const clientId = `websocket-${nextClient++}`;
    socket.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        raw = undefined;
      }
      const frame = clientFrameSchema.safeParse(raw);
      if (!frame.success) {
        const id = requestIdOf(raw);
        const reply = { ok: false, error: errorData('BAD_REQUEST', 'The message is not a request frame.') };
        if (id === null) socket.close(1008, 'Not a request frame');
        else send(socket, { kind: 'reply', id, reply });
        return;
      }
      const { id, name, payload } = frame.data;
      void server
        .handle(name, payload, { transport: 'browser-shell', clientId })
        .then((reply) => send(socket, { kind: 'reply', id, reply }));
    });
  });
  return server.onEvent((name, payload) => {
    for (const socket of wss.clients) send(socket, { kind: 'event', name, payload });
  });
}
