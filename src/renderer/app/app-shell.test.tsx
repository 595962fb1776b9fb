// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../shared/contract';
import { FakeBridge } from '../test-support/fake-bridge';
import { stationView } from '../test-support/fixtures';
import { renderWithClient } from '../test-support/render-with-client';
import { AppShell } from './app-shell';

// The desk's console draws with xterm.js, which jsdom cannot host: a display that shows nothing.
vi.mock('../features/console/xterm-view', () => ({
  createXtermView: () => ({
    write: () => undefined,
    writeMarker: () => undefined,
    clear: () => undefined,
    text: () => '',
    findNext: () => false,
    findPrevious: () => false,
    setFollow: () => undefined,
    dispose: () => undefined,
  }),
}));

afterEach(cleanup);

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

function stationBridge({ unlocked }: { unlocked: boolean }): FakeBridge {
  return new FakeBridge()
    .handle('station.get', () => ({ view: stationView({ name: 'Line 2' }) }))
    .handle('settings.get', () => ({
      settings: { ...defaultSettings, stationUnlocked: unlocked },
      notice: null,
      reconnectTimeoutOverrideMs: null,
    }));
}

const desk = () => screen.queryByRole('heading', { name: 'Boards' });
const station = () => screen.queryByRole('heading', { level: 1, name: 'Line 2' });

describe('AppShell', () => {
  it('shows the desk when the app was not started as a station', async () => {
    renderWithClient(new FakeBridge(), <AppShell />);
    await settle();
    expect(desk()).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Station view' })).toBeNull();
  });

  it('started as a station and locked: the station view, with no way to the desk', async () => {
    renderWithClient(stationBridge({ unlocked: false }), <AppShell />);
    await settle();
    expect(station()).toBeTruthy();
    expect(desk()).toBeNull();
    expect(screen.getByRole('status', { name: 'Locked' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Back to the desk' })).toBeNull();
    expect((screen.getByRole('switch', { name: 'Auto mode' }) as HTMLInputElement).disabled).toBe(true);
  });

  it('unlocked in settings: the desk and back', async () => {
    renderWithClient(stationBridge({ unlocked: true }), <AppShell />);
    await settle();
    expect((screen.getByRole('switch', { name: 'Auto mode' }) as HTMLInputElement).disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the desk' }));
    await settle();
    expect(desk()).toBeTruthy();
    expect(station()).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Station view' }));
    await settle();
    expect(station()).toBeTruthy();
    expect(desk()).toBeNull();
  });

  it('locked again while at the desk: back to the station view', async () => {
    const bridge = stationBridge({ unlocked: true });
    renderWithClient(bridge, <AppShell />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Back to the desk' }));
    await settle();
    expect(desk()).toBeTruthy();
    act(() =>
      bridge.emit('settings.changed', {
        settings: { ...defaultSettings, stationUnlocked: false },
        notice: null,
        reconnectTimeoutOverrideMs: null,
      }),
    );
    expect(station()).toBeTruthy();
    expect(desk()).toBeNull();
  });

  it('the settings checkbox unlocks a locked station, and stores it', async () => {
    const bridge = stationBridge({ unlocked: false });
    renderWithClient(bridge, <AppShell />);
    await settle();
    const unlock = screen.getByRole('checkbox', { name: 'Unlock the station view' }) as HTMLInputElement;
    expect(unlock.checked).toBe(false);
    fireEvent.click(unlock);
    await settle();
    expect(bridge.requestsNamed('settings.update')).toEqual([{ stationUnlocked: true }]);
    expect(screen.queryByRole('status', { name: 'Locked' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Back to the desk' })).toBeTruthy();
    expect((screen.getByRole('switch', { name: 'Auto mode' }) as HTMLInputElement).disabled).toBe(false);
  });
});
