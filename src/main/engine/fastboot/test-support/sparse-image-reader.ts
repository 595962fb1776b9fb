/**
 * The test's own reading of an Android sparse image, with the checks U-Boot's lib/image-sparse.c makes:
 * magic and major version 1, a 28-byte file header and 12-byte chunk headers, RAW's total size equal to header
 * plus data, FILL's to header plus 4, CRC32 chunks refused (the writer must never send one), and the blocks the
 * chunks cover equal to `total_blks`. Applies the chunks to `target` from its start, as U-Boot does from the
 * partition's first block: DONT_CARE leaves bytes as they are.
 */
export interface SparseReadResult {
  readonly blockSize: number;
  readonly totalBlocks: number;
  readonly chunkTypes: readonly ('RAW' | 'FILL' | 'DONT_CARE')[];
  /** Bytes RAW and FILL chunks wrote. */
  readonly writtenBytes: number;
}

export const sparseMagic = 0xed26ff3a;

export function applySparseImage(image: Uint8Array, target: Uint8Array): SparseReadResult {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (view.getUint32(0, true) !== sparseMagic) throw new Error('not a sparse image');
  if (view.getUint16(4, true) !== 1) throw new Error('sparse major version is not 1');
  const fileHeader = view.getUint16(8, true);
  const chunkHeader = view.getUint16(10, true);
  if (fileHeader !== 28 || chunkHeader !== 12) throw new Error(`header sizes ${fileHeader}/${chunkHeader}`);
  const blockSize = view.getUint32(12, true);
  const totalBlocks = view.getUint32(16, true);
  const totalChunks = view.getUint32(20, true);
  const chunkTypes: SparseReadResult['chunkTypes'][number][] = [];
  let at = fileHeader;
  let block = 0;
  let writtenBytes = 0;
  for (let chunk = 0; chunk < totalChunks; chunk += 1) {
    const type = view.getUint16(at, true);
    const blocks = view.getUint32(at + 4, true);
    const total = view.getUint32(at + 8, true);
    at += chunkHeader;
    const bytes = blocks * blockSize;
    const offset = block * blockSize;
    if (type === 0xcac1) {
      if (total !== chunkHeader + bytes) throw new Error('Bogus chunk size for chunk type Raw');
      if (offset + bytes > target.length) throw new Error('Request would exceed partition size!');
      target.set(image.subarray(at, at + bytes), offset);
      at += bytes;
      writtenBytes += bytes;
      chunkTypes.push('RAW');
    } else if (type === 0xcac2) {
      if (total !== chunkHeader + 4) throw new Error('Bogus chunk size for chunk type FILL');
      if (offset + bytes > target.length) throw new Error('Request would exceed partition size!');
      const pattern = image.subarray(at, at + 4);
      for (let position = offset; position < offset + bytes; position += 4) target.set(pattern, position);
      at += 4;
      writtenBytes += bytes;
      chunkTypes.push('FILL');
    } else if (type === 0xcac3) {
      chunkTypes.push('DONT_CARE');
    } else {
      throw new Error(`chunk type 0x${type.toString(16)} (a CRC32 chunk, or unknown)`);
    }
    block += blocks;
  }
  if (at !== image.length) throw new Error(`${image.length - at} bytes after the last chunk`);
  if (block !== totalBlocks) throw new Error('sparse image write failure');
  return { blockSize, totalBlocks, chunkTypes, writtenBytes };
}
