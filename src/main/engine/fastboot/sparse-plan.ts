import { touchesRanges, type ByteRange } from './byte-range';

/** What the sparse writer reads: an image's size and its bytes at an offset (a view valid until the next read). */
export interface SparseImageSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

/** A run of blocks of one kind: RAW (data sent), FILL (one 4-byte value repeated), SKIP (DONT_CARE). */
export type SparseRun =
  | { readonly kind: 'RAW'; readonly first: number; readonly count: number }
  | { readonly kind: 'FILL'; readonly first: number; readonly count: number; readonly value: number }
  | { readonly kind: 'SKIP'; readonly first: number; readonly count: number };

/** One piece's runs, covering blocks [first, end) of the image. */
export interface PiecePlan {
  readonly first: number;
  readonly end: number;
  readonly runs: readonly SparseRun[];
}

export const sparseFileHeaderBytes = 28;
export const sparseChunkHeaderBytes = 12;

/** The bytes a run takes in a sparse file: its chunk header, plus its data (RAW) or its value (FILL). */
export function runBytes(run: SparseRun, blockSize: number): number {
  if (run.kind === 'RAW') return sparseChunkHeaderBytes + run.count * blockSize;
  return sparseChunkHeaderBytes + (run.kind === 'FILL' ? 4 : 0);
}

type BlockKind = { kind: 'RAW' } | { kind: 'FILL'; value: number } | { kind: 'SKIP' };

/**
 * Plans the next piece from block `first`: reads each block once to tell RAW from FILL (a block that repeats its
 * first 4 bytes throughout) and leaves blocks outside `mapped` as SKIP, until `budget` bytes of chunks are used.
 * The last block of an image whose size is not a multiple of the block size is read padded with zeros.
 */
export async function planPiece(
  image: SparseImageSource,
  first: number,
  budget: number,
  blockSize: number,
  mapped: readonly ByteRange[] | undefined,
): Promise<PiecePlan> {
  const totalBlocks = Math.ceil(image.size / blockSize);
  const runs: SparseRun[] = [];
  let used = 0;
  let block = first;
  const block4 = Buffer.alloc(blockSize);
  while (block < totalBlocks) {
    const kind = await classify(image, block, blockSize, mapped, block4);
    const last = runs.at(-1);
    const grows =
      last !== undefined &&
      last.kind === kind.kind &&
      (last.kind !== 'FILL' || (kind.kind === 'FILL' && last.value === kind.value));
    if (grows) {
      const grown = last.kind === 'RAW' ? blockSize : 0;
      if (used + grown > budget) break;
      runs[runs.length - 1] = { ...last, count: last.count + 1 };
      used += grown;
    } else {
      const run: SparseRun =
        kind.kind === 'FILL'
          ? { kind: 'FILL', first: block, count: 1, value: kind.value }
          : { kind: kind.kind, first: block, count: 1 };
      const cost = runBytes(run, blockSize);
      if (used + cost > budget) break;
      runs.push(run);
      used += cost;
    }
    block += 1;
  }
  return { first, end: block, runs };
}

async function classify(
  image: SparseImageSource,
  block: number,
  blockSize: number,
  mapped: readonly ByteRange[] | undefined,
  scratch: Buffer,
): Promise<BlockKind> {
  const start = block * blockSize;
  const end = Math.min(start + blockSize, image.size);
  if (mapped !== undefined && !touchesRanges(mapped, start, end)) return { kind: 'SKIP' };
  const bytes = await image.read(start, end - start);
  scratch.fill(0);
  scratch.set(bytes.subarray(0, end - start));
  // Periodic with period 4 (every byte equals the one 4 further on): one 32-bit value repeated.
  if (scratch.compare(scratch, 4, blockSize, 0, blockSize - 4) !== 0) return { kind: 'RAW' };
  return { kind: 'FILL', value: scratch.readUInt32LE(0) };
}
