// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StationView as View } from '../../../shared/station';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { slot, stationView } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { StationView } from './station-view';
import { useStation } from './use-station';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

/** The station as the app wires it: the live view from the bridge. */
function LiveStation({ locked, onLeave }: { locked: boolean; onLeave: () => void }) {
  const station = useStation();
  if (station.view === null) return <p>No station</p>;
  return <StationView station={station} view={station.view} locked={locked} onLeave={onLeave} />;
}

async function renderStation(view: View, { locked = false, bridge = new FakeBridge() } = {}) {
  bridge.handle('station.get', () => ({ view }));
  const onLeave = vi.fn();
  renderWithClient(bridge, <LiveStation locked={locked} onLeave={onLeave} />);
  await settle();
  return { bridge, onLeave };
}

const tile = (name: string) => screen.getByRole('region', { name });
const word = (name: string) => tile(name).querySelector('.slot-word')?.textContent;

const everyState = stationView({
  slots: [
    slot({ name: 'Slot 1', state: 'idle' }),
    slot({ name: 'Slot 2', state: 'waiting' }),
    slot({
      name: 'Slot 3',
      state: 'programming',
      percent: 43.6,
      boardId: 'b3',
      serial: 'SER3',
      elapsedMs: 65_000,
    }),
    slot({ name: 'Slot 4', state: 're-enumerating', secondsLeft: 12, boardId: 'b4', elapsedMs: 3000 }),
    slot({ name: 'Slot 5', state: 'passed', boardId: 'b5', serial: 'SER5', elapsedMs: 90_000 }),
    slot({
      name: 'Slot 6',
      state: 'failed',
      boardId: 'b6',
      serial: 'SER6',
      elapsedMs: 42_000,
      code: 'DEVICE_NEVER_RETURNED',
      hint: 'Check the USB cable and the boot switches.\nThen power the board off and on.',
    }),
  ],
});

