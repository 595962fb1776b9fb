import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../src/main/engine/layout/test-support/layout-images';

// From the repository root, so the same file works from e2e/ and bundled into out/bench/.
const launcher = join(repositoryRoot, 'bin', 'stm32mp-flasher.js');

export interface ServedShell {
  readonly url: string;
  readonly origin: string;
  readonly process: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * Starts the built CLI's `serve` as a user would, and waits for its `Listening on` line. Settings go to a fresh
 * temporary folder (removed on stop) unless the test passes its own `--data-dir`: a test never touches the
 * user's real settings.
 */
export function startServe(args: readonly string[] = []): Promise<ServedShell> {
  const dataDir = args.includes('--data-dir') ? null : mkdtempSync(join(tmpdir(), 'stm32mp-flasher-e2e-'));
  const dataArgs = dataDir === null ? [] : ['--data-dir', dataDir];
  const child = spawn(process.execPath, [launcher, 'serve', '--port', '0', ...dataArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => {
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Listening on (http:\/\/\S+)$/m.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      const url = match[1];
      resolve({
        url,
        origin: new URL(url).origin,
        process: child,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}
