import { describe, expect, it } from 'vitest';
import { FakeClock, FakeDfuTransport, fakeUbootIdentity } from '../dfu/dfu-transport.fake';
import { UsbError } from '../../usb/usb-error';
import type { Clock } from '../dfu/clock';
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

/** Lets everything already started (reads, assignments, listeners) run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that moves only when the test says: sleepers wake in time order, each with what it starts let run. */
class ManualClock implements Clock {
  time = 0;
  #sleepers: { at: number; wake: () => void }[] = [];

  now(): number {
    return this.time;
  }

  /** Sleeps and timers not yet due. */
  get waiting(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      const sleeper = { at: this.time + ms, wake: resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.time + ms, wake: callback };
    this.#sleepers.push(timer);
    return () => {
      this.#sleepers = this.#sleepers.filter((other) => other !== timer);
    };
  }

  async advanceTo(to: number): Promise<void> {
    await flush();
    for (;;) {
      const next = this.#sleepers.filter((s) => s.at <= to).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.#sleepers = this.#sleepers.filter((other) => other !== next);
      this.time = Math.max(this.time, next.at);
      next.wake();
      await flush();
    }
    this.time = to;
    await flush();
  }
}

/** A tracker on a manual clock over a scripted bus, started (not waiting for reads that retry). */
async function manual(backend: ScriptedBackend, options: { goneGraceMs?: number } = {}) {
  const clock = new ManualClock();
  const tracker = new BoardTracker({ backend, clock, ...options });
  void tracker.start();
  await flush();
  return { clock, tracker };
}

const states = (tracker: BoardTracker) => tracker.boards().map((board) => [board.id, board.state]);
const refusedWithHint = (hint: string) =>
  Object.assign(new UsbError('access', 'LIBUSB_ERROR_ACCESS'), { hint });

describe('the board tracker: rows, lookups and changes', () => {
  it('lists boards in slot order whatever order they arrive in, and finds each by id and by enumeration', async () => {
    const backend = new ScriptedBackend([]);
    const tracker = await tracked(backend);
    backend.present = [entry('k10', { portNumbers: [10], serial: 'B' })];
    backend.present = [...backend.present, entry('k2', { portNumbers: [2], serial: 'A' })];
    await tracker.settled();
    expect(tracker.boards().map((board) => [board.id, board.slot])).toEqual([
      ['usb-2', '1-2'],
      ['usb-1', '1-10'],
    ]);
    expect(tracker.get('usb-2')?.serial).toBe('A');
    expect(tracker.get('usb-1')?.serial).toBe('B');
    expect(tracker.get('usb-3')).toBeUndefined();
    expect(tracker.boardOfEntry('k2')?.id).toBe('usb-2');
    expect(tracker.boardOfEntry('k10')?.id).toBe('usb-1');
    expect(tracker.boardOfEntry('k7')).toBeUndefined();
    backend.present = [entry('k2', { portNumbers: [2], serial: 'A' })];
    expect(tracker.boardOfEntry('k10')).toBeUndefined();
    expect(tracker.get('usb-2')?.entry?.key).toBe('k2');
  });

  it('two boards that used one slot are listed in the order they were first seen', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const { clock, tracker } = await manual(backend);
    await clock.advanceTo(100);
    backend.present = [];
    await clock.advanceTo(3000);
    backend.present = [entry('k2', { serial: 'B' })];
    await clock.advanceTo(3100);
    expect(tracker.boards().map((board) => [board.serial, board.slot, board.firstSeenAt])).toEqual([
      ['A', '1-2', 0],
      ['B', '1-2', 3000],
    ]);
  });

  it('a listener that unsubscribed hears nothing more', async () => {
    const backend = new ScriptedBackend([]);
    const tracker = await tracked(backend);
    let heard = 0;
    const stop = tracker.onChange(() => (heard += 1));
    backend.present = [entry('k1')];
    await tracker.settled();
    const before = heard;
    expect(before).toBeGreaterThan(0);
    stop();
    backend.present = [];
    await tracker.settled();
    expect(heard).toBe(before);
  });

  it('nextChange wakes at the next change, rejects at once on abort, and leaves no timer behind', async () => {
    const backend = new ScriptedBackend([]);
    const { clock, tracker } = await manual(backend);
    let woke = false;
    const waiting = tracker.nextChange(10_000).then(() => (woke = true));
    await flush();
    expect(clock.waiting).toBe(1);
    backend.present = [entry('k1')];
    await waiting;
    expect(woke).toBe(true);
    expect(clock.now()).toBe(0);
    expect(clock.waiting).toBe(0);

    const controller = new AbortController();
    const reason = new Error('cancelled');
    let outcome: unknown = 'pending';
    const aborted = tracker
      .nextChange(10_000, controller.signal)
      .catch((error: unknown) => (outcome = error));
    await flush();
    controller.abort(reason);
    await flush();
    expect(outcome).toBe(reason);
    await aborted;
    expect(clock.waiting).toBe(0);
  });
});

