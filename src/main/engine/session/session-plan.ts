import type { PartitionOutcome } from '../../../shared/program-events';
import type { Stm32HeaderVersionName } from '../../protocol/stm32-header';
import type { FipFacts } from '../fast-path/decide-fast-path';
import type { ImageIdentity } from '../image/image-identity';
import { readImageIdentity } from '../image/image-identity';
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
  /** Its file as the plan read it: what is sent must still be this (absent for an image not read from a file). */
  readonly identity?: ImageIdentity;
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
  /**
   * `verify` (read only): partitions read back at phase END and compared with their images, by id. Such a plan
   * writes nothing (`written` is empty) and every memory line goes to the board as `-`.
   */
  readonly readBack?: ReadonlyMap<number, PlannedImage>;
  /** Memories where some lines are selected and some are not (U-Boot then keeps their partition table). */
  readonly partialMemories: readonly string[];
  /** The `.stm32` header version of the FSBL the ROM will get, when it has one. */
  readonly fsblHeader: Stm32HeaderVersionName | null;
  /** The image loaded at phase 0x03 (FIP or U-Boot): its name and U-Boot version, for the fast path (read unless DFU is asked for). */
  readonly fip?: FipFacts | null;
}

export interface SessionPlanOptions {
  /** Which memory lines to program (`--only`, `--skip`); every line by default. */
  readonly select?: (partition: Partition) => boolean;
  /**
   * How to open an image (default: read its file, held to the identity the plan recorded: `IMAGE_CHANGED` when it
   * is not the file that was checked).
   */
  readonly openImage?: (path: string, expected?: ImageIdentity) => Promise<ImageSource>;
  /** Stops the hashing of the images. */
  readonly signal?: AbortSignal;
  /** `verify`: select no memory line, read every one back at phase END instead (`readBack`). */
  readonly verifyOnly?: boolean;
}

/**
 * The plan of a checked layout: which image answers which phase, and what the board will be told. Each image the
 * run may send is read once more here, streamed, for its identity (size, modification time, SHA-256): the session
 * sends only that file. An image that cannot be read now fails when it is opened (`IMAGE_UNREADABLE`).
 */
export async function planSession(
  layout: FlashLayout,
  binaryPaths: ReadonlyMap<Partition, string>,
  options: SessionPlanOptions = {},
): Promise<SessionPlan> {
  const verifyOnly = options.verifyOnly === true;
  const select = verifyOnly ? () => false : (options.select ?? (() => true));
  const opener = options.openImage ?? openFileImage;
  const sent = sentPartitions(layout);
  const hostLines = new Map<number, { partition: Partition; path: string }>();
  const writtenLines = new Map<number, { partition: Partition; path: string }>();
  for (const partition of layout.partitions) {
    const path = binaryPaths.get(partition);
    if (!sent.has(partition) || partition.id === null || path === undefined) continue;
    if (isHostLoaded(partition)) hostLines.set(partition.id, { partition, path });
    else if ((verifyOnly || select(partition)) && !writtenLines.has(partition.id))
      writtenLines.set(partition.id, { partition, path });
  }
  const identities = await readIdentities(
    [...hostLines.values(), ...writtenLines.values()].map((line) => line.path),
    options.signal,
  );
  const planned = (id: number, { partition, path }: { partition: Partition; path: string }): PlannedImage => {
    const identity = identities.get(path);
    return {
      id,
      name: partition.name ?? '',
      partition,
      ...(identity === undefined || identity instanceof Error ? {} : { identity }),
      open: () => (identity instanceof Error ? Promise.reject(identity) : opener(path, identity)),
    };
  };
  const hostLoaded = new Map([...hostLines].map(([id, line]) => [id, planned(id, line)]));
  const onDevice = new Map([...writtenLines].map(([id, line]) => [id, planned(id, line)]));
  // The never-write guard of `verify`: nothing is planned to be written, so a board asking for a partition fails
  // the run (`SessionRecord.imageFor`: BOARD_NEEDS_RESET) before any byte is sent to it.
  const written = verifyOnly ? new Map<number, PlannedImage>() : onDevice;
  const fsbl = hostLoaded.get(0x01);
  const fsblPath = fsbl === undefined ? undefined : binaryPaths.get(fsbl.partition);
  return {
    layout,
    boardLayout: serializeBoardLayout(layout, {
      select: (partition) => !isOnDevice(partition) || select(partition),
    }),
    hostLoaded,
    written,
    ...(verifyOnly ? { readBack: onDevice } : {}),
    partialMemories: partialMemories(layout, select),
    fsblHeader: fsblPath === undefined ? null : await headerVersion(fsblPath),
  };
}

/** The identity of each file, read one after another (each read streamed); an unreadable file as its error. */
async function readIdentities(
  paths: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, ImageIdentity | Error>> {
  const identities = new Map<string, ImageIdentity | Error>();
  for (const path of new Set(paths)) {
    signal?.throwIfAborted();
    identities.set(
      path,
      await readImageIdentity(path, signal === undefined ? {} : { signal }).catch((error: unknown) =>
        signal?.aborted === true ? Promise.reject(error) : toError(error),
      ),
    );
  }
  return identities;
}

const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

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

/** Every image the plan may send, in layout order. */
function plannedImages(plan: SessionPlan): PlannedImage[] {
  const images = [...plan.hostLoaded.values(), ...plan.written.values()];
  return images.sort((a, b) => a.partition.line - b.partition.line);
}

/** The partitions a result reports, in layout order: every image the plan may send. */
export function plannedOutcomes(plan: SessionPlan): PartitionOutcome[] {
  return plannedImages(plan).map((image) => ({
    id: image.id,
    name: image.name,
    bytes: 0,
    status: 'pending',
  }));
}

/** The same partitions with the size of their image as the plan read it (0 for an image it could not read). */
export function plannedSizes(plan: SessionPlan): { id: number; name: string; bytes: number }[] {
  return plannedImages(plan).map((image) => ({
    id: image.id,
    name: image.name,
    bytes: image.identity?.size ?? 0,
  }));
}
