/**
 * Android sparse images as U-Boot reads them: `is_sparse_image` (include/image-sparse.h) and
 * `write_sparse_image` (lib/image-sparse.c), with its exact checks and quirks, over a byte buffer.
 */

/** include/sparse_format.h. */
export const sparseFormat = {
  magic: 0xed26ff3a,
  /** sizeof(sparse_header_t), sizeof(chunk_header_t). */
  fileHeaderSize: 28,
  chunkHeaderSize: 12,
  raw: 0xcac1,
  fill: 0xcac2,
  dontCare: 0xcac3,
  crc32: 0xcac4,
} as const;

/** `CONFIG_IMAGE_SPARSE_FILLBUF_SIZE` default (lib/Kconfig): a FILL is written in pieces of this size. */
const fillBufferSize = 1024 * 1024;

/** Where the blocks go: the partition (in 512-byte blocks) and the writes, as `struct sparse_storage`. */
export interface SparseStorage {
  /** The partition name as the host gave it, for the console line. */
  readonly name: string;
  readonly blockSize: number;
  readonly start: number;
  readonly size: number;
  /** Writes `data` at block `block`; answers the blocks written. */
  write(block: number, data: Uint8Array): Promise<number>;
}

export type SparseOutcome =
  { readonly ok: true; readonly bytesWritten: number } | { readonly ok: false; readonly reason: string };

/**
 * Model choice `sparseReadsPastDownload`: U-Boot reads chunk headers and data from its download buffer without
 * bounds; past the downloaded bytes the board reads zeros.
 */
function reader(bytes: Uint8Array): { u16(at: number): number; u32(at: number): number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    u16: (at) => (at + 2 <= bytes.length ? view.getUint16(at, true) : 0),
    u32: (at) => (at + 4 <= bytes.length ? view.getUint32(at, true) : 0),
  };
}

/** `is_sparse_image`: the magic and major version 1. */
export function isSparseImage(bytes: Uint8Array): boolean {
  const read = reader(bytes);
  return read.u32(0) === sparseFormat.magic && read.u16(4) === 1;
}

function slice(bytes: Uint8Array, at: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (at < bytes.length) out.set(bytes.subarray(at, Math.min(bytes.length, at + length)));
  return out;
}

/**
 * `write_sparse_image`: RAW (total_sz must be chunk_hdr_sz + data), FILL (total_sz must be chunk_hdr_sz + 4),
 * DONT_CARE (no size check; skips), CRC32 (total_sz must equal chunk_hdr_sz, so a real CRC32 chunk with its 4
 * bytes fails with U-Boot's own text `Bogus chunk size for chunk type Dont Care`); any other type fails. A header
 * longer than expected is skipped twice, as U-Boot does (it adds file_hdr_sz, then the excess again).
 */
export async function writeSparseImage(
  storage: SparseStorage,
  image: Uint8Array,
  print: (line: string) => void,
): Promise<SparseOutcome> {
  const read = reader(image);
  const fileHeaderSize = read.u16(8);
  const chunkHeaderSize = read.u16(10);
  const blockSize = read.u32(12);
  const totalBlocks = read.u32(16);
  const totalChunks = read.u32(20);
  let at = fileHeaderSize;
  if (fileHeaderSize > sparseFormat.fileHeaderSize) at += fileHeaderSize - sparseFormat.fileHeaderSize;
  if (blockSize % storage.blockSize !== 0) {
    print(`write_sparse_image: Sparse image block size issue [${blockSize}]`);
    return { ok: false, reason: 'sparse image block size issue' };
  }
  print('Flashing Sparse Image');
  let block = storage.start;
  let bytesWritten = 0;
  let blocksSeen = 0;
  const end = storage.start + storage.size;
  for (let chunk = 0; chunk < totalChunks; chunk++) {
    const type = read.u16(at);
    const chunkBlocks = read.u32(at + 4);
    const totalSize = read.u32(at + 8);
    at += sparseFormat.chunkHeaderSize;
    if (chunkHeaderSize > sparseFormat.chunkHeaderSize) at += chunkHeaderSize - sparseFormat.chunkHeaderSize;
    const dataSize = blockSize * chunkBlocks;
    const count = Math.ceil(dataSize / storage.blockSize);
    if (type === sparseFormat.raw) {
      if (totalSize !== chunkHeaderSize + dataSize)
        return { ok: false, reason: 'Bogus chunk size for chunk type Raw' };
      if (block + count > end) {
        print('write_sparse_image: Request would exceed partition size!');
        return { ok: false, reason: 'Request would exceed partition size!' };
      }
      const written = await storage.write(block, slice(image, at, count * storage.blockSize));
      if (written < count) return { ok: false, reason: 'flash write failure(incomplete)' };
      block += written;
      bytesWritten += count * storage.blockSize;
      blocksSeen += chunkBlocks;
      at += dataSize;
    } else if (type === sparseFormat.fill) {
      if (totalSize !== chunkHeaderSize + 4)
        return { ok: false, reason: 'Bogus chunk size for chunk type FILL' };
      const value = read.u32(at);
      at += 4;
      if (block + count > end) {
        print('write_sparse_image: Request would exceed partition size!');
        return { ok: false, reason: 'Request would exceed partition size!' };
      }
      const perWrite = fillBufferSize / storage.blockSize;
      const pattern = new Uint8Array(fillBufferSize);
      new DataView(pattern.buffer).setUint32(0, value, true);
      for (let filled = 4; filled < pattern.length; filled *= 2) pattern.copyWithin(filled, 0, filled);
      for (let i = 0; i < count;) {
        const n = Math.min(count - i, perWrite);
        const written = await storage.write(block, pattern.subarray(0, n * storage.blockSize));
        if (written < n) return { ok: false, reason: 'flash write failure' };
        block += written;
        i += n;
      }
      bytesWritten += count * storage.blockSize;
      blocksSeen += Math.ceil(dataSize / blockSize);
    } else if (type === sparseFormat.dontCare) {
      block += count;
      blocksSeen += chunkBlocks;
    } else if (type === sparseFormat.crc32) {
      if (totalSize !== chunkHeaderSize)
        return { ok: false, reason: 'Bogus chunk size for chunk type Dont Care' };
      blocksSeen += chunkBlocks;
      at += dataSize;
    } else {
      print(`write_sparse_image: Unknown chunk type: ${type.toString(16)}`);
      return { ok: false, reason: 'Unknown chunk type' };
    }
  }
  print(`........ wrote ${bytesWritten} bytes to '${storage.name}'`);
  if (blocksSeen !== totalBlocks) return { ok: false, reason: 'sparse image write failure' };
  return { ok: true, bytesWritten };
}
