import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CardPlanError } from './card-plan';

/** Sizes a card (SD or eMMC behind a reader) plausibly has: more than 8 MiB, at most 1 TiB. */
const plausibleBytes = { min: 8 * 1024 ** 2, max: 1024 ** 4 };

export interface CardTarget {
  /** `/dev/sdb` as resolved. */
  readonly device: string;
  readonly bytes: bigint;
}

export interface CardTargetOptions {
  readonly sysRoot?: string;
  readonly mountInfo?: string;
  /** Tests only: accept a drive the kernel does not mark removable (a loop device). */
  readonly allowNotRemovable?: boolean;
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
}

/** The `major:minor` of the drive and of each of its partitions (`/sys/block/<name>/<name>N/dev`). */
async function deviceNumbers(blockDir: string, name: string): Promise<string[]> {
  const numbers = [await readText(path.join(blockDir, 'dev'))];
  for (const entry of await readdir(blockDir).catch(() => []))
    if (entry.startsWith(name)) numbers.push(await readText(path.join(blockDir, entry, 'dev')));
  return numbers.filter((number): number is string => number !== null);
}

/**
 * Refuses anything but a whole removable drive of a plausible size with no mounted file system
 * (`/sys/block/<dev>/removable`, `/sys/block/<dev>/size`, `/proc/self/mountinfo`).
 */
export async function checkCardTarget(given: string, options: CardTargetOptions = {}): Promise<CardTarget> {
  const sysRoot = options.sysRoot ?? '/sys';
  const device = await realpath(given).catch(() => {
    throw new CardPlanError(`${given}: no such device.`);
  });
  if (!(await stat(device)).isBlockDevice())
    throw new CardPlanError(`${given} is not a block device (a card is /dev/sdX or /dev/mmcblkN).`);
  const name = path.basename(device);
  const blockDir = path.join(sysRoot, 'block', name);
  if ((await readText(path.join(blockDir, 'removable'))) === null)
    throw new CardPlanError(
      `${given} is a partition or not a drive: give the whole card (e.g. /dev/sdb, not /dev/sdb1).`,
    );
  const removable = await readText(path.join(blockDir, 'removable'));
  if (removable !== '1' && options.allowNotRemovable !== true)
    throw new CardPlanError(
      `${given} is not a removable drive (${path.join(blockDir, 'removable')} is ${removable}): refusing to write to it. A card in a USB or SD reader is removable; check the device name with lsblk.`,
    );
  const sectors = Number(await readText(path.join(blockDir, 'size')));
  const bytes = sectors * 512;
  if (!(bytes > plausibleBytes.min && bytes <= plausibleBytes.max))
    throw new CardPlanError(
      `${given} holds ${bytes} bytes: not the size of an SD card or eMMC (8 MiB to 1 TiB).`,
    );
  const numbers = new Set(await deviceNumbers(blockDir, name));
  const mounted = (await readFile(options.mountInfo ?? '/proc/self/mountinfo', 'utf8'))
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => numbers.has(fields[2] ?? ''))
    .map((fields) => fields[4] ?? '?');
  if (mounted.length > 0)
    throw new CardPlanError(
      `${given} holds a mounted file system (${mounted.join(', ')}): unmount it first (umount ${mounted.join(' ')}).`,
    );
  return { device, bytes: BigInt(bytes) };
}
