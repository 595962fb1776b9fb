import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** How much of the file one read takes: one buffer, reused. */
const readBytes = 4 << 20;

/**
 * The hex digest (`algorithm`: `sha256`, `sha1`) of a file's bytes [start, end), streamed; a file shorter than
 * `end` is hashed up to its end. The `.bmap` writer and reader hash their ranges with it.
 */
export async function fileRangeDigest(
  file: string,
  algorithm: string,
  start: number,
  end: number,
): Promise<string> {
  const hash = createHash(algorithm);
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(Math.min(readBytes, Math.max(1, end - start)));
    for (let at = start; at < end;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - at), at);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
