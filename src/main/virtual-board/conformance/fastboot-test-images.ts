import { crc32 } from 'node:zlib';

/**
 * Test images for the fast path, written here by hand (test support; the engine has its own writers): a legacy
 * U-Boot script image as `mkimage -T script -C none -A arm -O linux` writes it, and Android sparse images.
 */

/** A legacy script image: 64-byte header (big-endian), then the length list `len, 0` and the script. */
export function legacyScriptImage(
  script: string,
  options: { type?: number; badHeaderCrc?: boolean } = {},
): Uint8Array {
  const text = Buffer.from(script, 'latin1');
  const data = new Uint8Array(8 + text.length);
  const dataView = new DataView(data.buffer);
  dataView.setUint32(0, text.length, false);
  dataView.setUint32(4, 0, false);
  data.set(text, 8);
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x27051956, false);
  view.setUint32(8, 0x6560_0000, false);
  view.setUint32(12, data.length, false);
  view.setUint32(24, crc32(data), false);
  header[28] = 5; // IH_OS_LINUX
  header[29] = 2; // IH_ARCH_ARM
  header[30] = options.type ?? 6; // IH_TYPE_SCRIPT
  header[31] = 0; // IH_COMP_NONE
  header.set(Buffer.from('fast path', 'latin1'), 32);
  view.setUint32(4, crc32(header) ^ (options.badHeaderCrc === true ? 1 : 0), false);
  return Uint8Array.of(...header, ...data);
}

export type SparseChunk =
  | { readonly raw: Uint8Array }
  | { readonly fill: number; readonly blocks: number }
  | { readonly dontCare: number }
  | { readonly crc32: number };

/** An Android sparse v1 image (include/sparse_format.h): 28-byte header, 12-byte chunk headers. */
export function sparseImage(blockSize: number, chunks: readonly SparseChunk[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let totalBlocks = 0;
  for (const chunk of chunks) {
    const head = new Uint8Array(12);
    const view = new DataView(head.buffer);
    let body: Uint8Array = new Uint8Array(0);
    if ('raw' in chunk) {
      view.setUint16(0, 0xcac1, true);
      view.setUint32(4, chunk.raw.length / blockSize, true);
      body = chunk.raw;
      totalBlocks += chunk.raw.length / blockSize;
    } else if ('fill' in chunk) {
      view.setUint16(0, 0xcac2, true);
      view.setUint32(4, chunk.blocks, true);
      body = new Uint8Array(4);
      new DataView(body.buffer).setUint32(0, chunk.fill, true);
      totalBlocks += chunk.blocks;
    } else if ('dontCare' in chunk) {
      view.setUint16(0, 0xcac3, true);
      view.setUint32(4, chunk.dontCare, true);
      totalBlocks += chunk.dontCare;
    } else {
      view.setUint16(0, 0xcac4, true);
      body = new Uint8Array(4);
      new DataView(body.buffer).setUint32(0, chunk.crc32, true);
    }
    view.setUint32(8, 12 + body.length, true);
    parts.push(head, body);
  }
  const header = new Uint8Array(28);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0xed26ff3a, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setUint16(8, 28, true);
  view.setUint16(10, 12, true);
  view.setUint32(12, blockSize, true);
  view.setUint32(16, totalBlocks, true);
  view.setUint32(20, chunks.length, true);
  return Buffer.concat([header, ...parts]);
}
