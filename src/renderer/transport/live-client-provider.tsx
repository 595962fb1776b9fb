import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { FlasherBridge } from '../../shared/contract';
import { ClientProvider } from './client-context';
import type { ConnectionState, ConnectionStatus } from './connection-state';
import { ContractClient } from './contract-client';

const ConnectionContext = createContext<ConnectionStatus | null>(null);

const alwaysConnected: ConnectionState = { phase: 'connected', epoch: 1 };
const noChanges = () => () => undefined;

function useSubscribe(connection: ConnectionStatus | null): (listener: () => void) => () => void {
  return useCallback(
    (listener: () => void) => (connection === null ? noChanges() : connection.subscribe(listener)),
    [connection],
  );
}

/** The connection's state as the page draws it; always "connected" in Electron. */
export function useConnectionState(): ConnectionState {
  const connection = useContext(ConnectionContext);
  return useSyncExternalStore(useSubscribe(connection), () => connection?.get() ?? alwaysConnected);
}

/** Whether the page runs over a connection that can be lost (the browser shell). */
export function useHasConnection(): boolean {
  return useContext(ConnectionContext) !== null;
}

/**
 * The contract client, made anew at each reconnection: every hook that reads `useClient()` subscribes and asks
 * for its state again (boards, layout, settings, console history, station), so what the page shows after an
 * outage is the server's, not what was left from before.
 */
export function LiveClientProvider({
  bridge,
  connection,
  children,
}: {
  bridge: FlasherBridge;
  connection: ConnectionStatus | null;
  children: ReactNode;
}) {
  const epoch = useSyncExternalStore(useSubscribe(connection), () => latestEpoch(connection));
  const { client } = useMemo(() => ({ epoch, client: new ContractClient(bridge) }), [bridge, epoch]);
  return (
    <ConnectionContext.Provider value={connection}>
      <ClientProvider client={client}>{children}</ClientProvider>
    </ConnectionContext.Provider>
  );
}

const epochs = new WeakMap<ConnectionStatus, number>();

/** The last connection's epoch, kept while lost, so the client changes only when a new connection opens. */
function latestEpoch(connection: ConnectionStatus | null): number {
  if (connection === null) return 1;
  const state = connection.get();
  if (state.phase === 'connected') epochs.set(connection, state.epoch);
  // The first connection keeps the client the page started with: its requests wait for that connection.
  return epochs.get(connection) ?? 1;
}