describe('the board tracker: runs claim, wait on and release boards', () => {
  it('says why a board cannot be claimed: unknown, already in a run (even while it re-enumerates), off the bus', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: 'A' }),
      entry('k2', { serial: 'B', portNumbers: [3] }),
    ]);
    const tracker = await tracked(backend);
    expect(tracker.claim('usb-9', 'run-1')).toBe('there is no board usb-9');
    expect(tracker.claim('usb-2', 'run-2')).toBeNull();
    expect(states(tracker)).toEqual([
      ['usb-1', 'idle'],
      ['usb-2', 'programming'],
    ]);
    tracker.setRunState('usb-2', { expectedStage: 'tfa', secondsLeft: 10 });
    expect(tracker.claim('usb-2', 'run-3')).toBe('board usb-2 is already being programmed (run run-2)');
    backend.present = [entry('k2', { serial: 'B', portNumbers: [3] })];
    expect(tracker.claim('usb-1', 'run-4')).toBe('board usb-1 is not on the bus');
    expect(tracker.get('usb-1')?.state).toBe('idle');
  });

  it('a run’s countdown shows only on its own board, and only while a run holds it', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: 'A' }),
      entry('k2', { serial: 'B', portNumbers: [3] }),
    ]);
    const tracker = await tracked(backend);
    tracker.setRunState('usb-1', { expectedStage: 'tfa', secondsLeft: 10 });
    tracker.setRunState('usb-9', { expectedStage: 'tfa', secondsLeft: 10 });
    expect(tracker.claim('usb-2', 'run-1')).toBeNull();
    tracker.setRunState('usb-2', { expectedStage: 'tfa', secondsLeft: 10 });
    expect(tracker.summaries().map((board) => [board.id, board.state, board.reconnect])).toEqual([
      ['usb-1', 'idle', null],
      ['usb-2', 're-enumerating', { expectedStage: 'tfa', secondsLeft: 10 }],
    ]);
    tracker.setRunState('usb-2', null);
    expect(tracker.get('usb-2')).toMatchObject({ state: 'programming', reconnect: null });
  });

  it('release shows the outcome on that board only; a board released off the bus is gone after the grace', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: 'A' }),
      entry('k2', { serial: 'B', portNumbers: [3] }),
    ]);
    const { clock, tracker } = await manual(backend);
    tracker.claim('usb-1', 'run-1');
    tracker.claim('usb-2', 'run-2');
    tracker.setRunState('usb-2', { expectedStage: 'tfa', secondsLeft: 3 });
    tracker.release('usb-9', 'failed');
    tracker.release('usb-1', 'passed');
    expect(states(tracker)).toEqual([
      ['usb-1', 'passed'],
      ['usb-2', 're-enumerating'],
    ]);
    backend.present = [entry('k1', { serial: 'A' })];
    await clock.advanceTo(5000);
    expect(tracker.get('usb-2')?.state).toBe('re-enumerating');
    tracker.release('usb-2', 'failed');
    expect(tracker.get('usb-2')).toMatchObject({ state: 'failed', reconnect: null });
    await clock.advanceTo(6999);
    expect(tracker.get('usb-2')?.state).toBe('failed');
    await clock.advanceTo(7000);
    expect(states(tracker)).toEqual([
      ['usb-1', 'passed'],
      ['usb-2', 'gone'],
    ]);
  });

  it('a claimed board that comes back before its run shows the countdown is still programming', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const tracker = await tracked(backend);
    tracker.claim('usb-1', 'run-1');
    backend.present = [];
    backend.present = [entry('k2', { serial: 'A' })];
    await tracker.settled();
    expect(tracker.get('usb-1')).toMatchObject({ state: 'programming', entry: { key: 'k2' } });
  });

  for (const inRun of ['programming', 're-enumerating'] as const) {
    it(`a board that leaves, comes back and is claimed within the grace is never shown gone during the run (${inRun})`, async () => {
      const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
      const { clock, tracker } = await manual(backend);
      backend.present = [];
      backend.present = [entry('k2', { serial: 'A' })];
      await flush();
      expect(tracker.claim('usb-1', 'run-1')).toBeNull();
      if (inRun === 're-enumerating') tracker.setRunState('usb-1', { expectedStage: 'tfa', secondsLeft: 30 });
      backend.present = [];
      await clock.advanceTo(10_000);
      expect(tracker.get('usb-1')).toMatchObject({ state: inRun, entry: null });
    });

    it(`a run that fails while its board is away shows failed for the whole grace after the run ends (${inRun})`, async () => {
      const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
      const { clock, tracker } = await manual(backend);
      tracker.claim('usb-1', 'run-1');
      if (inRun === 're-enumerating') tracker.setRunState('usb-1', { expectedStage: 'tfa', secondsLeft: 30 });
      await clock.advanceTo(100);
      backend.present = [];
      await clock.advanceTo(1500);
      tracker.release('usb-1', 'failed');
      await clock.advanceTo(3499);
      expect(tracker.get('usb-1')?.state).toBe('failed');
      await clock.advanceTo(3500);
      expect(tracker.get('usb-1')?.state).toBe('gone');
    });
  }

  it('a board in a run that comes back keeps the run’s state', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const tracker = await tracked(backend);
    tracker.claim('usb-1', 'run-1');
    backend.present = [];
    tracker.setRunState('usb-1', { expectedStage: 'tfa', secondsLeft: 20 });
    backend.present = [entry('k2', { serial: 'A', portNumbers: [4] })];
    await tracker.settled();
    expect(tracker.get('usb-1')).toMatchObject({ state: 're-enumerating', matchedBy: 'serial', arrivals: 2 });
  });
});

