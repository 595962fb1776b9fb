import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SettingsProvider } from '../features/settings/settings-context';
import { ClientProvider } from '../transport/client-context';
import { ContractClient } from '../transport/contract-client';
import type { FakeBridge } from './fake-bridge';

/**
 * Renders a panel as the app does: over one contract client, inside the settings. `rerender` keeps both
 * (the panel gets new props, as when the board list changes).
 */
export function renderWithClient(bridge: FakeBridge, ui: ReactNode): RenderResult {
  const client = new ContractClient(bridge);
  return render(ui, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <ClientProvider client={client}>
        <SettingsProvider>{children}</SettingsProvider>
      </ClientProvider>
    ),
  });
}
