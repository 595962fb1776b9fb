import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { checksumRangeBlocks, checksumRanges, mapBlockBytes } from './block-map';
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

  it('cut a long range into adjacent pieces, hashed on two threads, as the read-back lists them', async () => {
    const pieceBytes = checksumRangeBlocks * mapBlockBytes;
    // An odd length past two and a half pieces, at an offset that is not a block boundary.
    await writeFile(path.join(dir, 'big.bin'), imageBytes(pieceBytes * 2 + pieceBytes / 2 + 123, 4));
    const layout = path.join(dir, 'Big.tsv');
    await writeFile(
      layout,
      [
        '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
        'P\t0x11\trootfs\tFileSystem\tmmc0\t0x00004400\tbig.bin',
        '',
      ].join('\n'),
    );
    const diskBytes = 64n * 1024n * 1024n;
    const plan = await loadCardPlan({ layoutPath: layout, diskBytes });
    const card = path.join(dir, 'big.img');
    const { map, checksums } = await writeSparseCard(plan, diskBytes, card);
    // Hashed in one pass over exactly the pieces the bmap lists (else bmapText would quietly read the image back).
    expect(checksums?.map(({ first, last }) => [first, last])).toEqual(checksumRanges(map.ranges()));
    const onePass = await bmapText(card, Number(diskBytes), map, checksums);
    expect(onePass).toBe(await bmapText(card, Number(diskBytes), map));
    const ranges = [...onePass.matchAll(/<Range chksum="[0-9a-f]{64}"> (\d+)-(\d+) <\/Range>/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    // The primary GPT and the image (one range cut in pieces); not the backup GPT at the disk's end.
    const imageRanges = ranges.filter(([first]) => (first ?? 0) < 16_000);
    expect(imageRanges.length).toBeGreaterThanOrEqual(3);
    for (const [index, [first, last]] of imageRanges.entries()) {
      if (index > 0) expect(first).toBe((imageRanges[index - 1]?.[1] ?? 0) + 1);
      expect((last ?? 0) - (first ?? 0) + 1).toBeLessThanOrEqual(checksumRangeBlocks);
    }
  });
});
