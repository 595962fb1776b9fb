import type { DownloadSource } from '../dfu/dfu-download';
import { openRegularFile, readWithDeadline } from '../files/open-regular-file';
import type { ImageIdentity } from '../image/image-identity';
import { contentHasher, ImageChangedError, stampChanges, stampOf } from '../image/image-identity';

/** An image read from its file block by block (a 4 GiB image is never held in memory). */
export interface ImageSource extends DownloadSource {
  close(): Promise<void>;
  /**
   * Once every byte was read: throws `ImageChangedError` when the bytes read are not the ones the image's identity
   * was computed from. Absent for an image that is not checked (one in memory).
   */
  verify?(): void;
}

/** How much of an image is read from its file at once: blocks are then served from memory. */
export const readAheadBytes = 1 << 20;

/**
 * Opens an image file for the DFU download loop. The loop asks for 1–4 KiB blocks in order; each file read
 * fetches the next MiB into one reused buffer, so a block costs no system call of its own and a 4 GiB image
 * costs one MiB of memory. A block returned is a view into that buffer: valid until the next `read` (the loop
 * sends each block before it asks for the next; transports copy what they send). Only a regular file is opened
 * (a FIFO or a device named as an image is refused before anything is read), and each read has a deadline.
 *
 * With the identity the plan recorded (`expected`), the file is held to it: its size and modification time when
 * it is opened (a changed file throws `ImageChangedError` before a byte is read), and the SHA-256 of the bytes read,
 * hashed as each MiB comes in (no second read), which `verify` compares once the last byte was read.
 */
export async function openFileImage(path: string, expected?: ImageIdentity): Promise<ImageSource> {
  const { handle, stats } = await openRegularFile(path);
  const size = Number(stats.size);
  // The identity's stamp is in `fs.Stats` numbers (mtimeMs with its fraction): read it the same way.
  const stamp = expected === undefined ? null : stampOf(await handle.stat());
  if (expected !== undefined && stamp !== null) {
    const changes = stampChanges(expected, stamp);
    if (changes.length > 0) {
      await handle.close();
      throw new ImageChangedError(expected, changes, stamp);
    }
  }
  const hasher = contentHasher();
  /** The bytes hashed so far are [0, hashed); a read that leaves a gap stops the hash (`verify` then fails). */
  let hashed = 0;
  let hashing = expected !== undefined;
  let digest: string | undefined;
  let buffer = new Uint8Array(Math.min(readAheadBytes, size));
  let windowStart = 0;
  let windowLength = 0;
  return {
    size,
    async read(offset, length) {
      if (offset < windowStart || offset + length > windowStart + windowLength) {
        if (length > buffer.length) buffer = new Uint8Array(length);
        const wanted = Math.min(buffer.length, Math.max(0, size - offset));
        const bytesRead = await readWithDeadline(handle, buffer, 0, wanted, offset, `reading ${path}`);
        // A file cut short while it is sent: its size changed (the loop would call it unreadable).
        if (expected !== undefined && bytesRead < wanted)
          throw new ImageChangedError(expected, ['size'], stampOf(await handle.stat()));
        windowStart = offset;
        windowLength = bytesRead;
        if (hashing && offset > hashed) hashing = false;
        if (hashing && offset + bytesRead > hashed) {
          hasher.update(buffer.subarray(hashed - offset, bytesRead));
          hashed = offset + bytesRead;
        }
      }
      const start = offset - windowStart;
      return buffer.subarray(start, Math.min(start + length, windowLength));
    },
    close: () => handle.close(),
    ...(expected === undefined
      ? {}
      : {
          verify() {
            if (!hashing || hashed !== size)
              throw new Error(`only ${hashed} of ${size} bytes of ${path} were read in order`);
            digest ??= hasher.digest();
            const sha256 = digest;
            if (sha256 !== expected.sha256)
              throw new ImageChangedError(expected, ['content'], {
                size,
                mtimeMs: stamp?.mtimeMs ?? 0,
                sha256,
              });
          },
        }),
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
