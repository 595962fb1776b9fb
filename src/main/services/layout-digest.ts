import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The SHA-256 and size of a layout file, for a run's report. */
export async function layoutDigest(file: string): Promise<{ path: string; sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    const data = chunk as Buffer;
    bytes += data.length;
    hash.update(data);
  }
  return { path: file, sha256: hash.digest('hex'), bytes };
}
