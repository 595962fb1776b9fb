import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../../engine/layout/test-support/layout-images';

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly token: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its resident memory now, from /proc (Linux), in bytes. */
  rssBytes(): number;
  /** SIGINT, then its exit code. */
  stop(): Promise<number | null>;
}

/** Starts the built CLI's `serve --port 0` with its own settings folder and waits for its URL. */
export function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stm32mp-flasher-serve-'));
  const launcher = join(repositoryRoot, 'bin', 'stm32mp-flasher.js');
  const child = spawn(process.execPath, [launcher, 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 15 s:\n${output}`)), 15_000);
    const look = () => {
      const match = /^Listening on (http:\/\/\S+)$/m.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', look);
      const url = new URL(match[1]);
      resolve({
        child,
        port: Number(url.port),
        token: url.searchParams.get('token') ?? '',
        output: () => output,
        rssBytes: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
        },
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}
