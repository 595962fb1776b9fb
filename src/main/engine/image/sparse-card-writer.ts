import { open, stat } from 'node:fs/promises';
import { BlockMap } from './block-map';
import type { CardPlan } from './card-plan';
import { CardPlanError } from './card-plan';
import { buildGpt, type GptSectors } from './gpt-writer';
import { copyImage, CopyBuffers, type CopyTarget } from './image-copier';
import { RangeChecksums, type RangeChecksum } from './range-checksums';

/** How far an export or a card write has got: image bytes handled of all the images' bytes. */
export interface CardProgress {
  readonly done: number;
  readonly total: number;
}

export interface WriteCardOptions {
  /** A drive: its holes hold old data, so every byte of every image is written, and the writes are synced. */
  readonly toDevice: boolean;
  /** Whether to hash each written range for the `.bmap` (default: for a file, not for a drive). */
  readonly checksums?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CardProgress) => void;
}

/**
 * Writes a card's raw image to `output`: a file of `diskBytes` whose holes are never written (a sparse file):
 * the GPT, then each image streamed to its offset. A 4 KiB block of zeros in an image is skipped (it reads back
 * as zeros) unless something was written there before, which it must overwrite. Returns the blocks that hold data.
 */
export async function writeSparseCard(
  plan: CardPlan,
  diskBytes: bigint,
  output: string,
  options: Omit<WriteCardOptions, 'toDevice'> = {},
): Promise<{ map: BlockMap; checksums: RangeChecksum[] | null }> {
  return writeCard(plan, diskBytes, output, { ...options, toDevice: false });
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
  let total = 0;
  for (const write of plan.writes) {
    const size = (await stat(write.file)).size;
    if (BigInt(size) > write.room)
      throw new CardPlanError(
        `${write.name}: ${write.file} (${size} bytes) is larger than its partition (${write.room} bytes).`,
      );
    total += size;
  }
  const map = new BlockMap();
  const sums = (options.checksums ?? !options.toDevice) ? new RangeChecksums(Number(diskBytes)) : null;
  const handle = await open(output, options.toDevice ? 'r+' : 'w');
  const gpt = plan.gpt === null ? [] : buildGpt(diskBytes, plan.gpt);
  let done = 0;
  const target: CopyTarget = {
    output: handle,
    map,
    sums,
    everyByte: options.toDevice,
    onBytes: (count) => {
      done += count;
      options.onProgress?.({ done, total });
    },
    ...(options.signal ? { signal: options.signal } : {}),
  };
  try {
    if (!options.toDevice) await handle.truncate(Number(diskBytes));
    const firstImage = plan.writes[0]?.offset ?? BigInt(Number.MAX_SAFE_INTEGER);
    const writeGpt = async (part: GptSectors): Promise<void> => {
      await handle.write(part.bytes, 0, part.bytes.length, Number(part.offset));
      map.addBytes(part.offset, part.offset + BigInt(part.bytes.length));
      await sums?.add(Number(part.offset), part.bytes);
    };
    options.onProgress?.({ done, total });
    for (const part of gpt) if (part.offset < firstImage) await writeGpt(part);
    const buffers = new CopyBuffers();
    for (const write of plan.writes) await copyImage(write, target, buffers);
    for (const part of gpt) if (part.offset >= firstImage) await writeGpt(part);
    if (options.toDevice) await handle.sync();
    return { map, gpt, checksums: sums === null ? null : await sums.finish() };
  } catch (error) {
    await sums?.abandon();
    throw error;
  } finally {
    await handle.close();
  }
}
