// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsolePort } from '../../../shared/contract';
import { FakeBridge } from '../../test-support/fake-bridge';
import { renderWithClient } from '../../test-support/render-with-client';
import { ConsolePanel } from './console-panel';
import type { TerminalView } from './terminal-view';

/** What the fake display received, in order: plain text, markers as `[marker]`, clears as `[clear]`. */
const shown: string[] = [];
const fakeView: TerminalView = {
  write: (text) => void shown.push(text),
  writeMarker: (line) => void shown.push(`[marker]${line}`),
  clear: () => void shown.push('[clear]'),
  text: () => shown.join(''),
  findNext: (term) => shown.join('').includes(term),
  findPrevious: (term) => shown.join('').includes(term),
  setFollow: () => undefined,
  dispose: () => undefined,
};
vi.mock('./xterm-view', () => ({ createXtermView: () => fakeView }));

beforeEach(() => {
  shown.length = 0;
});
afterEach(cleanup);

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 30; turn += 1) await Promise.resolve();
  });
}

const serial = (path: string, stLink: boolean): ConsolePort => ({
  path,
  label: path,
  kind: 'serial',
  stLink,
  open: false,
});
const virtual = (path: string): ConsolePort => ({
  path,
  label: `${path} (virtual board UART)`,
  kind: 'virtual',
  stLink: false,
  open: true,
});

async function renderConsole(ports: ConsolePort[], bridge = new FakeBridge()) {
  bridge.handle('console.list', () => ({ ports }));
  renderWithClient(bridge, <ConsolePanel refreshKey={0} />);
  await settle();
  return bridge;
}

describe('ConsolePanel', () => {
  it('is a region labelled "UART console" that picks the ST-Link port first, at 115200 baud', async () => {
    const bridge = await renderConsole([
      serial('/dev/ttyUSB0', false),
      virtual('virtual-1'),
      serial('/dev/ttyACM0', true),
    ]);
    expect(screen.getByRole('region', { name: 'UART console' })).toBeTruthy();
    expect((screen.getByLabelText('Port') as HTMLSelectElement).value).toBe('/dev/ttyACM0');
    expect((screen.getByLabelText('Baud') as HTMLSelectElement).value).toBe('115200');
    expect(bridge.requestsNamed('console.open')).toEqual([{ path: '/dev/ttyACM0', baudRate: 115200 }]);
  });

  it("shows a virtual board's console when there is no ST-Link: its history, then its data, markers inline", async () => {
    const bridge = new FakeBridge().handle('console.history', () => ({ text: 'NOTICE:  BL2: v2.8\n' }));
    await renderConsole([serial('/dev/ttyUSB0', false), virtual('virtual-1')], bridge);
    expect((screen.getByLabelText('Port') as HTMLSelectElement).value).toBe('virtual-1');
    act(() =>
      bridge.emit('console.data', { consoleId: 'virtual-1', kind: 'data', text: 'U-Boot 2023.10\n' }),
    );
    act(() =>
      bridge.emit('console.data', {
        consoleId: 'virtual-1',
        kind: 'marker',
        text: '── flashing partition 0x21 boot ──',
      }),
    );
    act(() => bridge.emit('console.data', { consoleId: 'virtual-2', kind: 'data', text: 'another board\n' }));
    expect(shown).toEqual([
      '[clear]',
      'NOTICE:  BL2: v2.8\n',
      'U-Boot 2023.10\n',
      '[marker]── flashing partition 0x21 boot ──',
    ]);
    // A virtual board's UART has no baud rate.
    expect((screen.getByLabelText('Baud') as HTMLSelectElement).disabled).toBe(true);
  });

  it('holds text while paused and shows it on resume', async () => {
    const bridge = await renderConsole([virtual('virtual-1')]);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => bridge.emit('console.data', { consoleId: 'virtual-1', kind: 'data', text: 'held\n' }));
    expect(shown).not.toContain('held\n');
    expect(screen.getByText(/Paused: new text is kept/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(shown.at(-1)).toBe('held\n');
  });

  it('clears, searches and says when nothing is found', async () => {
    const bridge = await renderConsole([virtual('virtual-1')]);
    act(() => bridge.emit('console.data', { consoleId: 'virtual-1', kind: 'data', text: 'Hit any key\n' }));
    fireEvent.change(screen.getByLabelText('Find'), { target: { value: 'nowhere' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('“nowhere” not found')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(shown.at(-1)).toBe('[clear]');
  });

  it('opens a serial port at the chosen baud and closes it when another port is chosen', async () => {
    const bridge = await renderConsole([serial('/dev/ttyACM0', true), serial('/dev/ttyUSB0', false)]);
    fireEvent.change(screen.getByLabelText('Baud'), { target: { value: '921600' } });
    await settle();
    expect(bridge.requestsNamed('console.open').at(-1)).toEqual({ path: '/dev/ttyACM0', baudRate: 921600 });
    expect(bridge.requestsNamed('console.close')).toEqual([{ consoleId: '/dev/ttyACM0' }]);
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '/dev/ttyUSB0' } });
    await settle();
    expect(bridge.requestsNamed('console.open').at(-1)).toEqual({ path: '/dev/ttyUSB0', baudRate: 921600 });
    expect(bridge.requestsNamed('console.close')).toHaveLength(2);
  });

  it('shows a port another program holds as a warning', async () => {
    const bridge = new FakeBridge().handle('console.open', () => ({
      consoleId: null,
      warning: {
        code: 'CONSOLE_PORT_BUSY',
        message: '/dev/ttyACM0 is held by another program (minicom).',
        hint: 'Close it.',
      },
    }));
    await renderConsole([serial('/dev/ttyACM0', true)], bridge);
    expect(screen.getByRole('alert').textContent).toBe(
      '/dev/ttyACM0 is held by another program (minicom). Close it.',
    );
  });
});
