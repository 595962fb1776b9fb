import type { PartitionOutcome } from '../../../shared/program-events';
import type { Stm32HeaderVersionName } from '../../protocol/stm32-header';
import type { FlashLayout, Partition } from '../layout/flash-layout';
import { deviceKey } from '../layout/flash-layout';
import { isHostLoaded, isOnDevice, sentPartitions } from '../layout/send-plan';
import { serializeBoardLayout } from '../layout/serialize-board-layout';
import { openRegularFile, readWithDeadline } from '../files/open-regular-file';
import { readStm32Header, stm32HeaderReadLength } from '../layout/stm32-image-header';
import type { ImageSource } from './file-image-source';
import { openFileImage } from './file-image-source';

/** One image the session may send: the layout line it comes from and how to read it. */
export interface PlannedImage {
  readonly id: number;
  readonly name: string;
  readonly partition: Partition;
  open(): Promise<ImageSource>;
}

/** What a run will send, decided before anything is sent. */
export interface SessionPlan {
  readonly layout: FlashLayout;
  /** The layout in the board's form (selection applied), sent at phase 0x00. */
  readonly boardLayout: Uint8Array;
  /** FSBL (0x01), DDR firmware (0x02) and SSBL/FIP (0x03): loaded into RAM by the ROM and TF-A. */
  readonly hostLoaded: ReadonlyMap<number, PlannedImage>;
  /** Partitions U-Boot writes, by id. */
  readonly written: ReadonlyMap<number, PlannedImage>;
  /** Memories where some lines are selected and some are not (U-Boot then keeps their partition table). */
  readonly partialMemories: readonly string[];
  /** The `.stm32` header version of the FSBL the ROM will get, when it has one. */
  readonly fsblHeader: Stm32HeaderVersionName | null;
}

export interface SessionPlanOptions {
  /** Which memory lines to program (`--only`, `--skip`); every line by default. */
  readonly select?: (partition: Partition) => boolean;
  /** How to open an image (default: read its file). */
  readonly openImage?: (path: string) => Promise<ImageSource>;
}

/** The plan of a checked layout: which image answers which phase, and what the board will be told. */
export async function planSession(
  layout: FlashLayout,
  binaryPaths: ReadonlyMap<Partition, string>,
  options: SessionPlanOptions = {},
): Promise<SessionPlan> {
  const select = options.select ?? (() => true);
  const opener = options.openImage ?? openFileImage;
  const sent = sentPartitions(layout);
  const hostLoaded = new Map<number, PlannedImage>();
  const written = new Map<number, PlannedImage>();
  for (const partition of layout.partitions) {
    const path = binaryPaths.get(partition);
    if (!sent.has(partition) || partition.id === null || path === undefined) continue;
    const image: PlannedImage = {
      id: partition.id,
      name: partition.name ?? '',
      partition,
      open: () => opener(path),
    };
    if (isHostLoaded(partition)) hostLoaded.set(partition.id, image);
    else if (select(partition) && !written.has(partition.id)) written.set(partition.id, image);
  }
  const fsbl = hostLoaded.get(0x01);
  const fsblPath = fsbl === undefined ? undefined : binaryPaths.get(fsbl.partition);
  return {
    layout,
    boardLayout: serializeBoardLayout(layout, {
      select: (partition) => !isOnDevice(partition) || select(partition),
    }),
    hostLoaded,
    written,
    partialMemories: partialMemories(layout, select),
    fsblHeader: fsblPath === undefined ? null : await headerVersion(fsblPath),
  };
}

/** Memories with both selected and unselected lines (a `-` line, or `--only`/`--skip`). */
function partialMemories(layout: FlashLayout, select: (partition: Partition) => boolean): string[] {
  const byMemory = new Map<string, { selected: number; other: number }>();
  for (const partition of layout.partitions) {
    if (partition.ip === null || !isOnDevice(partition)) continue;
    const key = deviceKey(partition.ip);
    const counts = byMemory.get(key) ?? { selected: 0, other: 0 };
    if (partition.opt?.program === true && select(partition)) counts.selected += 1;
    else counts.other += 1;
    byMemory.set(key, counts);
  }
  return [...byMemory].filter(([, counts]) => counts.selected > 0 && counts.other > 0).map(([key]) => key);
}

async function headerVersion(path: string): Promise<Stm32HeaderVersionName | null> {
  try {
    const { handle, stats } = await openRegularFile(path);
    try {
      const start = new Uint8Array(stm32HeaderReadLength);
      const read = await readWithDeadline(handle, start, 0, start.length, 0, `reading ${path}`);
      const reading = readStm32Header(start.subarray(0, read), stats.size);
      return reading.ok ? reading.version : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** The partitions a result reports, in layout order: every image the plan may send. */
export function plannedOutcomes(plan: SessionPlan): PartitionOutcome[] {
  const images = [...plan.hostLoaded.values(), ...plan.written.values()];
  images.sort((a, b) => a.partition.line - b.partition.line);
  return images.map((image) => ({ id: image.id, name: image.name, bytes: 0, status: 'pending' }));
}
