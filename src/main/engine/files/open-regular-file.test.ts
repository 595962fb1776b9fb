import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDeadlineError, withDeadline } from './file-deadline';
import { NotARegularFileError } from './file-kind';
import { openRegularFile, readSmallRegularFile } from './open-regular-file';
import { regularFileChunks } from './regular-file-chunks';

const generous = 10_000;
let dir = '';
let socketServer: net.Server | null = null;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flasher-files-'));
  await writeFile(path.join(dir, 'file.tsv'), 'abc');
  const made = spawnSync('mkfifo', [path.join(dir, 'fifo')]);
  if (made.status !== 0) throw new Error(`mkfifo: ${String(made.stderr)}`);
  const server = net.createServer();
  socketServer = server;
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'socket'), resolve));
});
afterAll(async () => {
  await new Promise((resolve) => socketServer?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('openRegularFile', () => {
  it('opens a regular file and gives its size from the handle', async () => {
    const { handle, stats } = await openRegularFile(path.join(dir, 'file.tsv'));
    await handle.close();
    expect(stats.size).toBe(3n);
    expect(await readSmallRegularFile(path.join(dir, 'file.tsv'), 10)).toEqual(
      new TextEncoder().encode('abc'),
    );
  });

  it.each([
    ['fifo', 'fifo', /named pipe \(FIFO\)/],
    ['socket', 'socket', /a socket/],
    ['character device', '/dev/zero', /character device/],
    ['folder', '.', /a folder/],
  ])(
    'refuses a %s before reading a byte, at once',
    async (kind, name, words) => {
      const attempt = openRegularFile(path.resolve(dir, name));
      await expect(attempt).rejects.toBeInstanceOf(NotARegularFileError);
      await expect(attempt).rejects.toMatchObject({ kind, message: expect.stringMatching(words) });
    },
    generous,
  );

  it('refuses a file larger than asked for, unread', async () => {
    await expect(readSmallRegularFile(path.join(dir, 'file.tsv'), 2)).rejects.toMatchObject({
      code: 'EFBIG',
    });
  });

  it('never reads past the size the file had when opened', async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of regularFileChunks(path.join(dir, 'file.tsv'), { chunkBytes: 2 }))
      chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 1]);
  });
});

describe('withDeadline', () => {
  it('gives up on an operation that never ends, and hands a late result to `late`', async () => {
    let finish: (value: string) => void = () => undefined;
    const never = new Promise<string>((resolve) => (finish = resolve));
    const late: string[] = [];
    await expect(withDeadline(never, 20, 'reading x', (value) => late.push(value))).rejects.toBeInstanceOf(
      FileDeadlineError,
    );
    finish('handle');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(late).toEqual(['handle']);
  });

  it('answers an operation that ends in time', async () => {
    expect(await withDeadline(Promise.resolve(1), 1000, 'x')).toBe(1);
  });
});
