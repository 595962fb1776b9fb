import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface PtyBridge {
  /** The pseudo-terminal a serial-port client opens (e.g. `/dev/pts/7`). */
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serves a board's UART stream on a real pseudo-terminal made by `socat` (Linux, macOS): what the board prints
 * comes out of the PTY, so the `serialport` path runs end to end. Rejects when `socat` is missing.
 */
export function startPtyBridge(uart: Readable, timeoutMs = 5000): Promise<PtyBridge> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', 'STDIO', 'PTY,raw,echo=0'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error('socat did not report its PTY in time')), timeoutMs);
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.on('error', (error) => fail(error));
    child.on('exit', (code) => fail(new Error(`socat exited (${code ?? 'signal'}): ${stderr.trim()}`)));
    child.stdin.on('error', () => undefined);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /PTY is (\S+)/.exec(stderr);
      if (!match?.[1] || settled) return;
      settled = true;
      clearTimeout(timer);
      uart.pipe(child.stdin);
      resolve({
        path: match[1],
        close: () =>
          new Promise<void>((done) => {
            uart.unpipe(child.stdin);
            if (child.exitCode !== null) {
              done();
              return;
            }
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}
