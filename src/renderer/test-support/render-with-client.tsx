import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SettingsProvider } from '../features/settings/settings-context';
import { ClientProvider } from '../transport/client-context';
import { ContractClient } from '../transport/contract-client';
import type { FakeBridge } from './fake-bridge';

/** Renders a panel as the app does: over one contract client, inside the settings. */
export function renderWithClient(bridge: FakeBridge, ui: ReactNode): RenderResult {
  return render(
    <ClientProvider client={new ContractClient(bridge)}>
      <SettingsProvider>{ui}</SettingsProvider>
    </ClientProvider>,
  );
}