describe('the board tracker: leaving the bus', () => {
  it('a board unplugged outside a run is gone after 2 s by default, and never while a run holds it', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: 'A' }),
      entry('k2', { serial: 'B', portNumbers: [3] }),
    ]);
    const { clock, tracker } = await manual(backend);
    tracker.claim('usb-2', 'run-1');
    await clock.advanceTo(100);
    backend.present = [];
    expect(tracker.get('usb-1')?.leftAt).toBe(100);
    await clock.advanceTo(2099);
    expect(states(tracker)).toEqual([
      ['usb-1', 'idle'],
      ['usb-2', 'programming'],
    ]);
    await clock.advanceTo(2100);
    expect(states(tracker)).toEqual([
      ['usb-1', 'gone'],
      ['usb-2', 'programming'],
    ]);
    await clock.advanceTo(60_000);
    expect(tracker.get('usb-2')?.state).toBe('programming');
  });

  it('unplugging one board leaves the others on the bus', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: 'A' }),
      entry('k2', { serial: 'B', portNumbers: [3] }),
    ]);
    const tracker = await tracked(backend);
    backend.present = [entry('k1', { serial: 'A' })];
    await tracker.settled();
    expect(tracker.boards().map((board) => [board.id, board.entry?.key ?? null])).toEqual([
      ['usb-1', 'k1'],
      ['usb-2', null],
    ]);
    backend.present = [];
    expect(tracker.get('usb-1')?.entry).toBeNull();
  });

  it('a replug within the grace keeps the board idle; the grace counts from its last leave', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const { clock, tracker } = await manual(backend);
    backend.present = [];
    await clock.advanceTo(1000);
    backend.present = [entry('k2', { serial: 'A' })];
    await clock.advanceTo(2500);
    expect(tracker.get('usb-1')?.state).toBe('idle');
    backend.present = [];
    await clock.advanceTo(2600);
    backend.present = [entry('k3', { serial: 'A' })];
    await clock.advanceTo(2700);
    backend.present = [];
    await clock.advanceTo(4600);
    expect(tracker.get('usb-1')?.state).toBe('idle');
    await clock.advanceTo(4700);
    expect(tracker.get('usb-1')?.state).toBe('gone');
  });

  it('once disposed it follows the bus no more and changes nothing', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const { clock, tracker } = await manual(backend);
    let heard = 0;
    tracker.onChange(() => (heard += 1));
    backend.present = [];
    tracker.dispose();
    backend.present = [entry('k2', { serial: 'B', portNumbers: [5] })];
    await clock.advanceTo(10_000);
    expect(tracker.boards().map((board) => [board.id, board.state])).toEqual([['usb-1', 'idle']]);
    expect(heard).toBe(1);
  });
});

