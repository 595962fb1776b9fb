import type { WebSocketServer } from 'ws';
import type { ContractServer } from '../services/contract-server';
import { ClientConnection, type ShellLog } from './client-connection';
import { defaultConnectionLimits, type ConnectionLimits } from './connection-limits';

export interface WebSocketTransportBinding {
  /** Stops sending the server's events. */
  readonly unbind: () => void;
  /** The connections events go to now: each leaves as its socket closes. */
  readonly connectionCount: () => number;
}

/** Serves the contract on a WebSocket server: request frames in, reply and event frames out. */
export function bindWebSocketTransport(
  wss: WebSocketServer,
  server: ContractServer,
  log: ShellLog,
  limits: ConnectionLimits = defaultConnectionLimits,
): WebSocketTransportBinding {
  let nextClient = 1;
  const connections = new Set<ClientConnection>();
  wss.on('connection', (socket) => {
    const connection = new ClientConnection(socket, `websocket-${nextClient++}`, server, limits, log);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  wss.on('error', (error) => log(`browser shell: WebSocket server: ${error.message}`));
  const unbind = server.onEvent((name, payload) => {
    for (const connection of connections) {
      try {
        connection.sendEvent(name, payload);
      } catch (error) {
        // An event comes from a run or a console: a client's trouble must never reach them.
        log(`browser shell: an event was not sent: ${String(error)}`);
      }
    }
  });
  return { unbind, connectionCount: () => connections.size };
}
