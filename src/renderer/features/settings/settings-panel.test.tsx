// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/contract';
import { useTheme } from '../../app/use-theme';
import { FakeBridge } from '../../test-support/fake-bridge';
import { board } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { useSettings } from './settings-context';
import { SettingsPanel } from './settings-panel';

afterEach(cleanup);

function Themed() {
  useTheme(useSettings().settings.theme);
  return <SettingsPanel boards={[board({ serial: 'ABC123' })]} />;
}

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

describe('SettingsPanel', () => {
  it('shows the notice of a settings file that was set aside, outside the folded settings', async () => {
    const bridge = new FakeBridge().handle('settings.get', () => ({
      settings: defaultSettings,
      notice: 'The settings file /x/settings.json could not be used (Unexpected end of JSON input).',
      reconnectTimeoutOverrideMs: 3000,
    }));
    renderWithClient(bridge, <Themed />);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('could not be used');
    expect(screen.getByText(/started with --reconnect-timeout 3000/)).toBeTruthy();
  });

  it('applies the theme to the page and stores it', async () => {
    const bridge = new FakeBridge();
    renderWithClient(bridge, <Themed />);
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await settle();
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(bridge.requestsNamed('settings.update')).toEqual([{ theme: 'dark' }]);
    fireEvent.click(screen.getByRole('radio', { name: 'As the system' }));
    await settle();
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it('stores the reconnect timeout in ms, the baud rate, and a board nickname by serial', async () => {
    const bridge = new FakeBridge();
    renderWithClient(bridge, <Themed />);
    await settle();
    fireEvent.change(screen.getByLabelText('Reconnect timeout (s)'), { target: { value: '45' } });
    fireEvent.change(screen.getByLabelText('Console baud rate'), { target: { value: '921600' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    fireEvent.change(screen.getByLabelText('ABC123'), { target: { value: 'bench DK2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await settle();
    expect(bridge.requestsNamed('settings.update')).toEqual([
      { reconnectTimeoutMs: 45_000, defaultBaudRate: 921_600 },
      { nicknames: { ABC123: 'bench DK2' } },
    ]);
  });
});
