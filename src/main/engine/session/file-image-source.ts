import { open } from 'node:fs/promises';
import type { DownloadSource } from '../dfu/dfu-download';

/** An image read from its file block by block (a 4 GiB image is never held in memory). */
export interface ImageSource extends DownloadSource {
  close(): Promise<void>;
}

/** Opens an image file for the DFU download loop. */
export async function openFileImage(path: string): Promise<ImageSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
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
