import { stat } from 'node:fs/promises';
import { SparseMedium } from '../../../virtual-board/storage/sparse-medium';

/** The `--sim-fill` pattern these tests use: four different bytes, so a range one byte off shows. */
export const fillHex = 'c35aa53c';
const fill = Uint8Array.of(0xc3, 0x5a, 0xa5, 0x3c);

/**
 * `length` bytes of a virtual board's memory file at `offset` as the board reads them: after `--sim-fill`, the
 * bytes it never wrote read as the pattern (the record beside the file says which), not as the file's zeros.
 */
export async function readMemory(file: string, offset: number, length: number): Promise<Uint8Array> {
  const medium = await SparseMedium.open(file, (await stat(file)).size);
  try {
    return await medium.read(offset, length);
  } finally {
    await medium.close();
  }
}

/** Whether `bytes`, read at `offset` of a memory, hold the fill pattern (in phase with the memory's byte 0). */
export function holdsFill(bytes: Uint8Array, offset: number): boolean {
  return bytes.every((byte, index) => byte === fill[(offset + index) % fill.length]);
}
