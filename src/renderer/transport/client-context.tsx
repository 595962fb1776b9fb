import { createContext, useContext, type ReactNode } from 'react';
import type { ContractClient } from './contract-client';

const ClientContext = createContext<ContractClient | null>(null);

export function ClientProvider({ client, children }: { client: ContractClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ContractClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient outside ClientProvider');
  return client;
}
