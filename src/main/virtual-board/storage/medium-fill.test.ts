import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardStorage } from './board-storage';
import { parseFillPattern } from './medium-fill';
import { SparseMedium } from './sparse-medium';

const GiB = 1024 ** 3;
const pattern = Uint8Array.of(0xa5, 0x5a, 0xc3);
/** What byte `at` of a filled memory holds: the pattern repeats from byte 0. */
const expected = (at: number): number => pattern[at % pattern.length] ?? -1;

function holdsPattern(bytes: Uint8Array, offset: number): boolean {
  return bytes.every((byte, index) => byte === expected(offset + index));
}

describe('--sim-fill: a memory filled with a pattern', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-fill-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses 1 to 64 hex bytes, with or without 0x', () => {
    expect(parseFillPattern('a5')).toEqual(Uint8Array.of(0xa5));
    expect(parseFillPattern('0xDEADbeef')).toEqual(Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    for (const bad of ['', 'a', 'xyz', '0x', 'a5 5a', 'ab'.repeat(65)])
      expect(parseFillPattern(bad)).toBeNull();
  });

  it('reads as the pattern where the board never wrote, and as the board wrote elsewhere, without using the disk', async () => {
    const path = join(dir, 'mmc0.img');
    const medium = await SparseMedium.open(path, 8 * GiB, () => null, pattern);
    const data = new Uint8Array(4096).fill(0x3c);
    await medium.write(1_000_001, data);
    await medium.write(2 * GiB + 7, new Uint8Array(1000));
    await medium.erase(5 * GiB, 3 * 1024 * 1024);
    // Across the written range: pattern (in phase with the absolute offset), data, pattern.
    const around = await medium.read(1_000_001 - 100, 4096 + 200);
    expect(holdsPattern(around.subarray(0, 100), 1_000_001 - 100)).toBe(true);
    expect(around.subarray(100, 4196).every((byte) => byte === 0x3c)).toBe(true);
    expect(holdsPattern(around.subarray(4196), 1_000_001 + 4096)).toBe(true);
    // Zeros the board wrote and a range it erased read as zeros, not as the pattern.
    const zeros = await medium.read(2 * GiB, 1100);
    expect(holdsPattern(zeros.subarray(0, 7), 2 * GiB)).toBe(true);
    expect(zeros.subarray(7, 1007).every((byte) => byte === 0)).toBe(true);
    expect(holdsPattern(zeros.subarray(1007), 2 * GiB + 1007)).toBe(true);
    expect((await medium.read(5 * GiB, 3 * 1024 * 1024)).every((byte) => byte === 0)).toBe(true);
    expect(holdsPattern(await medium.read(8 * GiB - 300_000, 300_000), 8 * GiB - 300_000)).toBe(true);
    await medium.close();
    expect((await stat(path)).blocks * 512).toBeLessThan(1024 * 1024);

    // Opened again without a fill (a later run, a test reading it back): the same bytes.
    const again = await SparseMedium.open(path, 8 * GiB);
    expect(Buffer.from(await again.read(1_000_001 - 100, 4296)).equals(Buffer.from(around))).toBe(true);
    expect(Buffer.from(await again.read(2 * GiB, 1100)).equals(Buffer.from(zeros))).toBe(true);
    await again.close();
    // Filled again: whatever it held is gone.
    const refilled = await SparseMedium.open(path, 8 * GiB, () => null, Uint8Array.of(0x11));
    expect((await refilled.read(1_000_001, 4096)).every((byte) => byte === 0x11)).toBe(true);
    await refilled.close();
    // A memory file made anew holds zeros: an older fill record does not apply to it.
    await rm(path);
    const fresh = await SparseMedium.open(path, 8 * GiB);
    expect((await fresh.read(1_000_001, 4096)).every((byte) => byte === 0)).toBe(true);
    await fresh.close();
  });

  it("fills each memory of a board's storage when first opened, eMMC boot areas included", async () => {
    const storage = new BoardStorage(dir, new Map(), pattern);
    for (const name of ['mmc1', 'mmc1-boot1']) {
      const medium = await storage.medium(name);
      expect(holdsPattern(await medium.read(12_345, 999), 12_345)).toBe(true);
    }
    await storage.close();
    await mkdir(join(dir, 'plain'));
    const plain = new BoardStorage(join(dir, 'plain'));
    expect((await (await plain.medium('mmc0')).read(0, 4096)).every((byte) => byte === 0)).toBe(true);
    await plain.close();
  });
});
