import { openRegularFile, readWithDeadline } from './open-regular-file';

export interface ChunkOptions {
  /** First byte (default 0). */
  readonly start?: number;
  /** How many bytes at most (default: to the end of the file as it was when opened). */
  readonly length?: number;
  readonly chunkBytes?: number;
  /** Stops between chunks; the iteration then throws an AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * A regular file's bytes in chunks, each read with a deadline, never past the size the file had when it was
 * opened (a file that grows, or a device that never ends, is not followed). Each chunk is a fresh buffer.
 */
export async function* regularFileChunks(
  file: string,
  options: ChunkOptions = {},
): AsyncGenerator<Uint8Array> {
  const { handle, stats } = await openRegularFile(file);
  try {
    const start = options.start ?? 0;
    const available = Math.max(0, Number(stats.size) - start);
    const total = Math.min(available, options.length ?? available);
    const chunkBytes = options.chunkBytes ?? 1 << 20;
    for (let done = 0; done < total;) {
      options.signal?.throwIfAborted();
      const buffer = new Uint8Array(Math.min(chunkBytes, total - done));
      const read = await readWithDeadline(handle, buffer, 0, buffer.length, start + done, `reading ${file}`);
      if (read === 0) return;
      done += read;
      yield buffer.subarray(0, read);
    }
  } finally {
    await handle.close();
  }
}
