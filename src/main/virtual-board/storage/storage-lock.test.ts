import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparseMedium } from './sparse-medium';
import { StorageLock, storageLockName } from './storage-lock';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'storage-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a storage folder', () => {
  it('a lock whose process is gone is taken over', async () => {
    const storage = path.join(dir, 'stale');
    await mkdir(storage, { recursive: true });
    const gone = spawn(process.execPath, ['-e', '0']);
    const pid = gone.pid ?? 0;
    await new Promise((resolve) => gone.on('close', resolve));
    await writeFile(path.join(storage, storageLockName), `${pid}\n`);
    const lock = await StorageLock.acquire(storage);
    expect(await readFile(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    await expect(StorageLock.acquire(storage)).rejects.toThrow(/in use by another simulation/);
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('never follows a symbolic link to a memory file', async () => {
    const target = path.join(dir, 'precious.bin');
    await writeFile(target, 'precious');
    await symlink(target, path.join(dir, 'mmc0.img'));
    await expect(SparseMedium.open(path.join(dir, 'mmc0.img'), 1024 * 1024)).rejects.toThrow(
      /is a symbolic link; it is not followed/,
    );
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await stat(target)).size).toBe(8);
  });
});
