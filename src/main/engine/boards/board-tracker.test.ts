import { describe, expect, it } from 'vitest';
import { FakeClock, FakeDfuTransport, fakeUbootIdentity } from '../dfu/dfu-transport.fake';
import { entry, ScriptedBackend } from '../session/scripted-backend.fake';
import { BoardTracker } from './board-tracker';

const serial = fakeUbootIdentity.serial ?? '';
/** How a board is listed on Windows and macOS by npm `usb` 2.18 before it is opened: no strings, no speed. */
const unread = { manufacturer: null, product: null, serial: null, speed: 'unknown' } as const;

async function tracked(backend: ScriptedBackend, clock = new FakeClock()) {
  const tracker = new BoardTracker({ backend, clock, retryMs: 500 });
  await tracker.start();
  return tracker;
}

describe('the board tracker', () => {
  it('lists boards in slot order with stable ids, and reads strings from the listing without opening (Linux)', async () => {
    const backend = new ScriptedBackend([
      entry('k10', { portNumbers: [10], serial: 'B' }),
      entry('k2', { portNumbers: [2], serial: 'A' }),
    ]);
    const opened: string[] = [];
    const open = backend.open.bind(backend);
    backend.open = (device) => (opened.push(device.key), open(device));
    const tracker = await tracked(backend);
    expect(tracker.summaries().map((board) => [board.id, board.slot, board.serial, board.soc])).toEqual([
      ['usb-1', '1-2', 'A', 'mp15'],
      ['usb-2', '1-10', 'B', 'mp15'],
    ]);
    expect(opened).toEqual([]);
  });

  it('on Windows and macOS opens a new device once, briefly, to read its strings, and closes it', async () => {
    const transport = new FakeDfuTransport(
      { identity: { ...fakeUbootIdentity, ...unread } },
      new FakeClock(),
    );
    const backend = new ScriptedBackend([entry('k1', unread)]);
    backend.transports.set('k1', () => transport);
    const tracker = await tracked(backend);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ serial, soc: 'mp15', speed: 'unknown', access: 'ok', state: 'idle' }),
    ]);
    expect(transport.closed).toBe(true);
    expect(transport.stringReads).toBe(3);
  });

  it('shows a device another program holds as in use, and reads it once it is free', async () => {
    const backend = new ScriptedBackend([]);
    backend.transports.set(
      'k1',
      () => new FakeDfuTransport({ identity: { ...fakeUbootIdentity, ...unread } }, new FakeClock()),
    );
    backend.busy.add('k1');
    const clock = new FakeClock();
    const tracker = await tracked(backend, clock);
    const states: string[] = [];
    tracker.onChange(() => states.push(tracker.summaries()[0]?.access ?? 'none'));
    let freed = false;
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms) => {
      if (clock.time >= 1500 && !freed) {
        freed = true;
        backend.busy.delete('k1');
      }
      return sleep(ms);
    };
    backend.present = [entry('k1', unread)];
    await tracker.settled();
    expect(states[0]).toBe('in-use');
    expect(tracker.summaries()).toEqual([expect.objectContaining({ access: 'ok', serial })]);
    expect(tracker.boards()).toHaveLength(1);
  });

  it('shows a device the host refuses as refused, with the host’s words', async () => {
    const backend = new ScriptedBackend([entry('k1', unread)]);
    backend.refused.add('k1');
    const tracker = await tracked(backend);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ access: 'refused', accessProblem: 'LIBUSB_ERROR_ACCESS', serial: null }),
    ]);
  });

  it('a board unplugged outside a run is gone after the grace, and the same board when it comes back', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const tracker = await tracked(backend);
    const [board] = tracker.boards();
    backend.present = [];
    await tracker.settled();
    expect(tracker.get(board?.id ?? '')?.state).toBe('gone');
    backend.present = [entry('k2', { serial, portNumbers: [7] })];
    await tracker.settled();
    expect(tracker.boards().map((b) => [b.id, b.state, b.slot])).toEqual([[board?.id, 'idle', '1-7']]);
  });

  it('a board in a run stays listed while it re-enumerates, and cannot be claimed by a second run', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const tracker = await tracked(backend);
    const id = tracker.boards()[0]?.id ?? '';
    expect(tracker.claim(id, 'run-1')).toBeNull();
    expect(tracker.claim(id, 'run-2')).toMatch(/already being programmed \(run run-1\)/);
    backend.present = [];
    await tracker.settled();
    tracker.setRunState(id, { expectedStage: 'tfa', secondsLeft: 29 });
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({
        id,
        state: 're-enumerating',
        reconnect: { expectedStage: 'tfa', secondsLeft: 29 },
      }),
    ]);
    tracker.release(id, 'passed');
    expect(tracker.get(id)?.runId).toBe('run-1');
    await tracker.settled();
  });

  it('a stranger on a gone board’s slot, with another serial, is a new board', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const tracker = await tracked(backend);
    backend.present = [];
    backend.present = [entry('k2', { serial: 'B' })];
    await tracker.settled();
    expect(tracker.boards().map((board) => [board.id, board.serial, board.entry?.key ?? null])).toEqual([
      ['usb-1', 'A', null],
      ['usb-2', 'B', 'k2'],
    ]);
  });
});
