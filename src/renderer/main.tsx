import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app-shell';
import { ErrorBoundary } from './app/error-boundary';
import './app/theme.css';
import { LiveClientProvider } from './transport/live-client-provider';
import { pickTransport } from './transport/pick-transport';
import { SettingsProvider } from './features/settings/settings-context';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

const { bridge, connection } = pickTransport();

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <LiveClientProvider bridge={bridge} connection={connection}>
        <SettingsProvider>
          <AppShell />
        </SettingsProvider>
      </LiveClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
