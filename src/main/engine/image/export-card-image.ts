import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { findBaseDir, resolveBinaries } from '../layout/resolve-binaries';
import { writeBmapFile } from './bmap-file';
import { CardPlanError, planCard, type CardPlan } from './card-plan';
import { writeSparseCard } from './sparse-card-writer';

export interface ExportCardOptions extends CardPlanSource {
  readonly output: string;
  readonly signal?: AbortSignal;
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

/** `image <layout> -o card.img`: the raw card image U-Boot would leave, and its `.bmap` beside it. */
export async function exportCardImage(options: ExportCardOptions): Promise<ExportedCard> {
  const plan = await loadCardPlan(options);
  const { map, checksums } = await writeSparseCard(plan, options.diskBytes, options.output, options.signal);
  const bmapPath = `${options.output}.bmap`;
  await writeBmapFile(bmapPath, options.output, Number(options.diskBytes), map, checksums);
  return { plan, bmapPath: path.resolve(bmapPath), mappedBytes: map.mappedBlocks() * 4096 };
}