describe('the board tracker: reading a new device', () => {
  it('tries a device held by another program every 500 ms by default, and stops trying when disposed', async () => {
    const backend = new ScriptedBackend([entry('k1', unread)]);
    backend.busy.add('k1');
    const opens: number[] = [];
    const open = backend.open.bind(backend);
    const { clock, tracker } = await (async () => {
      const clock = new ManualClock();
      backend.open = (device) => (opens.push(clock.now()), open(device));
      const tracker = new BoardTracker({ backend, clock });
      void tracker.start();
      await flush();
      return { clock, tracker };
    })();
    await clock.advanceTo(1000);
    expect(opens).toEqual([0, 500, 1000]);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ access: 'in-use', accessProblem: 'LIBUSB_ERROR_BUSY' }),
    ]);
    tracker.dispose();
    await clock.advanceTo(5000);
    expect(opens).toEqual([0, 500, 1000, 1500]);
  });

  it('gives up reading a device held for two minutes: 240 tries, and it stays in use', async () => {
    const backend = new ScriptedBackend([]);
    backend.busy.add('k1');
    let opens = 0;
    const open = backend.open.bind(backend);
    backend.open = (device) => ((opens += 1), open(device));
    const clock = new FakeClock();
    const tracker = await tracked(backend, clock);
    backend.present = [entry('k1', unread)];
    await tracker.settled();
    expect(opens).toBe(240);
    expect(clock.now()).toBe(240 * 500);
    expect(tracker.summaries()).toEqual([expect.objectContaining({ access: 'in-use' })]);
  });

  it('a refused device is not retried, and shows the host’s advice when it has some', async () => {
    const backend = new ScriptedBackend([entry('k1', unread)]);
    let opens = 0;
    backend.open = () => ((opens += 1), Promise.reject(refusedWithHint('add a udev rule for 0483:df11')));
    const tracker = await tracked(backend);
    expect(opens).toBe(1);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ access: 'refused', accessProblem: 'add a udev rule for 0483:df11' }),
    ]);
  });

  it('a device Linux refuses before it is opened shows as refused with the udev fix, keeping what sysfs told', async () => {
    const known = entry('k1', { serial: 'S1' });
    const backend = new ScriptedBackend([
      {
        ...known,
        openRefusal: { message: 'LIBUSB_ERROR_ACCESS: no udev rule', hint: 'install the udev rule' },
      },
    ]);
    let opens = 0;
    backend.open = () => ((opens += 1), Promise.reject(new Error('must not be opened')));
    const tracker = await tracked(backend);
    expect(opens).toBe(0);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ access: 'refused', accessProblem: 'install the udev rule', serial: 'S1' }),
    ]);
  });

  it('a device without a driver the USB library can use shows as no-driver, with the driver fix, and keeps it', async () => {
    const backend = new ScriptedBackend([entry('k1', unread)]);
    let opens = 0;
    backend.open = () => {
      opens += 1;
      const error = new UsbError('no-driver', 'opening k1: LIBUSB_ERROR_NOT_SUPPORTED');
      return Promise.reject(Object.assign(error, { hint: 'bind WinUSB with Zadig' }));
    };
    const tracker = await tracked(backend);
    expect(opens).toBe(1);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ access: 'no-driver', accessProblem: 'bind WinUSB with Zadig' }),
    ]);
  });

  it('a device that vanishes while its strings are read never shows up', async () => {
    const backend = new ScriptedBackend([entry('k1', unread)]);
    const tracker = await tracked(backend);
    expect(tracker.boards()).toEqual([]);
  });

  it('a device that leaves before its strings are read is not assigned afterwards', async () => {
    const backend = new ScriptedBackend([]);
    let answer: () => void = () => undefined;
    backend.open = (device) =>
      new Promise((resolve) => {
        answer = () => resolve(new FakeDfuTransport({ identity: device.identity }, new FakeClock()));
      });
    const tracker = await tracked(backend);
    backend.present = [entry('k1', unread)];
    await flush();
    backend.present = [];
    answer();
    await tracker.settled();
    expect(tracker.boards()).toEqual([]);
  });

  it('a device announced while the tracker starts, or again once read, is one board', async () => {
    const device = entry('k1', { serial: 'A' });
    const backend = new ScriptedBackend([]);
    backend.list = async () => {
      backend.present = [device];
      return [device];
    };
    const tracker = await tracked(backend);
    expect(tracker.boards()).toHaveLength(1);

    const later = new ScriptedBackend([]);
    later.list = async () => {
      later.present = [device];
      await flush();
      return [device];
    };
    const again = await tracked(later);
    expect(again.boards()).toHaveLength(1);
  });
});

