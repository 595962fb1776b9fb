import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SparseMedium } from './sparse-medium';

describe('a sparse memory file', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-sparse-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('costs no disk for 4 GiB, never writes a zero block into a hole, and zeroes over data', async () => {
    const path = join(dir, 'mmc0.img');
    const medium = await SparseMedium.open(path, 4 * 1024 ** 3);
    for (let i = 0; i < 256; i++) await medium.write(i * 4096 + 1024 ** 3, new Uint8Array(4096));
    const data = new Uint8Array(4096).fill(0xa5);
    await medium.write(8192, data);
    await medium.write(8192, new Uint8Array(4096));
    expect((await medium.read(8192, 4096)).every((byte) => byte === 0)).toBe(true);
    await medium.write(3 * 1024 ** 3, data);
    await medium.erase(2 * 1024 ** 3, 2 * 1024 ** 3 - 4096);
    expect((await medium.read(3 * 1024 ** 3, 4096)).every((byte) => byte === 0)).toBe(true);
    await medium.close();
    const info = await stat(path);
    expect(info.size).toBe(4 * 1024 ** 3);
    expect(info.blocks * 512).toBeLessThan(1024 * 1024);

    const reopened = await SparseMedium.open(path, 4 * 1024 ** 3);
    await reopened.write(8192, data);
    await reopened.write(8192, new Uint8Array(4096));
    expect((await reopened.read(8192, 4096)).every((byte) => byte === 0)).toBe(true);
    await reopened.close();
  });
});
