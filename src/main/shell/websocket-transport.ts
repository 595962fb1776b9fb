import type { WebSocketServer } from 'ws';
import type { ContractServer } from '../services/contract-server';
import { ClientConnection, type ShellLog } from './client-connection';
import { defaultConnectionLimits, type ConnectionLimits } from './connection-limits';

/** Serves the contract on a WebSocket server: request frames in, reply and event frames out. */
export function bindWebSocketTransport(
  wss: WebSocketServer,
  server: ContractServer,
  log: ShellLog,
  limits: ConnectionLimits = defaultConnectionLimits,
): () => void {
  let nextClient = 1;
  const connections = new Set<ClientConnection>();
  wss.on('connection', (socket) => {
    const connection = new ClientConnection(socket, `websocket-${nextClient++}`, server, limits, log);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  wss.on('error', (error) => log(`browser shell: WebSocket server: ${error.message}`));
  return server.onEvent((name, payload) => {
    for (const connection of connections) {
      try {
        connection.sendEvent(name, payload);
      } catch (error) {
        // An event comes from a run or a console: a client's trouble must never reach them.
        log(`browser shell: an event was not sent: ${String(error)}`);
      }
    }
  });
}
