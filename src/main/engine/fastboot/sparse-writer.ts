import type { ByteRange } from './byte-range';
import {
  planPiece,
  runBytes,
  sparseChunkHeaderBytes,
  sparseFileHeaderBytes,
  type PiecePlan,
  type SparseImageSource,
  type SparseRun,
} from './sparse-plan';

/**
 * Android sparse images (format 1.0, AOSP libsparse's sparse_format.h, which U-Boot's include/sparse_format.h
 * copies) cut to fit fastboot's max-download-size. U-Boot's lib/image-sparse.c writes each downloaded sparse image
 * from the partition's first block, a DONT_CARE chunk only moving on; so every piece describes the whole image:
 * DONT_CARE over the blocks before its own, its RAW/FILL/DONT_CARE chunks, DONT_CARE over the blocks after, and
 * `total_blks` the image's block count (U-Boot checks the chunks add up to it). No CRC32 chunk is ever written
 * (U-Boot requires its size to equal the chunk header's). The image is read block by block, never held whole.
 */
export interface SparsePiece {
  /** Bytes of this sparse file: what `download:` announces. */
  readonly size: number;
  /** The file's bytes, in order; each array is valid until the next is asked for. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Image bytes this piece sends as RAW data. */
  readonly rawBytes: number;
  /** Image bytes this piece writes as FILL (4 bytes sent for each run). */
  readonly fillBytes: number;
  /** Image bytes in this piece's own blocks left unwritten (outside the bmap's ranges). */
  readonly skippedBytes: number;
  /** The image bytes this piece's own blocks cover (the pieces' spans follow each other). */
  readonly span: ByteRange;
}

export interface SparseOptions {
  /** The board's max-download-size: no piece is larger. */
  readonly maxDownloadSize: number;
  /** Sparse block size; default 4096 (a multiple of the MMC's 512-byte blocks, as U-Boot requires). */
  readonly blockSize?: number;
  /** Byte ranges that hold data (a bmap's); blocks outside them are DONT_CARE. Absent: every block is sent. */
  readonly mapped?: readonly ByteRange[];
}

const magic = 0xed26ff3a;
const chunkType = { RAW: 0xcac1, FILL: 0xcac2, SKIP: 0xcac3 } as const;
/** RAW data is read and handed on in slices of at most this much. */
const rawSliceBytes = 1 << 20;

/** Room for the two DONT_CARE chunks that cover the blocks before and after a piece's own. */
const framingBytes = sparseFileHeaderBytes + 2 * sparseChunkHeaderBytes;

export async function* sparsePieces(
  image: SparseImageSource,
  options: SparseOptions,
): AsyncIterable<SparsePiece> {
  const blockSize = options.blockSize ?? 4096;
  if (blockSize <= 0 || blockSize % 512 !== 0)
    throw new RangeError(`sparse block size ${blockSize} is not a multiple of 512`);
  const budget = options.maxDownloadSize - framingBytes;
  if (budget < sparseChunkHeaderBytes + blockSize)
    throw new RangeError(
      `max-download-size ${options.maxDownloadSize} cannot hold one ${blockSize}-byte block as a sparse image`,
    );
  const totalBlocks = Math.ceil(image.size / blockSize);
  for (let first = 0; first < totalBlocks;) {
    const plan = await planPiece(image, first, budget, blockSize, options.mapped);
    yield piece(image, plan, totalBlocks, blockSize);
    first = plan.end;
  }
}

function piece(
  image: SparseImageSource,
  plan: PiecePlan,
  totalBlocks: number,
  blockSize: number,
): SparsePiece {
  const runs: SparseRun[] = [...plan.runs];
  if (plan.first > 0) runs.unshift({ kind: 'SKIP', first: 0, count: plan.first });
  if (plan.end < totalBlocks) runs.push({ kind: 'SKIP', first: plan.end, count: totalBlocks - plan.end });
  const bytesOf = (kind: SparseRun['kind']): number =>
    plan.runs.filter((run) => run.kind === kind).reduce((sum, run) => sum + run.count * blockSize, 0);
  return {
    size: sparseFileHeaderBytes + runs.reduce((sum, run) => sum + runBytes(run, blockSize), 0),
    rawBytes: bytesOf('RAW'),
    fillBytes: bytesOf('FILL'),
    skippedBytes: bytesOf('SKIP'),
    span: { start: plan.first * blockSize, end: Math.min(plan.end * blockSize, image.size) },
    chunks: () => pieceBytes(image, runs, totalBlocks, blockSize),
  };
}

async function* pieceBytes(
  image: SparseImageSource,
  runs: readonly SparseRun[],
  totalBlocks: number,
  blockSize: number,
): AsyncIterable<Uint8Array> {
  const header = new DataView(new ArrayBuffer(sparseFileHeaderBytes));
  header.setUint32(0, magic, true);
  header.setUint16(4, 1, true); // major version
  header.setUint16(6, 0, true); // minor version
  header.setUint16(8, sparseFileHeaderBytes, true);
  header.setUint16(10, sparseChunkHeaderBytes, true);
  header.setUint32(12, blockSize, true);
  header.setUint32(16, totalBlocks, true);
  header.setUint32(20, runs.length, true);
  header.setUint32(24, 0, true); // image_checksum: none (U-Boot does not read it)
  yield new Uint8Array(header.buffer);
  for (const run of runs) {
    const chunk = new DataView(new ArrayBuffer(sparseChunkHeaderBytes + (run.kind === 'FILL' ? 4 : 0)));
    chunk.setUint16(0, chunkType[run.kind], true);
    chunk.setUint32(4, run.count, true);
    chunk.setUint32(8, runBytes(run, blockSize), true);
    if (run.kind === 'FILL') chunk.setUint32(12, run.value, true);
    yield new Uint8Array(chunk.buffer);
    if (run.kind === 'RAW') yield* rawData(image, run.first * blockSize, run.count * blockSize);
  }
}

/** `length` bytes of the image from `start`, zeros past its end (the last block's padding). */
async function* rawData(image: SparseImageSource, start: number, length: number): AsyncIterable<Uint8Array> {
  for (let at = start; at < start + length;) {
    const want = Math.min(rawSliceBytes, start + length - at);
    const available = Math.max(0, Math.min(want, image.size - at));
    const bytes = available > 0 ? await image.read(at, available) : new Uint8Array(0);
    if (bytes.length < available)
      throw new Error(`the image gave ${bytes.length} of ${available} bytes at ${at}`);
    if (available === want) yield bytes;
    else {
      const padded = new Uint8Array(want);
      padded.set(bytes);
      yield padded;
    }
    at += want;
  }
}
