import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteRange } from './byte-range';
import { sparsePieces, type SparsePiece } from './sparse-writer';
import { applySparseImage } from './test-support/sparse-image-reader';
import { sameBytes } from './test-support/same-bytes';

const run = promisify(execFile);
const block = 4096;

/** An image of 40 blocks and 1000 bytes: data, zeros, a 4-byte pattern, data again, and a cut last block. */
function testImage(): Uint8Array {
  const image = new Uint8Array(40 * block + 1000);
  for (let at = 0; at < 10 * block; at += 1) image[at] = (at * 31 + 7) & 0xff;
  // blocks 10..19 stay zero: one FILL of 0
  for (let at = 20 * block; at < 26 * block; at += 4) image.set([0xde, 0xad, 0xbe, 0xef], at);
  for (let at = 26 * block; at < image.length; at += 1) image[at] = (at * 13) & 0xff;
  return image;
}

const source = (image: Uint8Array) => ({
  size: image.length,
  read: (at: number, length: number) => image.subarray(at, at + length),
});

async function collect(piece: SparsePiece): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of piece.chunks()) parts.push(Uint8Array.from(part));
  return Buffer.concat(parts);
}

async function allPieces(image: Uint8Array, maxDownloadSize: number, mapped?: readonly ByteRange[]) {
  const pieces: { piece: SparsePiece; bytes: Uint8Array }[] = [];
  for await (const piece of sparsePieces(source(image), { maxDownloadSize, ...(mapped ? { mapped } : {}) }))
    pieces.push({ piece, bytes: await collect(piece) });
  return pieces;
}

describe('sparsePieces', () => {
  it('cuts an image into pieces no larger than max-download-size, each a whole-image sparse file U-Boot accepts', async () => {
    const image = testImage();
    const pieces = await allPieces(image, 32 * 1024);
    expect(pieces.length).toBeGreaterThan(2);
    const target = new Uint8Array(41 * block).fill(0x5a);
    for (const { piece, bytes } of pieces) {
      expect(bytes.length).toBe(piece.size);
      expect(piece.size).toBeLessThanOrEqual(32 * 1024);
      const read = applySparseImage(bytes, target);
      expect(read.totalBlocks).toBe(41);
    }
    expect(sameBytes(target.subarray(0, image.length), image)).toBe(true);
    // The cut last block is written whole, padded with zeros.
    expect(target.subarray(image.length).every((byte) => byte === 0)).toBe(true);
    const sum = (key: 'rawBytes' | 'fillBytes' | 'skippedBytes') =>
      pieces.reduce((total, { piece }) => total + piece[key], 0);
    expect(sum('fillBytes')).toBe(16 * block);
    expect(sum('rawBytes')).toBe(25 * block);
    expect(sum('skippedBytes')).toBe(0);
    expect(pieces.map(({ piece }) => piece.span.start)).toEqual(
      pieces.map((_, index) => pieces[index - 1]?.piece.span.end ?? 0),
    );
  });

  it('writes FILL for uniform blocks and DONT_CARE around each piece, never a CRC32 chunk', async () => {
    const image = testImage();
    const [only] = await allPieces(image, 1 << 20);
    const chunkTypes = applySparseImage(
      only?.bytes ?? new Uint8Array(0),
      new Uint8Array(41 * block),
    ).chunkTypes;
    expect(chunkTypes).toEqual(['RAW', 'FILL', 'FILL', 'RAW']);
    const pieces = await allPieces(image, 32 * 1024);
    const second = applySparseImage(
      pieces[1]?.bytes ?? new Uint8Array(0),
      new Uint8Array(41 * block),
    ).chunkTypes;
    expect(second[0]).toBe('DONT_CARE');
    expect(second.at(-1)).toBe('DONT_CARE');
  });

  it('leaves blocks outside the bmap’s ranges unwritten and counts them as skipped', async () => {
    const image = testImage();
    const mapped = [
      { start: 0, end: 3 * block },
      { start: 26 * block + 10, end: 28 * block },
    ];
    const pieces = await allPieces(image, 1 << 20, mapped);
    const target = new Uint8Array(41 * block).fill(0x5a);
    for (const { bytes } of pieces) applySparseImage(bytes, target);
    expect(sameBytes(target.subarray(0, 3 * block), image.subarray(0, 3 * block))).toBe(true);
    expect(sameBytes(target.subarray(26 * block, 28 * block), image.subarray(26 * block, 28 * block))).toBe(
      true,
    );
    expect(target.subarray(3 * block, 26 * block).every((byte) => byte === 0x5a)).toBe(true);
    expect(target.subarray(28 * block).every((byte) => byte === 0x5a)).toBe(true);
    const skipped = pieces.reduce((total, { piece }) => total + piece.skippedBytes, 0);
    expect(skipped).toBe(36 * block);
  });

  it('refuses a max-download-size that cannot hold a block', async () => {
    const pieces = sparsePieces(source(testImage()), { maxDownloadSize: 4096 });
    await expect(pieces[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(RangeError);
  });
});

describe('sparsePieces against Debian’s simg2img', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sparse-writer-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('each piece unsparses to a whole-image file equal to the image over the piece’s own mapped blocks', async () => {
    const image = testImage();
    const mapped = [
      { start: 0, end: 12 * block },
      { start: 20 * block, end: image.length },
    ];
    const pieces = await allPieces(image, 48 * 1024, mapped);
    expect(pieces.length).toBeGreaterThan(2);
    for (const [index, { piece, bytes }] of pieces.entries()) {
      const simg = join(folder, `piece-${index}.simg`);
      const raw = join(folder, `piece-${index}.raw`);
      await writeFile(simg, bytes);
      await run('simg2img', [simg, raw]);
      const out = new Uint8Array(await readFile(raw));
      expect(out.length).toBe(41 * block);
      for (const range of mapped) {
        const start = Math.max(range.start - (range.start % block), piece.span.start);
        const end = Math.min(range.end, piece.span.end);
        if (start < end) expect(sameBytes(out.subarray(start, end), image.subarray(start, end))).toBe(true);
      }
    }
  });
});