describe('StationView', () => {
  it('shows each slot’s state in one word on the state’s colour', async () => {
    await renderStation(everyState);
    expect(word('Slot 1')).toBe('Idle');
    expect(word('Slot 2')).toBe('Waiting for board');
    expect(word('Slot 3')).toBe('Programming 43 %');
    expect(word('Slot 4')).toBe('Re-enumerating 12 s');
    expect(word('Slot 5')).toBe('PASS');
    expect(word('Slot 6')).toBe('FAIL');
    expect(tile('Slot 5').className).toContain('slot-passed');
    expect(tile('Slot 6').className).toContain('slot-failed');
    expect(tile('Slot 3').className).toContain('slot-programming');
    expect(tile('Slot 1').className).toContain('slot-idle');
    // Six tiles fill the window as three columns of two rows.
    const grid = screen.getByRole('main');
    expect(grid.style.gridTemplateColumns).toBe('repeat(3, minmax(0, 1fr))');
    expect(grid.style.gridTemplateRows).toBe('repeat(2, minmax(0, 1fr))');
  });

  it('on FAIL shows the diagnosis code and only the first hint; on PASS the serial and time, no diagnosis', async () => {
    await renderStation(everyState);
    const failed = within(tile('Slot 6'));
    expect(failed.getByText('DEVICE_NEVER_RETURNED')).toBeTruthy();
    expect(failed.getByText('Check the USB cable and the boot switches.')).toBeTruthy();
    expect(failed.queryByText(/power the board off/)).toBeNull();
    expect(failed.getByText('SER6')).toBeTruthy();
    expect(failed.getByText('00:42')).toBeTruthy();
    const passed = within(tile('Slot 5'));
    expect(passed.getByText('SER5')).toBeTruthy();
    expect(passed.getByText('01:30')).toBeTruthy();
    expect(tile('Slot 5').querySelector('.slot-diagnosis')).toBeNull();
    expect(within(tile('Slot 1')).getByText('No board')).toBeTruthy();
  });

  it('counts elapsed time on while a slot runs, and not once it is over', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await renderStation(everyState);
    expect(within(tile('Slot 3')).getByText('01:05')).toBeTruthy();
    await act(async () => {
      vi.advanceTimersByTime(3000);
    });
    expect(within(tile('Slot 3')).getByText('01:08')).toBeTruthy();
    expect(word('Slot 4')).toBe('Re-enumerating 9 s');
    expect(within(tile('Slot 5')).getByText('01:30')).toBeTruthy();
  });

  it('Program all and a slot’s Program ask the station, and a running slot’s Program waits', async () => {
    const { bridge } = await renderStation(everyState);
    bridge.handle('station.programAll', () => ({ started: 3 }));
    bridge.handle('station.programSlot', () => ({ started: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Program all' }));
    fireEvent.click(screen.getByRole('button', { name: 'Program Slot 5' }));
    await settle();
    expect(bridge.requestsNamed('station.programAll')).toEqual([{}]);
    expect(bridge.requestsNamed('station.programSlot')).toEqual([{ slot: 'Slot 5' }]);
    const disabled = (name: string) =>
      (screen.getByRole('button', { name: `Program ${name}` }) as HTMLButtonElement).disabled;
    expect(disabled('Slot 3')).toBe(true);
    expect(disabled('Slot 4')).toBe(true);
    expect(disabled('Slot 1')).toBe(false);
    expect(disabled('Slot 6')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failed request, and says so when Program all started nothing', async () => {
    const { bridge } = await renderStation(stationView());
    bridge.handle('station.programSlot', () => {
      throw new FakeFailure('NO_SUCH_SLOT', 'There is no slot named Slot 1.');
    });
    bridge.handle('station.programAll', () => ({ started: 0 }));
    fireEvent.click(screen.getByRole('button', { name: 'Program Slot 1' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('There is no slot named Slot 1.');
    fireEvent.click(screen.getByRole('button', { name: 'Program all' }));
    await settle();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('No slot had a board ready to program.')).toBeTruthy();
  });

  it('draws every station.changed', async () => {
    const { bridge } = await renderStation(stationView());
    expect(word('Slot 2')).toBe('Idle');
    act(() =>
      bridge.emit('station.changed', {
        view: stationView({
          slots: [slot({ name: 'Slot 2', state: 'passed', serial: 'NEW2', elapsedMs: 27_000 })],
          counters: { passed: 7, failed: 1, yield: 0.875, boardsPerHour: 212.4 },
        }),
      }),
    );
    expect(word('Slot 2')).toBe('PASS');
    expect(within(tile('Slot 2')).getByText('NEW2')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Slot 1' })).toBeNull();
    const counters = within(screen.getByLabelText('Counters'));
    expect(counters.getByText('7')).toBeTruthy();
    expect(counters.getByText('87.5 %')).toBeTruthy();
    expect(counters.getByText('212')).toBeTruthy();
  });

  it('unlocked: auto mode switches through the station, and the desk is a click away', async () => {
    const { bridge, onLeave } = await renderStation(stationView(), { locked: false });
    bridge.handle('station.setAuto', ({ on }) => ({ auto: on }));
    const auto = screen.getByRole('switch', { name: 'Auto mode' }) as HTMLInputElement;
    expect(auto.checked).toBe(false);
    fireEvent.click(auto);
    await settle();
    expect(bridge.requestsNamed('station.setAuto')).toEqual([{ on: true }]);
    expect(auto.checked).toBe(true);
    expect(screen.queryByText('Locked')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to the desk' }));
    expect(onLeave).toHaveBeenCalledOnce();
  });

  it('locked: says so, keeps auto mode as it is and offers no way to the desk', async () => {
    const { bridge } = await renderStation(stationView({ auto: true }), { locked: true });
    expect(screen.getByRole('status', { name: 'Locked' })).toBeTruthy();
    const auto = screen.getByRole('switch', { name: 'Auto mode' }) as HTMLInputElement;
    expect(auto.disabled).toBe(true);
    expect(auto.checked).toBe(true);
    fireEvent.click(auto);
    await settle();
    expect(bridge.requestsNamed('station.setAuto')).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Back to the desk' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Program all' })).toBeTruthy();
  });

  it('teaching the slots (unlocked): Teach slots asks for it; while teaching, the next slot is named and Done ends it', async () => {
    const bridge = new FakeBridge();
    await renderStation(everyState, { bridge });
    fireEvent.click(screen.getByRole('button', { name: 'Teach slots' }));
    await settle();
    expect(bridge.requestsNamed('station.teach')).toEqual([{ on: true }]);
    cleanup();
    const teaching = new FakeBridge();
    await renderStation({ ...everyState, teaching: true }, { bridge: teaching });
    expect(screen.getByRole('status', { name: '' }).textContent ?? '').toMatch(
      new RegExp(`becomes Slot ${everyState.slots.length + 1} next`),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Done teaching' }));
    await settle();
    expect(teaching.requestsNamed('station.teach')).toEqual([{ on: false }]);
    cleanup();
    await renderStation(everyState, { locked: true });
    expect(screen.queryByRole('button', { name: 'Teach slots' })).toBeNull();
  });

  it('names every control, and gives the progress bar its value', async () => {
    await renderStation(everyState);
    const buttons = screen.getAllByRole('button');
    // Program all, one Program per slot, Teach slots and Back to the desk (unlocked).
    expect(buttons).toHaveLength(1 + everyState.slots.length + 2);
    expect(screen.getAllByRole('button', { name: /\S/ })).toHaveLength(buttons.length);
    for (const { name } of everyState.slots)
      expect(screen.getByRole('button', { name: `Program ${name}` }).textContent).toBe('Program');
    const bars = screen.getAllByRole('progressbar');
    expect(bars).toHaveLength(1);
    const bar = screen.getByRole('progressbar', { name: 'Slot 3 progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('43');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(screen.getByRole('heading', { level: 1, name: everyState.name })).toBeTruthy();
    expect(screen.getAllByRole('region')).toHaveLength(everyState.slots.length);
    expect(within(screen.getByRole('main')).getAllByRole('region')).toHaveLength(everyState.slots.length);
  });

  it('shows why the station could not be read', async () => {
    const bridge = new FakeBridge().handle('station.get', () => {
      throw new FakeFailure('NO_STATION', 'This app was not started as a station.');
    });
    const failures: (string | null)[] = [];
    function Probe() {
      const station = useStation();
      failures.push(station.error);
      return null;
    }
    renderWithClient(bridge, <Probe />);
    await settle();
    expect(failures.at(-1)).toContain('This app was not started as a station.');
  });
});
