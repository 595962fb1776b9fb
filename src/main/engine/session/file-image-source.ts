import type { DownloadSource } from '../dfu/dfu-download';
import { openRegularFile, readWithDeadline } from '../files/open-regular-file';

/** An image read from its file block by block (a 4 GiB image is never held in memory). */
export interface ImageSource extends DownloadSource {
  close(): Promise<void>;
}

/** How much of an image is read from its file at once: blocks are then served from memory. */
export const readAheadBytes = 1 << 20;

/**
 * Opens an image file for the DFU download loop. The loop asks for 1–4 KiB blocks in order; each file read
 * fetches the next MiB into one reused buffer, so a block costs no system call of its own and a 4 GiB image
 * costs one MiB of memory. A block returned is a view into that buffer: valid until the next `read` (the loop
 * sends each block before it asks for the next; transports copy what they send). Only a regular file is opened
 * (a FIFO or a device named as an image is refused before anything is read), and each read has a deadline.
 */
export async function openFileImage(path: string): Promise<ImageSource> {
  const { handle, stats } = await openRegularFile(path);
  const size = Number(stats.size);
  let buffer = new Uint8Array(Math.min(readAheadBytes, size));
  let windowStart = 0;
  let windowLength = 0;
  return {
    size,
    async read(offset, length) {
      if (offset < windowStart || offset + length > windowStart + windowLength) {
        if (length > buffer.length) buffer = new Uint8Array(length);
        const bytesRead = await readWithDeadline(
          handle,
          buffer,
          0,
          Math.min(buffer.length, Math.max(0, size - offset)),
          offset,
          `reading ${path}`,
        );
        windowStart = offset;
        windowLength = bytesRead;
      }
      const start = offset - windowStart;
      return buffer.subarray(start, Math.min(start + length, windowLength));
    },
    close: () => handle.close(),
  };
}

/** An image already in memory (the layout sent at phase 0x00). */
export function memoryImage(bytes: Uint8Array): ImageSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
    close: async () => undefined,
  };
}
