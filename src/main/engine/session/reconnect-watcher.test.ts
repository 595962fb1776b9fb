import { describe, expect, it } from 'vitest';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import type { ReconnectEventBody } from './reconnect-watcher';
import { matchReturned, ReconnectWatcher, stageChangeKind } from './reconnect-watcher';
import { isSessionFailure } from './session-failure';
import { entry, phaseBytes, ScriptedBackend } from './scripted-backend.fake';

const uboot = ['@rootfs/0x21/1*64Ke', '@virtual/0xf1/1*512Be'];

function setup(backend: ScriptedBackend, lines?: { fire: (line: string) => void }) {
  const clock = new FakeClock();
  const events: ReconnectEventBody[] = [];
  const watcher = new ReconnectWatcher({
    backend,
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
  return { clock, events, watcher };
}

const failureCode = async (promise: Promise<unknown>): Promise<string> => {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  return isSessionFailure(error) ? error.code : `not a failure: ${String(error)}`;
};

describe('the reconnect watcher', () => {
  it('knows which stage changes re-enumerate (spec §1.3, §10)', () => {
    expect(stageChangeKind('mp15', 'rom')).toBe('same-handle');
    expect(stageChangeKind('mp13', 'rom')).toBe('re-enumeration');
    expect(stageChangeKind('mp25', 'rom')).toBe('same-handle-or-reenumeration');
    expect(stageChangeKind('mp25', 'tfa-ddr')).toBe('re-enumeration');
    expect(stageChangeKind('mp15', 'tfa')).toBe('re-enumeration');
    expect(stageChangeKind('mp15', 'uboot-layout')).toBe('re-enumeration');
    expect(stageChangeKind('mp15', 'uboot-partitions')).toBe('leaves');
  });

  it('matches by serial when both sides have one, else by port path; product and revision never count', () => {
    const left = entry('a', { product: 'DFU in HS Mode @Device ID /0x505, @Revision ID /0x2000' });
    expect(
      matchReturned(
        left.identity,
        entry('b', { portNumbers: [7], product: 'DFU @Device ID /0x505, @Revision ID /0x0011' }).identity,
      ),
    ).toBe('serial');
    expect(matchReturned(left.identity, entry('b', { serial: 'OTHER' }).identity)).toBeNull();
    expect(matchReturned(entry('a', { serial: null }).identity, entry('b', { serial: null }).identity)).toBe(
      'port',
    );
    expect(
      matchReturned(
        entry('a', { serial: null }).identity,
        entry('b', { serial: null, busNumber: 2 }).identity,
      ),
    ).toBeNull();
  });

  it('fails with DEVICE_NEVER_DETACHED when the board stays past the leave deadline', async () => {
    const before = entry('k1');
    const { watcher, clock } = setup(new ScriptedBackend([before]));
    expect(await failureCode(watcher.awaitLeave(before, 'uboot-layout'))).toBe('DEVICE_NEVER_DETACHED');
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
  });

  it('finds the board again on another port by its serial, opens it and confirms GetPhase', async () => {
    const before = entry('k1');
    const after = entry('k2', { portNumbers: [5] });
    const backend = new ScriptedBackend(
      [before],
      [(b) => (b.present = []), () => undefined, (b) => (b.present = [after])],
    );
    backend.transports.set(
      'k2',
      () => new FakeDfuTransport({ alternates: uboot, uploadAnswer: phaseBytes(0x21) }, new FakeClock()),
    );
    const { watcher, events } = setup(backend);
    const returned = await watcher.reconnect(before, new Set(['k1']), 'uboot-partitions');
    expect(returned.matchedBy).toBe('serial');
    expect(returned.answer.phaseId).toBe(0x21);
    expect(events.map((event) => event.phase)).toEqual(['leave', 'return', 'found']);
  });

  it('a board without serial that comes back elsewhere is DEVICE_RETURNED_ELSEWHERE; two candidates are never guessed', async () => {
    const before = entry('k1', { serial: null });
    const elsewhere = new ScriptedBackend([entry('k2', { serial: null, busNumber: 2 })]);
    expect(await failureCode(setup(elsewhere).watcher.awaitReturn(before, new Set(['k1']), 'tfa'))).toBe(
      'DEVICE_RETURNED_ELSEWHERE',
    );
    // Two arrivals on the board's port path (a hub that reuses it): refuse to guess.
    const two = new ScriptedBackend([entry('k2', { serial: null }), entry('k3', { serial: null })]);
    expect(await failureCode(setup(two).watcher.awaitReturn(before, new Set(['k1']), 'tfa'))).toBe(
      'DEVICE_AMBIGUOUS',
    );
  });

  it('a board that returns but cannot be opened is DEVICE_RETURNED_UNOPENABLE after the open retries', async () => {
    const backend = new ScriptedBackend([entry('k2')]);
    backend.refused.add('k2');
    const { watcher, clock } = setup(backend);
    expect(await failureCode(watcher.awaitReturn(entry('k1'), new Set(['k1']), 'tfa'))).toBe(
      'DEVICE_RETURNED_UNOPENABLE',
    );
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
    expect(clock.now()).toBeLessThan(30_000);
  });

  it('extends the come-back deadline while the console shows the board working, and says why', async () => {
    const lines: { fire: (line: string) => void } = { fire: () => undefined };
    const backend = new ScriptedBackend(
      [],
      [...Array.from({ length: 299 }, () => () => undefined), () => lines.fire('Erasing rootfs on mmc 0: ')],
    );
    const { watcher, events, clock } = setup(backend, lines);
    expect(await failureCode(watcher.awaitReturn(entry('k1'), new Set(['k1']), 'uboot-partitions'))).toBe(
      'DEVICE_NEVER_RETURNED',
    );
    const extended = events.find((event) => event.extendedBecause !== null);
    expect(extended?.extendedBecause).toMatch(/console shows it working: "Erasing rootfs on mmc 0:"/);
    expect(clock.now()).toBeGreaterThan(30_000);
  });
});
