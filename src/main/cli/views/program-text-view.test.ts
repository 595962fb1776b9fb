import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { fakeCliIo } from '../fake-cli-io';
import { ProgramTextView } from './program-text-view';
import { FakeTerminal } from './test-support/fake-terminal';

const writing = (secondsLeft: number, elapsedMs: number): ProgramEvent => ({
  schemaVersion: 1,
  type: 'writing',
  partitionId: 0x23,
  name: 'rootfs',
  deadlineMs: elapsedMs + secondsLeft * 1000,
  secondsLeft,
  elapsedMs,
});

const progress = (bytes: number, elapsedMs: number): ProgramEvent => ({
  schemaVersion: 1,
  type: 'partition-progress',
  partitionId: 0x23,
  name: 'rootfs',
  bytes,
  total: 64 * 1024,
  bytesPerSecond: null,
  etaSeconds: null,
  done: false,
  elapsedMs,
});

describe('the text view while the board writes', () => {
  it('prints the notice once per partition in plain lines, every one with --verbose', () => {
    const plain = fakeCliIo();
    const view = new ProgramTextView(plain, { verbose: false, quiet: false });
    view.event(writing(297, 3000));
    view.event(writing(297, 9000));
    expect(plain.out()).toBe(
      '2026-01-02T03:04:05.678Z 0x23 rootfs: the board is writing to its memory, up to 297 s\n',
    );
    const verbose = fakeCliIo();
    const chatty = new ProgramTextView(verbose, { verbose: true, quiet: false });
    chatty.event(writing(297, 3000));
    chatty.event(writing(290, 9000));
    expect(verbose.out().trimEnd().split('\n')).toHaveLength(2);
  });

  it("on a terminal shows the notice on the partition's live line, until its next progress", () => {
    const tty = fakeCliIo({ isTTY: true });
    const view = new ProgramTextView(tty, { verbose: false, quiet: false });
    view.event(progress(32 * 1024, 1000));
    view.event(writing(57, 3000));
    const terminal = new FakeTerminal(80);
    terminal.write(tty.out());
    expect(terminal.screen()).toEqual(['0x23 rootfs: the board is writing to its memory, up to 57 s']);
    view.event(progress(48 * 1024, 4000));
    terminal.write(tty.out().slice(terminal.written));
    expect(terminal.screen()).toEqual([
      `[${'#'.repeat(18)}${'.'.repeat(6)}] 0x23 rootfs 48.00 KiB/64.00 KiB`,
    ]);
  });
});

describe('the text view during read-back verify (--verify)', () => {
  const verifying = (bytes: number, done: boolean, elapsedMs: number): ProgramEvent => ({
    schemaVersion: 1,
    type: 'partition-progress',
    partitionId: 0x23,
    name: 'rootfs',
    bytes,
    total: 64 * 1024,
    bytesPerSecond: null,
    etaSeconds: null,
    done,
    step: 'verify',
    elapsedMs,
  });

  it('says Verifying and Verified in plain lines', () => {
    const plain = fakeCliIo();
    const view = new ProgramTextView(plain, { verbose: false, quiet: false });
    view.event(verifying(0, false, 1000));
    view.event(verifying(64 * 1024, true, 2000));
    expect(plain.out()).toBe(
      '2026-01-02T03:04:05.678Z Verifying 0x23 rootfs (64.00 KiB)\n' +
        '2026-01-02T03:04:05.678Z Verified 0x23 rootfs: 64.00 KiB\n',
    );
  });

  it("on a terminal the partition's live line says verifying", () => {
    const tty = fakeCliIo({ isTTY: true });
    const view = new ProgramTextView(tty, { verbose: false, quiet: false });
    view.event(verifying(16 * 1024, false, 1000));
    const terminal = new FakeTerminal(80);
    terminal.write(tty.out());
    expect(terminal.screen()).toEqual([
      `[${'#'.repeat(6)}${'.'.repeat(18)}] verifying 0x23 rootfs 16.00 KiB/64.00 KiB`,
    ]);
  });
});