describe('the board tracker: which board a returning device is given to', () => {
  it('by serial before slot: a board’s serial wins over a serial-less board whose slot it used and left later', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: null, portNumbers: [2] }),
      entry('k2', { serial: 'S', portNumbers: [3] }),
    ]);
    const { clock, tracker } = await manual(backend);
    await clock.advanceTo(100);
    backend.present = [entry('k1', { serial: null, portNumbers: [2] })];
    await clock.advanceTo(200);
    backend.present = [];
    await clock.advanceTo(300);
    backend.present = [entry('k3', { serial: 'S', portNumbers: [2] })];
    await clock.advanceTo(400);
    expect(tracker.boardOfEntry('k3')).toMatchObject({ id: 'usb-2', matchedBy: 'serial', slot: '1-2' });
    expect(tracker.get('usb-1')?.entry).toBeNull();
  });

  for (const inRun of ['programming', 're-enumerating'] as const)
    it(`a board waiting in a run (${inRun}) comes first, even matched by its slot only and left earlier`, async () => {
      const backend = new ScriptedBackend([
        entry('k1', { serial: 'S', portNumbers: [3] }),
        entry('k2', { serial: null, portNumbers: [2] }),
      ]);
      const { clock, tracker } = await manual(backend);
      expect(tracker.get('usb-1')).toMatchObject({ slot: '1-2', serial: null });
      tracker.claim('usb-1', 'run-1');
      await clock.advanceTo(100);
      backend.present = [entry('k1', { serial: 'S', portNumbers: [3] })];
      if (inRun === 're-enumerating') tracker.setRunState('usb-1', { expectedStage: 'tfa', secondsLeft: 9 });
      await clock.advanceTo(200);
      backend.present = [];
      await clock.advanceTo(300);
      backend.present = [entry('k3', { serial: 'S', portNumbers: [2] })];
      await clock.advanceTo(400);
      expect(tracker.boardOfEntry('k3')).toMatchObject({ id: 'usb-1', matchedBy: 'slot', state: inRun });
      expect(tracker.get('usb-2')?.entry).toBeNull();
    });

  it('a device whose serial cannot be read, on a slot two boards used, is the one that left last', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const { clock, tracker } = await manual(backend);
    await clock.advanceTo(100);
    backend.present = [];
    await clock.advanceTo(3000);
    backend.present = [entry('k2', { serial: 'B' })];
    await clock.advanceTo(4000);
    backend.present = [];
    await clock.advanceTo(5000);
    backend.refused.add('k3');
    backend.present = [entry('k3', unread)];
    await clock.advanceTo(5100);
    expect(tracker.boards().map((board) => [board.serial, board.entry?.key ?? null])).toEqual([
      ['A', null],
      ['B', 'k3'],
    ]);
  });

  it('of two boards on one slot, the one that left last is it, whichever was seen first', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    const { clock, tracker } = await manual(backend);
    await clock.advanceTo(100);
    backend.present = [];
    await clock.advanceTo(3000);
    backend.present = [entry('k2', { serial: 'B' })];
    await clock.advanceTo(3500);
    backend.present = [];
    await clock.advanceTo(3600);
    backend.present = [entry('k3', { serial: 'A' })];
    await clock.advanceTo(4000);
    backend.present = [];
    await clock.advanceTo(5000);
    backend.refused.add('k4');
    backend.present = [entry('k4', unread)];
    await clock.advanceTo(5100);
    expect(tracker.boards().map((board) => [board.serial, board.leftAt, board.entry?.key ?? null])).toEqual([
      ['A', null, 'k4'],
      ['B', 3500, null],
    ]);
  });

  it('a known board that comes back held by another program, then free, shows no problem', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    backend.transports.set(
      'k2',
      () =>
        new FakeDfuTransport({ identity: { ...fakeUbootIdentity, ...unread, serial: 'A' } }, new FakeClock()),
    );
    backend.busy.add('k2');
    const { clock, tracker } = await manual(backend);
    backend.present = [];
    backend.present = [entry('k2', unread)];
    await clock.advanceTo(100);
    expect(tracker.summaries().map((board) => board.access)).toEqual(['ok', 'in-use']);
    backend.busy.delete('k2');
    await clock.advanceTo(600);
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ id: 'usb-1', serial: 'A', access: 'ok', accessProblem: null }),
    ]);
  });

  it('a known board coming back refused stays one row, with its serial, its SoC and the host’s words', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: 'A' })]);
    backend.refused.add('k2');
    const tracker = await tracked(backend);
    backend.present = [];
    backend.present = [entry('k2', unread)];
    await tracker.settled();
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({
        id: 'usb-1',
        serial: 'A',
        soc: 'mp15',
        access: 'refused',
        accessProblem: 'LIBUSB_ERROR_ACCESS',
        state: 'idle',
      }),
    ]);
    expect(tracker.get('usb-1')).toMatchObject({ matchedBy: 'slot', arrivals: 2 });
  });

  it('a serial-less board coming back refused is the same row, still without serial', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    backend.refused.add('k2');
    const tracker = await tracked(backend);
    backend.present = [];
    backend.present = [entry('k2', unread)];
    await tracker.settled();
    expect(tracker.boards().map((board) => [board.id, board.serial, board.access, board.entry?.key])).toEqual(
      [['usb-1', null, 'refused', 'k2']],
    );
  });

  it('a refused board that comes back readable loses the refusal', async () => {
    const backend = new ScriptedBackend([entry('k1', unread)]);
    backend.refused.add('k1');
    const tracker = await tracked(backend);
    backend.present = [];
    backend.present = [entry('k2', { serial: 'A' })];
    await tracker.settled();
    expect(tracker.summaries()).toEqual([
      expect.objectContaining({ id: 'usb-1', serial: 'A', access: 'ok', accessProblem: null }),
    ]);
  });

  it('a board still on the bus never takes a newcomer, even one on its slot', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const tracker = await tracked(backend);
    backend.present = [entry('k1', { serial: null }), entry('k2', { serial: null })];
    await tracker.settled();
    expect(tracker.boards().map((board) => [board.id, board.entry?.key, board.arrivals])).toEqual([
      ['usb-1', 'k1', 1],
      ['usb-2', 'k2', 1],
    ]);
  });
});
