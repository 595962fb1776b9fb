import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingLogFile } from './rotating-log-file';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'app-log-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** 99 characters and a newline: 100 bytes a line. */
const line = (index: number) => `line ${String(index).padStart(3, '0')} `.padEnd(99, '.');

describe('RotatingLogFile', () => {
  it('rotates past the size into .1 … .N, keeping the newest lines and dropping the oldest file', async () => {
    const log = new RotatingLogFile({ folder, fileName: 'app.log', maxBytes: 300, maxFiles: 4 });
    for (let index = 0; index < 20; index += 1) log.append(line(index));
    await log.flush();
    expect((await readdir(folder)).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2', 'app.log.3']);
    const read = async (name: string) =>
      (await readFile(path.join(folder, name), 'utf8')).trimEnd().split('\n');
    // 3 lines a file: the live one holds the last lines, .3 the oldest kept; lines 0 to 8 are gone.
    expect(await read('app.log')).toEqual([line(18), line(19)]);
    expect(await read('app.log.1')).toEqual([line(15), line(16), line(17)]);
    expect(await read('app.log.3')).toEqual([line(9), line(10), line(11)]);
    for (const name of await readdir(folder))
      expect((await readFile(path.join(folder, name))).length).toBeLessThanOrEqual(300);
  });

  it('counts the bytes a file already has when it is opened again', async () => {
    await writeFile(path.join(folder, 'app.log'), `${line(0)}\n${line(1)}\n${line(2)}\n`);
    const log = new RotatingLogFile({ folder, fileName: 'app.log', maxBytes: 300, maxFiles: 2 });
    log.append(line(3));
    await log.flush();
    expect(await readFile(path.join(folder, 'app.log'), 'utf8')).toBe(`${line(3)}\n`);
    expect(await readFile(path.join(folder, 'app.log.1'), 'utf8')).toMatch(/^line 000/);
  });

  it('never throws into the caller: an unwritable folder drops lines and says why in lastError', async () => {
    const blocker = path.join(folder, 'a-file');
    await writeFile(blocker, 'not a folder');
    const log = new RotatingLogFile({ folder: path.join(blocker, 'logs'), fileName: 'app.log' });
    expect(() => log.append('lost')).not.toThrow();
    await expect(log.flush()).resolves.toBeUndefined();
    expect(log.lastError).toBeInstanceOf(Error);
  });

  it('append returns before anything is written: the writes happen after, in order', async () => {
    const log = new RotatingLogFile({ folder, fileName: 'app.log' });
    log.append('first');
    log.append('second');
    expect(existsSync(path.join(folder, 'app.log'))).toBe(false);
    await log.flush();
    expect(await readFile(path.join(folder, 'app.log'), 'utf8')).toBe('first\nsecond\n');
  });
});
