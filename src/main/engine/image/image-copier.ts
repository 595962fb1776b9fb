import { open, type FileHandle } from 'node:fs/promises';
import { type BlockMap, mapBlockBytes, rangesOverlap } from './block-map';
import type { CardWrite } from './card-plan';
import type { RangeChecksums } from './range-checksums';

/**
 * One read: 2 MiB (it stays in cache between the read, the write and the hash); eight in a ring, so reads,
 * writes and hashing of different chunks overlap. (2×8, 8×4 and 16×4 MiB measured alike within this machine's
 * noise; the smaller chunk was never worse.)
 */
const chunkBytes = 2 << 20;
const slotCount = 8;
const zeros = Buffer.alloc(mapBlockBytes);

/** Where an image's bytes go, and what records them. */
export interface CopyTarget {
  readonly output: FileHandle;
  readonly map: BlockMap;
  /** null: no checksums wanted (a drive, or `--no-checksum`). */
  readonly sums: RangeChecksums | null;
  /** A drive: its holes hold old data, so every byte is written, zero blocks included. */
  readonly everyByte: boolean;
  /** Called with the count of an image's bytes handled (written or skipped as zeros) once they are. */
  readonly onBytes?: (count: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * The buffers images are read into: shared memory, so the hashing thread reads the very bytes the write takes
 * (no copy). A slot is reused only when its write and its hash are done.
 */
export class CopyBuffers {
  readonly #slots = Array.from({ length: slotCount }, () => ({
    bytes: new Uint8Array(new SharedArrayBuffer(chunkBytes)),
    busy: Promise.resolve(),
  }));

  slot(index: number): { bytes: Uint8Array; busy: Promise<void> } {
    const slot = this.#slots[index % slotCount];
    if (slot === undefined) throw new Error('no copy buffer');
    return slot;
  }

  async settle(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => slot.busy));
  }
}

/** Streams one image to its offset: the next chunk is read while earlier ones are written and hashed. */
export async function copyImage(write: CardWrite, target: CopyTarget, buffers: CopyBuffers): Promise<void> {
  const input = await open(write.file, 'r');
  // Blocks written before this image (the GPT, an earlier image): a zero block there must still be written.
  const before = target.everyByte ? [] : target.map.ranges().map(([first, last]) => [first, last] as const);
  let failure: unknown = null;
  try {
    let position = 0;
    for (let index = 0; ; index += 1) {
      target.signal?.throwIfAborted();
      if (failure !== null) throw failure;
      const slot = buffers.slot(index);
      await slot.busy;
      const { bytesRead } = await input.read(slot.bytes, 0, chunkBytes, position);
      if (bytesRead === 0) break;
      const at = Number(write.offset) + position;
      slot.busy = writeDataRuns(slot.bytes.subarray(0, bytesRead), at, target, before).catch(
        (error: unknown) => {
          failure ??= error;
        },
      );
      position += bytesRead;
    }
    await buffers.settle();
    if (failure !== null) throw failure;
  } finally {
    await buffers.settle();
    await input.close();
  }
}

/** Writes (and hashes) the runs of `bytes`, placed at `at`, that are not zero blocks over untouched ground. */
async function writeDataRuns(
  bytes: Uint8Array,
  at: number,
  target: CopyTarget,
  before: readonly (readonly [number, number])[],
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const flush = (start: number, end: number): void => {
    if (end <= start) return;
    pending.push(target.output.write(bytes, start, end - start, at + start));
    if (target.sums !== null) pending.push(target.sums.add(at + start, bytes.subarray(start, end)));
    target.map.addBytes(BigInt(at + start), BigInt(at + end));
  };
  if (target.everyByte) flush(0, bytes.length);
  else {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    let runStart = 0;
    let cursor = 0;
    while (cursor < bytes.length) {
      const block = Math.floor((at + cursor) / mapBlockBytes);
      const end = Math.min(bytes.length, (block + 1) * mapBlockBytes - at);
      // Most data blocks start with a non-zero word: they are told apart without comparing the whole block.
      const word = cursor >> 2;
      const dataAtStart =
        (cursor & 3) === 0 && end - cursor >= 8 && (words[word] !== 0 || words[word + 1] !== 0);
      const zero = !dataAtStart && view.compare(zeros, 0, end - cursor, cursor, end) === 0;
      if (zero && !rangesOverlap(before, block, block)) {
        flush(runStart, cursor);
        runStart = end;
      }
      cursor = end;
    }
    flush(runStart, bytes.length);
  }
  await Promise.all(pending);
  target.onBytes?.(bytes.length);
}
