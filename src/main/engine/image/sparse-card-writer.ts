import { open, stat, type FileHandle } from 'node:fs/promises';
import { BlockMap, mapBlockBytes, rangesOverlap } from './block-map';
import type { CardPlan, CardWrite } from './card-plan';
import { CardPlanError } from './card-plan';
import { buildGpt, type GptSectors } from './gpt-writer';
import { RangeChecksums, type RangeChecksum } from './range-checksums';

/** One read: a buffer reused for every image (a 4 GiB image never sits in memory). */
const chunkBytes = 4 << 20;
const zeros = new Uint8Array(mapBlockBytes);

/**
 * Writes a card's raw image to `output`: a file of `diskBytes` whose holes are never written (a sparse file):
 * the GPT, then each image streamed to its offset. A 4 KiB block of zeros in an image is skipped (it reads back
 * as zeros) unless something was written there before, which it must overwrite. Returns the blocks that hold data.
 */
export async function writeSparseCard(
  plan: CardPlan,
  diskBytes: bigint,
  output: string,
  signal?: AbortSignal,
): Promise<{ map: BlockMap; checksums: RangeChecksum[] | null }> {
  return writeCard(plan, diskBytes, output, { toDevice: false, ...(signal ? { signal } : {}) });
}

export interface WriteCardOptions {
  /** A drive: its holes hold old data, so every byte of every image is written, and the writes are synced. */
  readonly toDevice: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Writes the GPT and the images to a file or a drive, in ascending offsets (the backup GPT last); answers the
 * blocks written, the GPT sectors and each written range's sha256, hashed as it is written (null if not).
 */
export async function writeCard(
  plan: CardPlan,
  diskBytes: bigint,
  output: string,
  options: WriteCardOptions,
): Promise<{ map: BlockMap; gpt: GptSectors[]; checksums: RangeChecksum[] | null }> {
  const signal = options.signal;
  const map = new BlockMap();
  const sums = new RangeChecksums(Number(diskBytes));
  for (const write of plan.writes) {
    const size = BigInt((await stat(write.file)).size);
    if (size > write.room)
      throw new CardPlanError(
        `${write.name}: ${write.file} (${size} bytes) is larger than its partition (${write.room} bytes).`,
      );
  }
  const handle = await open(output, options.toDevice ? 'r+' : 'w');
  const gpt = plan.gpt === null ? [] : buildGpt(diskBytes, plan.gpt);
  try {
    if (!options.toDevice) await handle.truncate(Number(diskBytes));
    const firstImage = plan.writes[0]?.offset ?? BigInt(Number.MAX_SAFE_INTEGER);
    const writeGpt = async (part: GptSectors): Promise<void> => {
      await handle.write(part.bytes, 0, part.bytes.length, Number(part.offset));
      map.addBytes(part.offset, part.offset + BigInt(part.bytes.length));
      sums.add(Number(part.offset), part.bytes);
    };
    for (const part of gpt) if (part.offset < firstImage) await writeGpt(part);
    const buffers = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)] as const;
    for (const write of plan.writes)
      await copyImage(write, { output: handle, buffers, map, sums, everyByte: options.toDevice }, signal);
    for (const part of gpt) if (part.offset >= firstImage) await writeGpt(part);
    if (options.toDevice) await handle.sync();
  } finally {
    await handle.close();
  }
  return { map, gpt, checksums: sums.finish() };
}

interface ReadChunk {
  readonly bytesRead: number;
  readonly buffer: Uint8Array;
}

interface CopyTarget {
  readonly output: FileHandle;
  /** Two buffers: the next chunk is read while the current one is hashed and written. */
  readonly buffers: readonly [Uint8Array, Uint8Array];
  readonly map: BlockMap;
  readonly sums: RangeChecksums;
  readonly everyByte: boolean;
}

async function copyImage(
  write: CardWrite,
  target: CopyTarget,
  signal: AbortSignal | undefined,
): Promise<void> {
  const input = await open(write.file, 'r');
  let next: Promise<ReadChunk> | undefined;
  try {
    // On a drive every block counts as written before: zeros are written too.
    const before: readonly (readonly [number, number])[] = target.everyByte
      ? [[0, Number.MAX_SAFE_INTEGER]]
      : target.map.ranges().map(([first, last]) => [first, last] as const);
    let position = 0;
    let turn = 0;
    let pending: Promise<ReadChunk> = input.read(target.buffers[0], 0, chunkBytes, 0);
    next = pending;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead, buffer }: ReadChunk = await pending;
      next = undefined;
      if (bytesRead === 0) break;
      turn = 1 - turn;
      pending = input.read(target.buffers[turn === 0 ? 0 : 1], 0, chunkBytes, position + bytesRead);
      next = pending;
      await writeDataRuns(buffer.subarray(0, bytesRead), Number(write.offset) + position, target, before);
      position += bytesRead;
    }
  } finally {
    await next?.catch(() => undefined);
    await input.close();
  }
}

/** Writes the runs of `bytes` (placed at `at`) that are not zero blocks over untouched ground. */
async function writeDataRuns(
  bytes: Uint8Array,
  at: number,
  target: CopyTarget,
  written: readonly (readonly [number, number])[],
): Promise<void> {
  let runStart = -1;
  let cursor = 0;
  const flush = async (end: number): Promise<void> => {
    if (runStart < 0) return;
    // The write runs in the thread pool while the same bytes are hashed here.
    const writing = target.output.write(bytes, runStart, end - runStart, at + runStart);
    target.sums.add(at + runStart, bytes.subarray(runStart, end));
    await writing;
    target.map.addBytes(BigInt(at + runStart), BigInt(at + end));
    runStart = -1;
  };
  while (cursor < bytes.length) {
    const block = Math.floor((at + cursor) / mapBlockBytes);
    const end = Math.min(bytes.length, (block + 1) * mapBlockBytes - at);
    const segment = bytes.subarray(cursor, end);
    const skip =
      Buffer.compare(segment, zeros.subarray(0, segment.length)) === 0 &&
      !rangesOverlap(written, block, block);
    if (skip) await flush(cursor);
    else if (runStart < 0) runStart = cursor;
    cursor = end;
  }
  await flush(bytes.length);
}
