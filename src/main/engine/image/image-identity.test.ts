import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { describeChanges, identityChanges, readImageIdentity, recheckImageIdentity } from './image-identity';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A file of `bytes` bytes whose modification time is a round second (so `utimes` can put it back exactly). */
async function imageFile(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  await utimes(file, 1_700_000_000, 1_700_000_000);
  return file;
}

const content = (length: number, seed = 0): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

describe('the identity of an image file', () => {
  it('is its path, size, modification time and SHA-256, read across several chunks', async () => {
    const bytes = content(3 * 1024 * 1024 + 17);
    const file = await imageFile('big.bin', bytes);
    const identity = await readImageIdentity(file);
    expect(identity).toEqual({
      path: file,
      size: bytes.length,
      mtimeMs: 1_700_000_000_000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('the same file read twice is the same identity', async () => {
    const file = await imageFile('same.bin', content(5000));
    const first = await readImageIdentity(file);
    expect(identityChanges(first, await readImageIdentity(file))).toEqual([]);
    expect(await recheckImageIdentity(first)).toEqual([]);
  });

  it('an appended byte differs in size, modification time and content', async () => {
    const file = await imageFile('appended.bin', content(5000));
    const before = await readImageIdentity(file);
    await appendFile(file, Uint8Array.of(0));
    await utimes(file, 1_700_000_000, 1_700_000_001);
    const after = await readImageIdentity(file);
    expect(identityChanges(before, after)).toEqual(['size', 'mtime', 'content']);
    expect(describeChanges(['size'], before, after)).toBe('size 5000 → 5001 bytes');
  });

  it('the same size with other bytes and the modification time put back differs in content only', async () => {
    const file = await imageFile('rewritten.bin', content(5000));
    const before = await readImageIdentity(file);
    await imageFile('rewritten.bin', content(5000, 1));
    expect(await recheckImageIdentity(before)).toEqual(['content']);
  });

  it('a touched file (same bytes, new modification time) differs in modification time only', async () => {
    const file = await imageFile('touched.bin', content(5000));
    const before = await readImageIdentity(file);
    await utimes(file, 1_700_000_000, 1_700_000_060);
    const after = await readImageIdentity(file);
    expect(identityChanges(before, after)).toEqual(['mtime']);
    expect(describeChanges(['mtime'], before, after)).toBe(
      'modified 2023-11-14T22:13:20.000Z → 2023-11-14T22:14:20.000Z',
    );
  });

  it('an empty file has the SHA-256 of nothing', async () => {
    const file = await imageFile('empty.bin', new Uint8Array(0));
    expect((await readImageIdentity(file)).sha256).toBe(createHash('sha256').digest('hex'));
  });

  it.skipIf(process.platform === 'win32')('a FIFO is refused at once, never waited on', async () => {
    const file = path.join(dir, 'fifo');
    execFileSync('mkfifo', [file]);
    await expect(readImageIdentity(file)).rejects.toThrow(/not a regular file/);
  });
});
