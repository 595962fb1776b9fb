import { createReadStream } from 'node:fs';
import { addToStm32Checksum } from '../../protocol/stm32-header';

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
  const stream = createReadStream(file, {
    start,
    end: start + length - 1,
    highWaterMark: chunkBytes,
    ...(signal === undefined ? {} : { signal }),
  });
  let sum = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) sum = addToStm32Checksum(sum, chunk);
  return sum;
}
