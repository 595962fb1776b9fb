import { createHash } from 'node:crypto';
import { regularFileChunks } from '../engine/files/regular-file-chunks';

/**
 * The SHA-256 and size of a layout file, for a run's report. Only a regular file is hashed, up to the size it
 * had when opened (a FIFO or /dev/zero is refused before a byte is read); each read has a deadline.
 */
export async function layoutDigest(file: string): Promise<{ path: string; sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of regularFileChunks(file)) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  return { path: file, sha256: hash.digest('hex'), bytes };
}
