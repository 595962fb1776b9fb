import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { findBaseDir, resolveBinaries } from '../layout/resolve-binaries';
import { writeBmapFile } from './bmap-file';
import { CardPlanError, planCard, type CardPlan } from './card-plan';
import { writeSparseCard, type CardProgress } from './sparse-card-writer';

export interface ExportCardOptions extends CardPlanSource {
  readonly output: string;
  readonly signal?: AbortSignal;
  /** false: the `.bmap`'s ranges carry no sha256 (`--no-checksum`, as `bmaptool create --no-checksum`). */
  readonly checksums?: boolean;
  readonly onProgress?: (progress: CardProgress) => void;
}

export interface ExportedCard {
  readonly plan: CardPlan;
  readonly bmapPath: string;
  readonly mappedBytes: number;
}

/** eMMC (`mmc1` on ST's boards) erases 512 KiB groups; an SD card 512 bytes (what `init_device` reads). */
export function eraseBytesOf(device: string): number {
  return device === 'mmc1' ? 512 * 1024 : 512;
}

export interface CardPlanSource {
  readonly layoutPath: string;
  readonly diskBytes: bigint;
  readonly device?: string;
  readonly binariesDir?: string;
  readonly cwd?: string;
}

/** Reads a layout and plans what U-Boot would leave on a card of `diskBytes`. */
export async function loadCardPlan(options: CardPlanSource): Promise<CardPlan> {
  if (options.diskBytes % 512n !== 0n)
    throw new CardPlanError('The image size must be a multiple of 512 bytes.');
  const parsed = parseFlashLayout(await readFile(options.layoutPath));
  const errors = parsed.issues.filter((issue) => issue.severity === 'error');
  const first = errors[0];
  if (first !== undefined) throw new CardPlanError(`${options.layoutPath}:${first.line}: ${first.message}`);
  const baseDir = await findBaseDir(options.layoutPath, parsed.layout, {
    ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  return planCard(parsed.layout, resolveBinaries(parsed.layout, baseDir), {
    diskBytes: options.diskBytes,
    eraseBytesOf,
    ...(options.device === undefined ? {} : { device: options.device }),
  });
}

/**
 * `image <layout> -o card.img`: the raw card image U-Boot would leave, and its `.bmap` beside it. An export that
 * fails or is cancelled (`signal`) removes what it had written of both.
 */
export async function exportCardImage(options: ExportCardOptions): Promise<ExportedCard> {
  const plan = await loadCardPlan(options);
  const bmapPath = `${options.output}.bmap`;
  const withSums = options.checksums ?? true;
  try {
    const { map, checksums } = await writeSparseCard(plan, options.diskBytes, options.output, {
      checksums: withSums,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    options.signal?.throwIfAborted();
    await writeBmapFile(bmapPath, options.output, Number(options.diskBytes), map, checksums, withSums);
    return { plan, bmapPath: path.resolve(bmapPath), mappedBytes: map.mappedBlocks() * 4096 };
  } catch (error) {
    await rm(options.output, { force: true });
    await rm(bmapPath, { force: true });
    throw error;
  }
}
