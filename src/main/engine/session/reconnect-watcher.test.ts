import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../shared/board';
import { dfuRequest } from '../../protocol/dfu';
import { UsbError } from '../../usb/usb-error';
import type { DfuDevice } from '../dfu/dfu-device';
import { DfuError } from '../dfu/dfu-error';
import { FakeClock, FakeDfuTransport, fakeUbootIdentity } from '../dfu/dfu-transport.fake';
import { parsePhaseAnswer } from '../dfu/phase-answer';
import type { BoardTracker } from '../boards/board-tracker';
import type { ReconnectEventBody, ReconnectWatcherOptions } from './reconnect-watcher';
import { ReconnectWatcher, stageChangeKind } from './reconnect-watcher';
import { isSessionFailure } from './session-failure';
import { entry, phaseBytes, ScriptedBackend, ScriptedClock, trackedBoard } from './scripted-backend.fake';

const uboot = ['@rootfs/0x21/1*64Me', '@virtual/0xf1/1*512Be'];
const serial = '0036004A3338510939303401';
const stranger = '0036004A3338510939303499';

/** The watcher of the first board on a scripted bus, with a scripted clock and the console lines it can fire. */
async function setup(
  backend: ScriptedBackend,
  clock = new ScriptedClock(),
  lines?: { fire: (line: string) => void; stopped?: boolean },
  more: Pick<Partial<ReconnectWatcherOptions>, 'deadlines' | 'origin' | 'dfuOptions' | 'boardId'> = {},
) {
  const events: ReconnectEventBody[] = [];
  /** When each event came, on the clock. */
  const times: number[] = [];
  const { tracker, boardId } = await trackedBoard(backend, clock);
  tracker.claim(boardId, 'run-1');
  const watcher = new ReconnectWatcher({
    backend,
    tracker,
    boardId: more.boardId ?? boardId,
    clock,
    origin: more.origin ?? 0,
    deadlines: {
      leaveMs: 3000,
      returnMs: 30_000,
      pollMs: 100,
      openRetryMs: 1000,
      readyMs: 1000,
      ...more.deadlines,
    },
    ...(more.dfuOptions === undefined ? {} : { dfuOptions: more.dfuOptions }),
    console:
      lines === undefined
        ? null
        : {
            recentLines: () => [],
            mark: () => undefined,
            onLines: (listener) => {
              lines.fire = (line) => listener([line]);
              return () => {
                lines.stopped = true;
              };
            },
          },
    onEvent: (event) => {
      events.push(event);
      times.push(clock.now());
    },
  });
  return { clock, events, times, watcher, tracker, boardId };
}

const failureCode = async (promise: Promise<unknown>): Promise<string> => {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  return isSessionFailure(error) ? error.code : `not a failure: ${String(error)}`;
};

const ubootTransport = () =>
  new FakeDfuTransport({ alternates: uboot, uploadAnswer: phaseBytes(0x21) }, new FakeClock());

const stateOf = (tracker: BoardTracker, id: string) => tracker.get(id)?.state;

