import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flasher-serve-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startLines(args: string[]): Promise<string> {
  const io = fakeCliIo({ cwd: dir });
  const running = runCli(['serve', '--port', '0', '--data-dir', dir, ...args], io);
  for (let i = 0; i < 300 && !io.out().includes('Press Ctrl+C'); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  io.interruptNow();
  expect(await running).toBe(exitCodes.interrupted);
  return io.out();
}

describe('serve --files', () => {
  it('says at start which folders the page may read: home by default', async () => {
    expect(await startLines([])).toContain(
      `Files readable through the page (--files): ${os.homedir()} (never system folders).`,
    );
  });

  it('lists every --files, relative ones from the current folder', async () => {
    expect(await startLines(['--files', 'a', '--files', '/srv/images'])).toContain(
      `(--files): ${path.join(dir, 'a')}, /srv/images (never`,
    );
  });

  it('refuses a --layout in a system folder with exit 2, saying why', async () => {
    const io = fakeCliIo({ cwd: dir });
    const code = await runCli(['serve', '--port', '0', '--data-dir', dir, '--layout', '/etc/passwd'], io);
    expect(code).toBe(exitCodes.cannotStart);
    expect(io.err()).toMatch(/--layout \/etc\/passwd: \/etc\/passwd is not read: .*never system folders/);
  });
});
