import { describe, expect, it } from 'vitest';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import type { BoardTracker } from '../boards/board-tracker';
import type { ReconnectEventBody } from './reconnect-watcher';
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
  lines?: { fire: (line: string) => void },
) {
  const events: ReconnectEventBody[] = [];
  const { tracker, boardId } = await trackedBoard(backend, clock);
  tracker.claim(boardId, 'run-1');
  const watcher = new ReconnectWatcher({
    backend,
    tracker,
    boardId,
    clock,
    origin: 0,
    deadlines: { leaveMs: 3000, returnMs: 30_000, pollMs: 100, openRetryMs: 1000, readyMs: 1000 },
    console:
      lines === undefined
        ? null
        : {
            recentLines: () => [],
            mark: () => undefined,
            onLines: (listener) => {
              lines.fire = (line) => listener([line]);
              return () => undefined;
            },
          },
    onEvent: (event) => events.push(event),
  });
  return { clock, events, watcher, tracker, boardId };
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