describe('the reconnect watcher, on the board tracker', () => {
  it('knows which stage changes re-enumerate (spec §1.3, §10)', () => {
    expect(stageChangeKind('mp15', 'rom')).toBe('same-handle');
    expect(stageChangeKind('mp13', 'rom')).toBe('re-enumeration');
    expect(stageChangeKind('mp25', 'rom')).toBe('same-handle-or-reenumeration');
    expect(stageChangeKind('mp25', 'tfa-ddr')).toBe('re-enumeration');
    expect(stageChangeKind('mp15', 'tfa')).toBe('re-enumeration');
    expect(stageChangeKind('mp15', 'uboot-layout')).toBe('re-enumeration');
    expect(stageChangeKind('mp15', 'uboot-partitions')).toBe('leaves');
    expect(stageChangeKind('mp15', 'done')).toBe('leaves');
  });

  it('fails with DEVICE_NEVER_DETACHED when the board stays past the leave deadline', async () => {
    const { watcher, clock } = await setup(new ScriptedBackend([entry('k1', { serial })]));
    expect(await failureCode(watcher.awaitLeave('k1', 'uboot-layout'))).toBe('DEVICE_NEVER_DETACHED');
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
  });

  it('finds the board again on another port by its serial, opens it and confirms GetPhase', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', ubootTransport);
    const clock = new ScriptedClock()
      .at(200, () => (backend.present = []))
      .at(2500, () => (backend.present = [entry('k2', { serial, portNumbers: [5] })]));
    const { watcher, events, tracker, boardId } = await setup(backend, clock);
    const returned = await watcher.reconnect('k1', 'uboot-partitions');
    expect(returned.matchedBy).toBe('serial');
    expect(returned.entry.key).toBe('k2');
    expect(returned.answer.phaseId).toBe(0x21);
    expect(events.map((event) => event.phase)).toEqual(['leave', 'return', 'return', 'return', 'found']);
    expect(tracker.get(boardId)).toMatchObject({ slot: '1-5', state: 'programming', reconnect: null });
  });

  it('shows the board re-enumerating with the seconds left while it waits', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', ubootTransport);
    const seen: unknown[] = [];
    const clock = new ScriptedClock().at(100, () => (backend.present = []));
    const { watcher, tracker, boardId } = await setup(backend, clock);
    clock.at(5200, () => seen.push(tracker.get(boardId)?.state, tracker.get(boardId)?.reconnect));
    clock.at(6000, () => (backend.present = [entry('k2', { serial })]));
    await watcher.reconnect('k1', 'uboot-partitions');
    expect(seen).toEqual(['re-enumerating', { expectedStage: 'uboot-partitions', secondsLeft: 25 }]);
  });

  it('a stranger with another serial on the watched slot is never taken: the board never returned', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', ubootTransport);
    const clock = new ScriptedClock()
      .at(100, () => (backend.present = []))
      .at(1000, () => (backend.present = [entry('k2', { serial: stranger })]));
    const { watcher, tracker, boardId } = await setup(backend, clock);
    const slot = tracker.get(boardId)?.slot;
    expect(await failureCode(watcher.reconnect('k1', 'tfa'))).toBe('DEVICE_NEVER_RETURNED');
    const newcomer = tracker.boards().find((board) => board.id !== boardId);
    expect(newcomer).toMatchObject({ serial: stranger, slot, state: 'idle' });
    expect(stateOf(tracker, boardId)).toBe('programming');
  });

  it('a board without serial that comes back on another slot is DEVICE_RETURNED_ELSEWHERE', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    backend.transports.set('k2', ubootTransport);
    const clock = new ScriptedClock()
      .at(100, () => (backend.present = []))
      .at(1000, () => (backend.present = [entry('k2', { serial: null, busNumber: 2 })]));
    const { watcher } = await setup(backend, clock);
    expect(await failureCode(watcher.reconnect('k1', 'tfa'))).toBe('DEVICE_RETURNED_ELSEWHERE');
  });

  it('a board that returns but cannot be opened is DEVICE_RETURNED_UNOPENABLE after the open retries', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.refused.add('k2');
    const clock = new ScriptedClock()
      .at(100, () => (backend.present = []))
      .at(1000, () => (backend.present = [entry('k2', { serial })]));
    const { watcher } = await setup(backend, clock);
    expect(await failureCode(watcher.reconnect('k1', 'tfa'))).toBe('DEVICE_RETURNED_UNOPENABLE');
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
    expect(clock.now()).toBeLessThan(30_000);
  });

  it('extends the come-back deadline while the console shows the board working, and says why', async () => {
    const lines: { fire: (line: string) => void } = { fire: () => undefined };
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = new ScriptedClock()
      .at(100, () => (backend.present = []))
      .at(29_500, () => lines.fire('Erasing rootfs on mmc 0: '));
    const { watcher, events } = await setup(backend, clock, lines);
    expect(await failureCode(watcher.reconnect('k1', 'uboot-partitions'))).toBe('DEVICE_NEVER_RETURNED');
    const extended = events.find((event) => event.extendedBecause !== null);
    expect(extended?.extendedBecause).toMatch(/console shows it working: "Erasing rootfs on mmc 0:"/);
    expect(clock.now()).toBeGreaterThan(31_000);
    expect(clock.now()).toBeLessThan(33_000);
  });

  it('never extends past the cap (30 s + 120 s) however long the console keeps talking', async () => {
    const lines: { fire: (line: string) => void } = { fire: () => undefined };
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = new ScriptedClock().at(100, () => (backend.present = []));
    for (let at = 1000; at <= 200_000; at += 500) clock.at(at, () => lines.fire(`Erasing block ${at}`));
    const { watcher } = await setup(backend, clock, lines);
    expect(await failureCode(watcher.reconnect('k1', 'uboot-partitions'))).toBe('DEVICE_NEVER_RETURNED');
    expect(clock.now()).toBeGreaterThanOrEqual(150_000);
    expect(clock.now()).toBeLessThan(152_000);
  });
});

