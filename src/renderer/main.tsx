import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app-shell';
import { ErrorBoundary } from './app/error-boundary';
import './app/theme.css';
import { ClientProvider } from './transport/client-context';
import { ContractClient } from './transport/contract-client';
import { pickTransport } from './transport/pick-transport';
import { SettingsProvider } from './features/settings/settings-context';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <ClientProvider client={new ContractClient(pickTransport())}>
        <SettingsProvider>
          <AppShell />
        </SettingsProvider>
      </ClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
