import { Writable } from 'node:stream';
import type { CliIo } from './cli-io';

/** A test double of the CLI's process: captured streams, a fixed clock, an interrupt the test fires. */
export interface FakeCliIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly interruptNow: () => void;
}

function capture(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => chunks.join('') };
}

export function fakeCliIo(
  options: { isTTY?: boolean; cwd?: string; env?: Record<string, string> } = {},
): FakeCliIo {
  const stdout = capture(options.isTTY ?? false);
  const stderr = capture(false);
  const controller = new AbortController();
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    interrupt: controller.signal,
    now: () => new Date('2026-01-02T03:04:05.678Z'),
    out: stdout.text,
    err: stderr.text,
    interruptNow: () => controller.abort(),
  };
}