/** Why a run failed: its code, sentence and evidence (or what came instead of a failure). */
const failureOf = async (promise: Promise<unknown>) => {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isSessionFailure(error)) throw new Error(`not a failure: ${String(error)}`);
  return { code: error.code, message: error.message, evidence: error.evidence };
};

/** A board that leaves at 100 ms and is not seen again; `present` is what else is on the bus then. */
function leavesAt100(backend: ScriptedBackend, present: () => ReturnType<typeof entry>[] = () => []) {
  return new ScriptedClock().at(100, () => (backend.present = present()));
}

describe('the reconnect watcher: what the person waiting is told', () => {
  it('names the firmware the board was to start when it never came back, with the wait in seconds', async () => {
    const expected: [Stage, string][] = [
      ['rom', 'the ROM code'],
      ['tfa-ddr', 'TF-A'],
      ['tfa', 'TF-A'],
      ['uboot-layout', 'U-Boot'],
      ['uboot-partitions', 'U-Boot'],
    ];
    for (const [stage, name] of expected) {
      const backend = new ScriptedBackend([entry('k1', { serial })]);
      const { watcher } = await setup(backend, leavesAt100(backend));
      expect(await failureOf(watcher.reconnect('k1', stage))).toEqual({
        code: 'DEVICE_NEVER_RETURNED',
        message: `the board left the bus to start ${name} and was not seen again within 30 s`,
        evidence: { expectedStage: stage, hadSerial: true },
      });
    }
  });

  it('gives up exactly at the come-back deadline, counted from when the board left', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const { watcher, clock } = await setup(backend, leavesAt100(backend), undefined, {
      deadlines: { returnMs: 2500 },
    });
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toMatchObject({
      message: 'the board left the bus to start TF-A and was not seen again within 2.5 s',
      evidence: { hadSerial: false },
    });
    expect(clock.now()).toBe(2600);
  });

  it('counts down once a second, each second once, however many other devices come and go', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = leavesAt100(backend);
    for (let at = 1050; at < 5000; at += 700)
      clock.at(
        at,
        () =>
          (backend.present = [
            ...backend.present,
            entry(`s${at}`, { serial: stranger, busNumber: 3, portNumbers: [at] }),
          ]),
      );
    const { watcher, events } = await setup(backend, clock, undefined, { deadlines: { returnMs: 6000 } });
    await failureOf(watcher.reconnect('k1', 'tfa'));
    expect(events.filter((e) => e.phase === 'return').map((e) => e.secondsLeft)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('shows the countdown even when less than a second is given', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const { watcher, events } = await setup(backend, leavesAt100(backend), undefined, {
      deadlines: { returnMs: 800 },
    });
    await failureOf(watcher.reconnect('k1', 'tfa'));
    expect(events.map((e) => [e.phase, e.secondsLeft])).toEqual([
      ['leave', 3],
      ['return', 1],
    ]);
  });

  it('stamps each event with its deadline from the run’s start, and shows re-enumerating only while it waits for the return', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', ubootTransport);
    const seen: unknown[] = [];
    const clock = new ScriptedClock()
      .at(1200, () => (backend.present = []))
      .at(3500, () => (backend.present = [entry('k2', { serial, portNumbers: [5] })]));
    clock.time = 1000;
    const { watcher, events, tracker, boardId } = await setup(backend, clock, undefined, { origin: 400 });
    clock.at(1100, () => seen.push(tracker.get(boardId)?.state));
    await watcher.reconnect('k1', 'uboot-partitions');
    expect(seen).toEqual(['programming']);
    expect(events[0]).toEqual({
      type: 'reconnect',
      phase: 'leave',
      expectedStage: 'uboot-partitions',
      deadlineMs: 3600,
      secondsLeft: 3,
      extendedBecause: null,
      matchedBy: null,
    });
    expect(events.at(-1)).toMatchObject({
      type: 'reconnect',
      phase: 'found',
      deadlineMs: 30_800,
      matchedBy: 'serial',
    });
    expect(events.every((e) => e.type === 'reconnect')).toBe(true);
  });

  it('says the board never detached after the leave deadline, at that deadline', async () => {
    const clock = new ScriptedClock();
    clock.time = 1000;
    const { watcher } = await setup(new ScriptedBackend([entry('k1', { serial })]), clock);
    expect(await failureOf(watcher.awaitLeave('k1', 'uboot-layout'))).toEqual({
      code: 'DEVICE_NEVER_DETACHED',
      message: 'the board was told to start its next stage (DETACH) but stayed on the bus for 3 s',
      evidence: { expectedStage: 'uboot-layout' },
    });
    expect(clock.now()).toBe(4000);
  });

  it('takes the deadlines it is given and the defaults for the rest', () => {
    const watcher = new ReconnectWatcher({
      backend: new ScriptedBackend([]),
      tracker: {} as BoardTracker,
      boardId: 'usb-1',
      clock: new ScriptedClock(),
      origin: 0,
      deadlines: { returnMs: 45_000, pollMs: 20 },
      onEvent: () => undefined,
    });
    expect(watcher.deadlines).toEqual({
      leaveMs: 3000,
      returnMs: 45_000,
      consoleGraceMs: 2000,
      maxExtensionMs: 120_000,
      pollMs: 20,
      openRetryMs: 1000,
      readyMs: 5000,
    });
  });

  it('a watcher for a board the tracker does not know fails as an internal error', async () => {
    const { watcher } = await setup(new ScriptedBackend([entry('k1', { serial })]), undefined, undefined, {
      boardId: 'usb-99',
    });
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'the board tracker lost board usb-99',
    });
  });

  it('opens the returned board with the run’s DFU options', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const transport = ubootTransport();
    backend.transports.set('k2', () => transport);
    const clock = leavesAt100(backend, () => [entry('k2', { serial })]);
    const { watcher } = await setup(backend, clock, undefined, { dfuOptions: { getPhaseLength: 64 } });
    await watcher.reconnect('k1', 'uboot-partitions');
    expect(transport.requests.at(-1)).toMatchObject({ request: dfuRequest.upload, length: 64 });
  });

  it('stops listening to the console once the board is back', async () => {
    const lines: { fire: (line: string) => void; stopped?: boolean } = { fire: () => undefined };
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', ubootTransport);
    const clock = leavesAt100(backend, () => [entry('k2', { serial })]);
    const { watcher } = await setup(backend, clock, lines);
    await watcher.reconnect('k1', 'uboot-partitions');
    expect(lines.stopped).toBe(true);
  });
});

