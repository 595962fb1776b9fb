import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import type { CliIo } from '../cli-io';
import { fakeCliIo } from '../fake-cli-io';
import { ProgramTextView } from './program-text-view';
import { FakeTerminal } from './test-support/fake-terminal';

/** A CLI whose stdout is `terminal` (a TTY as wide as it is now). */
function onTerminal(terminal: FakeTerminal): CliIo {
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      terminal.write(chunk.toString());
      done();
    },
  });
  Object.defineProperty(stdout, 'columns', { get: () => terminal.columns });
  return { ...fakeCliIo(), stdout: Object.assign(stdout, { isTTY: true }) };
}

const base = { schemaVersion: 1 as const, elapsedMs: 0 };
const progress = (
  partitionId: number,
  name: string,
  bytes: number,
  total: number,
  at: number,
): ProgramEvent => ({
  ...base,
  type: 'partition-progress',
  partitionId,
  name,
  bytes,
  total,
  bytesPerSecond: bytes > 0 ? 1024 * 1024 : null,
  etaSeconds: bytes > 0 ? (total - bytes) / (1024 * 1024) : null,
  done: bytes === total,
  elapsedMs: at,
});
const returning = (secondsLeft: number, at: number): ProgramEvent => ({
  ...base,
  type: 'reconnect',
  phase: 'return',
  expectedStage: 'uboot-layout',
  deadlineMs: 30_300,
  secondsLeft,
  extendedBecause: null,
  matchedBy: null,
  elapsedMs: at,
});
const result: ResultEvent = {
  ...base,
  type: 'result',
  ok: true,
  code: null,
  warnings: [],
  partitions: [],
  hints: [],
  message: null,
  consoleLines: [],
  elapsedMs: 4000,
};

describe('a run on a terminal', () => {
  it('finished partitions become one line each, the overall line stays, nothing stale after a resize', () => {
    const terminal = new FakeTerminal(80);
    let time = 0;
    const view = new ProgramTextView(onTerminal(terminal), { verbose: false, quiet: false, now: () => time });
    const mib = 1024 * 1024;
    view.planned([
      { id: 1, name: 'fsbl1-boot', bytes: mib },
      { id: 0x21, name: 'boot', bytes: 4 * mib },
    ]);
    for (const bytes of [0, mib / 2, mib]) {
      time += 500;
      view.event(progress(1, 'fsbl1-boot', bytes, mib, time));
    }
    view.event(progress(0, 'FlashLayout', 591, 591, time));
    view.event(returning(30, 300));
    view.event(returning(29, 1300));
    expect(terminal.screen().at(-2)).toBe(
      'Waiting for the board to come back as uboot-layout: 29 s left of 30 s',
    );
    expect(terminal.screen().at(-1)).toMatch(/Overall 1\.00 MiB\/5\.00 MiB 20% ETA \d+ s$/);
    terminal.resize(50);
    for (const bytes of [0, mib, 2 * mib, 3 * mib]) {
      time += 1000;
      view.event(progress(0x21, 'boot', bytes, 4 * mib, time));
    }
    expect(terminal.screen().at(-2)).toMatch(/^\[#+\.+\] 0x21 boot 3\.00 MiB\/4\.00 MiB/);
    terminal.resize(60);
    time += 1000;
    view.event(progress(0x21, 'boot', 4 * mib, 4 * mib, time));
    view.summary(result);
    const screen = terminal.screen();
    for (const row of screen) expect([...row].length, row).toBeLessThan(60);
    expect(screen.slice(0, 4)).toEqual([
      expect.stringMatching(/^0x01 fsbl1-boot +1\.00 MiB +1\.0 s OK$/),
      'FlashLayout sent (591 B, 0.0 s)',
      expect.stringMatching(/^0x21 boot +4\.00 MiB +4\.0 s OK$/),
      `[${'#'.repeat(24)}] Overall 5.00 MiB/5.00 MiB 100%`,
    ]);
    // No bar in flight and no countdown is left behind: the summary follows the overall line.
    expect(screen.slice(4)).toEqual(['Id  Name  Sent  Status', 'Programmed in 4.0 s.']);
  });
});
