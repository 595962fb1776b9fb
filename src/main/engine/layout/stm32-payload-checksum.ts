import { addToStm32Checksum } from '../../protocol/stm32-header';
import { regularFileChunks } from '../files/regular-file-chunks';

/** Chunk size of the streaming read: large enough to keep the read overhead small, small enough for memory. */
const chunkBytes = 1 << 20;

/**
 * The `.stm32` payload checksum (spec §5.1: 32-bit sum of the payload bytes), computed by streaming
 * `length` bytes from `start`; the file is never held in memory. Rejects with an AbortError on `signal`.
 */
export async function sumStm32Payload(
  file: string,
  start: number,
  length: number,
  signal?: AbortSignal,
): Promise<number> {
  if (length === 0) return 0;
  let sum = 0;
  const chunks = regularFileChunks(file, {
    start,
    length,
    chunkBytes,
    ...(signal === undefined ? {} : { signal }),
  });
  for await (const chunk of chunks) sum = addToStm32Checksum(sum, chunk);
  return sum;
}