describe('the reconnect watcher: which arrival is the return', () => {
  it('the enumeration the board had before the DETACH is never its return', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k1', ubootTransport);
    const { watcher, tracker, boardId } = await setup(backend, undefined, undefined, {
      deadlines: { returnMs: 2000 },
    });
    const arrivals = tracker.get(boardId)?.arrivals ?? 0;
    expect((await failureOf(watcher.awaitReturn('k1', arrivals, 'tfa'))).code).toBe('DEVICE_NEVER_RETURNED');
  });

  it('only an arrival after the count it was given is a return', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', ubootTransport);
    const { watcher, tracker, boardId } = await setup(backend, undefined, undefined, {
      deadlines: { returnMs: 2000 },
    });
    backend.present = [];
    backend.present = [entry('k2', { serial })];
    await tracker.settled();
    const arrivals = tracker.get(boardId)?.arrivals ?? 0;
    expect(tracker.get(boardId)?.entry?.key).toBe('k2');
    expect((await failureOf(watcher.awaitReturn('k1', arrivals, 'tfa'))).code).toBe('DEVICE_NEVER_RETURNED');
  });

  it('a board without serial is never told apart from itself: still there, it is not "elsewhere"', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const { watcher } = await setup(backend, undefined, undefined, { deadlines: { returnMs: 2000 } });
    expect((await failureOf(watcher.awaitReturn('k0', 1, 'tfa'))).code).toBe('DEVICE_NEVER_RETURNED');
  });

  it('a board without serial: another board that was already on the desk is not where it went', async () => {
    const backend = new ScriptedBackend([
      entry('k1', { serial: null }),
      entry('k3', { serial: null, portNumbers: [3] }),
    ]);
    const clock = leavesAt100(backend, () => [entry('k3', { serial: null, portNumbers: [3] })]);
    const { watcher } = await setup(backend, clock);
    expect((await failureOf(watcher.reconnect('k1', 'tfa'))).code).toBe('DEVICE_NEVER_RETURNED');
  });

  it('a board without serial: a device that appeared elsewhere and left again is not where it went', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const clock = leavesAt100(backend)
      .at(1000, () => (backend.present = [entry('k2', { serial: null, busNumber: 2 })]))
      .at(2000, () => (backend.present = []));
    const { watcher } = await setup(backend, clock);
    expect((await failureOf(watcher.reconnect('k1', 'tfa'))).code).toBe('DEVICE_NEVER_RETURNED');
  });

  it('a board without serial that shows up on another slot, even at the moment it left, is named there', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const clock = leavesAt100(backend, () => [entry('k2', { serial: null, busNumber: 2 })]);
    const { watcher } = await setup(backend, clock);
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toEqual({
      code: 'DEVICE_RETURNED_ELSEWHERE',
      message:
        'a board without a serial number came back on 2-2, not on 1-2 where this one left: it cannot be told apart from another board',
      evidence: { elsewhere: ['2-2'], expectedStage: 'tfa', hadSerial: false },
    });
  });

  it('names every slot where a board without serial may have gone', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const clock = leavesAt100(backend)
      .at(1000, () => (backend.present = [entry('k2', { serial: null, busNumber: 2 })]))
      .at(1500, () => (backend.present = [...backend.present, entry('k3', { serial: null, busNumber: 3 })]));
    const { watcher } = await setup(backend, clock);
    expect((await failureOf(watcher.reconnect('k1', 'tfa'))).message).toBe(
      'a board without a serial number came back on 2-2, 3-2, not on 1-2 where this one left: it cannot be told apart from another board',
    );
  });

  it('a board without serial: a device with a serial on another slot may be it too', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial: null })]);
    const clock = leavesAt100(backend).at(
      1000,
      () => (backend.present = [entry('k2', { serial, busNumber: 2 })]),
    );
    const { watcher } = await setup(backend, clock);
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toMatchObject({
      code: 'DEVICE_RETURNED_ELSEWHERE',
      evidence: { elsewhere: ['2-2'], hadSerial: false },
    });
  });

  it('a board with a serial: a device elsewhere whose serial cannot be read may be it', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = leavesAt100(backend).at(
      1000,
      () => (backend.present = [entry('k2', { serial: null, busNumber: 2 })]),
    );
    const { watcher } = await setup(backend, clock);
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toMatchObject({
      code: 'DEVICE_RETURNED_ELSEWHERE',
      evidence: { elsewhere: ['2-2'], hadSerial: true },
    });
  });
});

