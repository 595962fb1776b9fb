// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSummary } from '../../../shared/contract';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { device } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { DevicesPanel } from './devices-panel';

afterEach(cleanup);

async function renderDevices(
  devices: DeviceSummary[],
  {
    platform = 'linux',
    selected = null as DeviceSummary | null,
    onSelect = vi.fn(),
    bridge = new FakeBridge(),
  } = {},
) {
  bridge.handle('app.info', () => ({
    name: 'STM32MP Flasher',
    version: '9.9.9',
    platform,
    transport: 'browser-shell',
  }));
  renderWithClient(
    bridge,
    <DevicesPanel state={{ devices, loaded: true, error: null }} selected={selected} onSelect={onSelect} />,
  );
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
  return { onSelect };
}

describe('DevicesPanel', () => {
  it('with no board, says how to enter USB boot mode and offers a virtual board', async () => {
    await renderDevices([]);
    expect(screen.getByText(/No board found/)).toBeTruthy();
    expect(screen.getByText(/both BOOT switches off/)).toBeTruthy();
    expect(screen.getByText(/5 V \/ 3 A/)).toBeTruthy();
  });

  it('starts a virtual board of the chosen SoC, and says why when the app cannot', async () => {
    const bridge = new FakeBridge().handle('devices.addVirtual', () => ({ deviceIds: ['virtual-1'] }));
    await renderDevices([], { bridge });
    fireEvent.change(screen.getByLabelText('SoC'), { target: { value: 'mp13' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start a virtual board' }));
    });
    expect(bridge.requests.filter((r) => r.name === 'devices.addVirtual')).toEqual([
      { name: 'devices.addVirtual', payload: { soc: 'mp13' } },
    ]);
    bridge.handle('devices.addVirtual', () => {
      throw new FakeFailure('VIRTUAL_BOARD_RUNNING', 'A virtual board is already running in this app.');
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start a virtual board' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('already running');
  });

  it('warns plainly about a Full-Speed link', async () => {
    await renderDevices([device({ speed: 'full' })]);
    expect(screen.getByRole('note').textContent).toContain('Full Speed link (12 Mbit/s)');
  });

  it('shows a board that cannot be opened with the udev rule on Linux', async () => {
    await renderDevices([device({ openable: false, virtual: false })]);
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('Visible on the bus but cannot be opened.');
    expect(note.textContent).toContain('/etc/udev/rules.d/70-stm32mp-flasher.rules');
    expect(note.textContent).toContain('73-seat-late.rules');
    expect(note.textContent).toContain(
      'SUBSYSTEM=="usb", ATTRS{idVendor}=="0483", ATTRS{idProduct}=="df11", TAG+="uaccess"',
    );
  });

  it('gives the WinUSB fix on Windows instead', async () => {
    await renderDevices([device({ openable: false, virtual: false })], { platform: 'win32' });
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('WinUSB');
    expect(note.textContent).not.toContain('udev');
  });

  it('lets a board be selected with the keyboard-reachable radio, and shows its nickname', async () => {
    const bridge = new FakeBridge();
    bridge.handle('settings.get', () => ({
      settings: {
        reconnectTimeoutMs: 30_000,
        defaultBaudRate: 115_200,
        theme: 'system',
        recentLayouts: [],
        nicknames: { B2: 'left DK2' },
        wipeConsents: [],
      },
      notice: null,
      reconnectTimeoutOverrideMs: null,
    }));
    const onSelect = vi.fn();
    const boards = [device({ id: 'a', serial: 'A1' }), device({ id: 'b', serial: 'B2', soc: 'mp13' })];
    renderWithClient(
      bridge,
      <DevicesPanel
        state={{ devices: boards, loaded: true, error: null }}
        selected={boards[0] ?? null}
        onSelect={onSelect}
      />,
    );
    await act(async () => {
      for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
    });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((radio) => (radio as HTMLInputElement).checked)).toEqual([true, false]);
    expect(screen.getByText('left DK2 (STM32MP13)')).toBeTruthy();
    fireEvent.click(radios[1]!);
    expect(onSelect).toHaveBeenCalledWith('b');
  });
});
