import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { fakeCliIo } from '../fake-cli-io';
import { ProgramTextView } from './program-text-view';

const writing = (secondsLeft: number, elapsedMs: number): ProgramEvent => ({
  schemaVersion: 1,
  type: 'writing',
  partitionId: 0x23,
  name: 'rootfs',
  deadlineMs: elapsedMs + secondsLeft * 1000,
  secondsLeft,
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

  it('on a terminal rewrites the partition line in place', () => {
    const tty = fakeCliIo({ isTTY: true });
    new ProgramTextView(tty, { verbose: false, quiet: false }).event(writing(57, 3000));
    expect(tty.out()).toBe('\r\u001b[2K0x23 rootfs: the board is writing to its memory, up to 57 s');
  });
});