describe('the reconnect watcher: a returned board that cannot be opened yet', () => {
  it('a returned board that is not ready is waited for, not called unopenable, and tried again each countdown tick', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = leavesAt100(backend, () => [entry('k2', { serial })]);
    // Not answering (as a device that is not there yet) until 4 s.
    backend.transports.set('k2', () => {
      if (clock.now() < 4000) throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE');
      return ubootTransport();
    });
    const opens: number[] = [];
    const open = backend.open.bind(backend);
    backend.open = (device) => (opens.push(clock.now()), open(device));
    const { watcher } = await setup(backend, clock);
    const returned = await watcher.reconnect('k1', 'uboot-partitions');
    expect(returned.entry.key).toBe('k2');
    expect(opens).toEqual([100, 1100, 2100, 3100, 4100]);
  });

  it('a run cancelled while the returned board gets ready stops at once, with its reason', async () => {
    class Late extends FakeDfuTransport {
      override getStringDescriptor(index: number): Promise<string | null> {
        return index >= 4 ? Promise.resolve(null) : super.getStringDescriptor(index);
      }
    }
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', () => new Late({ alternates: uboot }, new FakeClock()));
    const clock = leavesAt100(backend, () => [entry('k2', { serial })]).at(350, () =>
      controller.abort(reason),
    );
    const { watcher } = await setup(backend, clock);
    await expect(watcher.reconnect('k1', 'tfa', controller.signal)).rejects.toBe(reason);
    expect(clock.now()).toBe(350);
  });

  it('a refused open is retried every poll and given up exactly after the open retries, with the host’s words', async () => {
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const open = backend.open.bind(backend);
    const opens: number[] = [];
    const clock = leavesAt100(backend).at(1000, () => (backend.present = [entry('k2', { serial })]));
    backend.open = (device) => {
      if (device.key !== 'k2') return open(device);
      opens.push(clock.now());
      return Promise.reject(
        Object.assign(new UsbError('access', 'LIBUSB_ERROR_ACCESS'), { hint: 'add the udev rule' }),
      );
    };
    const { watcher } = await setup(backend, clock);
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toEqual({
      code: 'DEVICE_RETURNED_UNOPENABLE',
      message: `the board came back (${fakeUbootIdentity.product}) but this computer cannot open it: LIBUSB_ERROR_ACCESS`,
      evidence: { usbCode: 'access', expectedStage: 'tfa', openHint: 'add the udev rule' },
    });
    expect(clock.now()).toBe(2000);
    expect(opens).toEqual([1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000]);
  });

  it('a returned board whose strings could not be read either says so', async () => {
    const unread = { manufacturer: null, product: null, serial: null, speed: 'unknown' } as const;
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.refused.add('k2');
    const clock = leavesAt100(backend, () => [entry('k2', unread)]);
    const { watcher } = await setup(backend, clock);
    expect(await failureOf(watcher.reconnect('k1', 'tfa'))).toEqual({
      code: 'DEVICE_RETURNED_UNOPENABLE',
      message:
        'the board came back (its strings unread) but this computer cannot open it: LIBUSB_ERROR_ACCESS',
      evidence: { usbCode: 'access', expectedStage: 'tfa' },
    });
  });
});

