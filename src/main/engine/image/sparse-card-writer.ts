import { open, stat, type FileHandle } from 'node:fs/promises';
import { BlockMap, mapBlockBytes, rangesOverlap } from './block-map';
import type { CardPlan, CardWrite } from './card-plan';
import { CardPlanError } from './card-plan';
import { buildGpt, type GptSectors } from './gpt-writer';

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
): Promise<BlockMap> {
  return (await writeCard(plan, diskBytes, output, { toDevice: false, ...(signal ? { signal } : {}) })).map;
}

export interface WriteCardOptions {
  /** A drive: its holes hold old data, so every byte of every image is written, and the writes are synced. */
  readonly toDevice: boolean;
  readonly signal?: AbortSignal;
}

/** Writes the GPT and the images to a file or a drive; answers the blocks written and the GPT sectors. */
export async function writeCard(
  plan: CardPlan,
  diskBytes: bigint,
  output: string,
  options: WriteCardOptions,
): Promise<{ map: BlockMap; gpt: GptSectors[] }> {
  const signal = options.signal;
  const map = new BlockMap();
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
    for (const part of gpt) {
      await handle.write(part.bytes, 0, part.bytes.length, Number(part.offset));
      map.addBytes(part.offset, part.offset + BigInt(part.bytes.length));
    }
    const buffer = new Uint8Array(chunkBytes);
    for (const write of plan.writes) await copyImage(write, handle, buffer, map, options.toDevice, signal);
    if (options.toDevice) await handle.sync();
  } finally {
    await handle.close();
  }
  return { map, gpt };
}

async function copyImage(
  write: CardWrite,
  output: FileHandle,
  buffer: Uint8Array,
  map: BlockMap,
  everyByte: boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  const input = await open(write.file, 'r');
  try {
    // On a drive every block counts as written before: zeros are written too.
    const before: readonly (readonly [number, number])[] = everyByte
      ? [[0, Number.MAX_SAFE_INTEGER]]
      : map.ranges().map(([first, last]) => [first, last] as const);
    let position = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await input.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      await writeDataRuns(
        buffer.subarray(0, bytesRead),
        Number(write.offset) + position,
        output,
        map,
        before,
      );
      position += bytesRead;
    }
  } finally {
    await input.close();
  }
}

/** Writes the runs of `bytes` (placed at `at`) that are not zero blocks over untouched ground. */
async function writeDataRuns(
  bytes: Uint8Array,
  at: number,
  output: FileHandle,
  map: BlockMap,
  written: readonly (readonly [number, number])[],
): Promise<void> {
  let runStart = -1;
  let cursor = 0;
  const flush = async (end: number): Promise<void> => {
    if (runStart < 0) return;
    await output.write(bytes, runStart, end - runStart, at + runStart);
    map.addBytes(BigInt(at + runStart), BigInt(at + end));
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
