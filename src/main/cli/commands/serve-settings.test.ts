import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flasher-serve-settings-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('serve --data-dir and --reconnect-timeout', () => {
  it('sets a corrupt settings file aside, says so, and serves with the defaults', async () => {
    await writeFile(path.join(dir, 'settings.json'), 'not json');
    const io = fakeCliIo();
    const running = runCli(['serve', '--port', '0', '--data-dir', dir, '--reconnect-timeout', '3000'], io);
    await waitFor(() => io.out().includes('Listening on'));
    expect(io.out()).toMatch(/Warning: The settings file .*settings\.json could not be used/);
    expect((await readdir(dir)).filter((name) => name.startsWith('settings.corrupt-'))).toHaveLength(1);
    io.interruptNow();
    expect(await running).toBe(exitCodes.interrupted);
  });

  it.each([['50'], ['soon'], ['700000']])('refuses --reconnect-timeout %s with exit 2', async (value) => {
    const io = fakeCliIo();
    expect(await runCli(['serve', '--port', '0', '--reconnect-timeout', value], io)).toBe(
      exitCodes.cannotStart,
    );
    expect(io.err()).toMatch(/milliseconds from 100 to 600000/);
  });
});