describe('the reconnect watcher: the console keeps the deadline', () => {
  it('a line early in the wait does not shorten the deadline', async () => {
    const lines: { fire: (line: string) => void } = { fire: () => undefined };
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = leavesAt100(backend).at(1000, () => lines.fire('Starting kernel'));
    const { watcher, events } = await setup(backend, clock, lines);
    await failureOf(watcher.reconnect('k1', 'uboot-partitions'));
    expect(clock.now()).toBe(30_100);
    expect(events.every((e) => e.extendedBecause === null)).toBe(true);
  });

  it('a line that would move the deadline to where it already is changes nothing', async () => {
    const lines: { fire: (line: string) => void } = { fire: () => undefined };
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = leavesAt100(backend).at(28_100, () => lines.fire('Erasing'));
    const { watcher, events } = await setup(backend, clock, lines);
    await failureOf(watcher.reconnect('k1', 'uboot-partitions'));
    expect(clock.now()).toBe(30_100);
    expect(events.every((e) => e.extendedBecause === null)).toBe(true);
  });

  it('tells of an extension at most once a second while the console talks fast', async () => {
    const lines: { fire: (line: string) => void } = { fire: () => undefined };
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    const clock = leavesAt100(backend);
    for (let at = 29_000; at <= 30_000; at += 100) clock.at(at, () => lines.fire(`block ${at}`));
    const { watcher, events, times } = await setup(backend, clock, lines);
    await failureOf(watcher.reconnect('k1', 'uboot-partitions'));
    const told = events
      .map((event, i) => ({ ...event, at: times[i] ?? -1 }))
      .filter((event) => event.extendedBecause !== null && event.at <= 30_000);
    expect(told.map((event) => [event.phase, event.at, event.deadlineMs])).toEqual([
      ['return', 29_000, 31_000],
      ['return', 30_000, 32_000],
    ]);
    expect(clock.now()).toBe(32_000);
  });
});

