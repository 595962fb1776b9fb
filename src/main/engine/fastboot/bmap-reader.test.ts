import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockMap } from '../image/block-map';
import { writeBmapFile } from '../image/bmap-file';
import { BmapStaleError, readBmapFor } from './bmap-reader';

const run = promisify(execFile);
const block = 4096;

/** A sparse file of 64 blocks + 100 bytes with data in blocks 2-3 and 40, and the map of those blocks. */
async function makeImage(path: string): Promise<BlockMap> {
  const handle = await open(path, 'w');
  await handle.truncate(64 * block + 100);
  await handle.write(new Uint8Array(2 * block).fill(0x11), 0, 2 * block, 2 * block);
  await handle.write(new Uint8Array(10).fill(0x22), 0, 10, 40 * block + 5);
  await handle.close();
  const map = new BlockMap();
  map.addBytes(2n * BigInt(block), 4n * BigInt(block));
  map.addBytes(40n * BigInt(block) + 5n, 40n * BigInt(block) + 15n);
  return map;
}

describe('readBmapFor', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bmap-reader-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads the mapped ranges of a bmap this app wrote, after checking size and checksums', async () => {
    const image = join(folder, 'card.img');
    const map = await makeImage(image);
    await writeBmapFile(`${image}.bmap`, image, 64 * block + 100, map);
    expect(await readBmapFor(image)).toEqual({
      bmapFile: `${image}.bmap`,
      imageSize: 64 * block + 100,
      blockSize: block,
      mapped: [
        { start: 2 * block, end: 4 * block },
        { start: 40 * block, end: 41 * block },
      ],
      mappedBytes: 3 * block,
    });
  });

  it('reads a bmap bmaptool create wrote', async () => {
    const image = join(folder, 'tool.img');
    await makeImage(image);
    await run('bmaptool', ['create', '-o', `${image}.bmap`, image]);
    const ranges = await readBmapFor(image);
    expect(ranges?.mapped).toEqual([
      { start: 2 * block, end: 4 * block },
      { start: 40 * block, end: 41 * block },
    ]);
  });

  it('answers null when the image has no bmap beside it', async () => {
    const image = join(folder, 'alone.img');
    await writeFile(image, new Uint8Array(block));
    expect(await readBmapFor(image)).toBeNull();
  });

  it('refuses a stale bmap, naming it: a byte changed inside a mapped range', async () => {
    const image = join(folder, 'changed.img');
    const map = await makeImage(image);
    await writeBmapFile(`${image}.bmap`, image, 64 * block + 100, map);
    const handle = await open(image, 'r+');
    await handle.write(Uint8Array.of(0x33), 0, 1, 40 * block + 7);
    await handle.close();
    const error = await readBmapFor(image).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BmapStaleError);
    expect(error).toMatchObject({ code: 'FAST_BMAP_STALE', bmapFile: `${image}.bmap` });
    expect(String(error)).toContain(`${image}.bmap`);
  });

  it('refuses a stale bmap: the image’s size changed', async () => {
    const image = join(folder, 'grown.img');
    const map = await makeImage(image);
    await writeBmapFile(`${image}.bmap`, image, 64 * block + 100, map);
    const handle = await open(image, 'r+');
    await handle.truncate(64 * block + 200);
    await handle.close();
    await expect(readBmapFor(image)).rejects.toMatchObject({ code: 'FAST_BMAP_STALE' });
  });

  it('refuses a bmap whose own checksum does not match its text', async () => {
    const image = join(folder, 'edited.img');
    const map = await makeImage(image);
    await writeBmapFile(`${image}.bmap`, image, 64 * block + 100, map);
    const text = await readFile(`${image}.bmap`, 'utf8');
    await writeFile(`${image}.bmap`, text.replace('<!-- The block map', '<!-- A block map'));
    await expect(readBmapFor(image)).rejects.toMatchObject({ code: 'FAST_BMAP_STALE' });
  });
});
