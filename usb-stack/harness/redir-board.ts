import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '../../src/main/engine/layout/test-support/layout-images';

/** One `stm32mp-flasher board --usbredir` process: a virtual board the guest's kernel sees over usb-redir. */
export interface RedirBoard {
  readonly port: number;
  /** Everything it printed so far (its stage lines and usbredir events). */
  output(): string;
  /** Ctrl+C, then its exit code (130 when it stopped as asked). */
  stop(): Promise<number | null>;
}

const launcher = path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js');

/** Starts the built CLI's `board` on a free loopback port and waits for its `Listening for usbredir` line. */
export function startRedirBoard(simArgs: readonly string[]): Promise<RedirBoard> {
  const child: ChildProcess = spawn(
    process.execPath,
    [launcher, 'board', '--usbredir', '127.0.0.1:0', ...simArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`board printed no address in 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = /^Listening for usbredir on 127\.0\.0\.1:(\d+)$/m.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({
        port: Number(port),
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`board exited with ${code}:\n${output}`)));
  });
}
