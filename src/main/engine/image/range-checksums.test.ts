import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { bmapText } from './bmap-file';
import { loadCardPlan } from './export-card-image';
import { writeSparseCard } from './sparse-card-writer';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** Bytes of a pattern with a zero 4 KiB block in the middle and an odd length (the last block is cut). */
function imageBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length).map((_, index) => (index * 7 + seed) & 0xff || 1);
  bytes.fill(0, 8192, 12288);
  return bytes;
}

describe('bmap checksums hashed while writing', () => {
  it('equal the checksums read back from the written image, range by range', async () => {
    await writeFile(path.join(dir, 'fsbl.bin'), imageBytes(5000, 1));
    await writeFile(path.join(dir, 'boot.bin'), imageBytes(70_001, 2));
    await writeFile(path.join(dir, 'rootfs.bin'), imageBytes(300_003, 3));
    const layout = path.join(dir, 'FlashLayout.tsv');
    await writeFile(
      layout,
      [
        '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
        'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\tfsbl.bin',
        'P\t0x05\tfsbl2\tBinary\tmmc0\t0x00044400\tfsbl.bin',
        'P\t0x10\tboot\tFileSystem\tmmc0\t0x00084400\tboot.bin',
        'P\t0x11\trootfs\tFileSystem\tmmc0\t0x00100000\trootfs.bin',
        '',
      ].join('\n'),
    );
    const diskBytes = 64n * 1024n * 1024n;
    const plan = await loadCardPlan({ layoutPath: layout, diskBytes });
    const card = path.join(dir, 'card.img');
    const { map, checksums } = await writeSparseCard(plan, diskBytes, card);
    expect(checksums).not.toBeNull();
    const onePass = await bmapText(card, Number(diskBytes), map, checksums);
    const readBack = await bmapText(card, Number(diskBytes), map);
    expect(onePass).toBe(readBack);
    expect(map.ranges().length).toBeGreaterThan(3);
  });
});