describe('the reconnect watcher: the MP15 ROM handing over to TF-A on the same handle', () => {
  /** A device whose GetPhase answers (or failures) come in turn; the last one repeats. */
  function answering(...turns: (number | Error)[]): DfuDevice {
    return {
      getPhase: async () => {
        const turn = turns.length > 1 ? turns.shift() : turns[0];
        if (turn instanceof Error) throw turn;
        return parsePhaseAnswer(phaseBytes(turn ?? 0));
      },
    } as unknown as DfuDevice;
  }
  const starting = () => new DfuError('DFU_TRANSFER_ERROR', 'GETSTATUS failed', { step: 'get-phase' });

  it('waits while the FSBL starts (requests failing, then still the FSBL phase) and answers the new phase', async () => {
    const { watcher, clock } = await setup(new ScriptedBackend([entry('k1', { serial })]));
    const answer = await watcher.awaitSameHandle(
      answering(starting(), starting(), 0x01, 0x01, 0x02),
      'tfa-ddr',
    );
    expect(answer.phaseId).toBe(0x02);
    expect(clock.now()).toBe(400);
  });

  it('a board that leaves the bus meanwhile is DEVICE_UNPLUGGED', async () => {
    const { watcher } = await setup(new ScriptedBackend([entry('k1', { serial })]));
    const gone = new DfuError('DFU_DEVICE_GONE', 'gone', { step: 'get-phase', usbCode: 'no-device' });
    expect(await failureOf(watcher.awaitSameHandle(answering(starting(), gone), 'tfa'))).toEqual({
      code: 'DEVICE_UNPLUGGED',
      message: 'the board left the bus while its FSBL was starting',
      evidence: { usbCode: 'no-device', expectedStage: 'tfa' },
    });
  });

  it('a failure that is not the board’s is not waited out', async () => {
    const { watcher, clock } = await setup(new ScriptedBackend([entry('k1', { serial })]));
    const bug = new TypeError('a bug');
    await expect(watcher.awaitSameHandle(answering(bug), 'tfa')).rejects.toBe(bug);
    expect(clock.now()).toBe(0);
  });

  it('a ROM that keeps asking for the FSBL fails at the come-back deadline, naming the stage', async () => {
    const clock = new ScriptedClock();
    const { watcher } = await setup(new ScriptedBackend([entry('k1', { serial })]), clock);
    clock.time = 500;
    expect(await failureOf(watcher.awaitSameHandle(answering(0x01), 'tfa'))).toEqual({
      code: 'DEVICE_NEVER_RETURNED',
      message: 'the board did not answer as TF-A within 30 s of starting its FSBL',
      evidence: { expectedStage: 'tfa' },
    });
    expect(clock.now()).toBe(30_500);
  });
});

describe('the reconnect watcher: a returned board that never gets ready', () => {
  it('whose alternate names stay unread still ends at the come-back deadline (it once waited forever)', async () => {
    class Mute extends FakeDfuTransport {
      override getStringDescriptor(index: number): Promise<string | null> {
        return index >= 4 ? Promise.resolve(null) : super.getStringDescriptor(index);
      }
    }
    const backend = new ScriptedBackend([entry('k1', { serial })]);
    backend.transports.set('k2', () => new Mute({ alternates: uboot }, new FakeClock()));
    const clock = new ScriptedClock().at(100, () => (backend.present = [entry('k2', { serial })]));
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      if (clock.now() > 200_000) throw new Error('still waiting long after every deadline');
      return sleep(ms, signal);
    };
    const { watcher } = await setup(backend, clock);
    expect(await failureCode(watcher.reconnect('k1', 'uboot-partitions'))).toBe('DEVICE_NEVER_RETURNED');
    expect(clock.now()).toBeLessThan(32_000);
  });
});
