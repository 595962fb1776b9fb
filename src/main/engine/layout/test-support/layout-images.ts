import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Soc } from '../../../../shared/board';
import { fipTocHeader, phaseId } from '../../../protocol/phase';
import {
  addToStm32Checksum,
  stm32HeaderField,
  stm32HeaderSize,
  stm32HeaderVersion,
  stm32HeaderVersionBySoc,
  type Stm32HeaderVersionName,
  stm32Magic,
  stm32V2PaddingExtension,
} from '../../../protocol/stm32-header';
import type { FlashLayout, Partition } from '../flash-layout';
import { isHostLoaded } from '../send-plan';

/**
 * For tests and benchmarks: the shared fixtures (never copied into the repository), temporary folders, and
 * images generated there, with valid `.stm32` headers where the name ends in `.stm32`.
 */

/** The nearest folder holding package.json above this file (also once bundled into out/bench/). */
function findRepositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const repositoryRoot = findRepositoryRoot();

/** `../shared/fixtures/flashlayouts` beside the checkout (CI has `../shared` there too). */
export const fixturesDir = path.resolve(repositoryRoot, '../shared/fixtures/flashlayouts');

/** Every fixture's file name; throws when the folder is missing or holds no layout. */
export async function listFixtures(): Promise<string[]> {
  const names = (await readdir(fixturesDir)).filter((name) => name.endsWith('.tsv')).sort();
  if (names.length === 0) throw new Error(`no FlashLayout fixture in ${fixturesDir}`);
  return names;
}

/** The SoC a fixture is written for, from its name (`stm32mp135…` → mp13). */
export function socOfFixture(name: string): Soc {
  if (name.includes('stm32mp13')) return 'mp13';
  if (name.includes('stm32mp25')) return 'mp25';
  return 'mp15';
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'stm32mp-layout-'));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface Stm32ImageOptions {
  readonly version: Stm32HeaderVersionName;
  readonly payloadBytes?: number;
  /** Write a wrong checksum in the header. */
  readonly badChecksum?: boolean;
}

/** A `.stm32` image as stm32image writes it (spec §5): header, then a deterministic payload. */
export function stm32Image(options: Stm32ImageOptions): Uint8Array {
  const headerSize = stm32HeaderSize[options.version];
  const payload = new Uint8Array(options.payloadBytes ?? 4096).map((_, index) => (index * 31 + 7) & 0xff);
  const bytes = new Uint8Array(headerSize + payload.length);
  const view = new DataView(bytes.buffer);
  bytes.set(stm32Magic, stm32HeaderField.magic);
  const checksum = addToStm32Checksum(0, payload);
  view.setUint32(
    stm32HeaderField.imageChecksum,
    options.badChecksum === true ? checksum ^ 1 : checksum,
    true,
  );
  view.setUint32(stm32HeaderField.headerVersion, stm32HeaderVersion[options.version], true);
  view.setUint32(stm32HeaderField.imageLength, payload.length, true);
  if (options.version === 'v1_0') {
    view.setUint32(stm32HeaderField.optionOrExtensionFlags, 1, true);
  } else {
    view.setUint32(stm32HeaderField.optionOrExtensionFlags, stm32V2PaddingExtension.flags, true);
    view.setUint32(stm32HeaderField.ecdsaAlgorithmOrExtensionLength, stm32V2PaddingExtension.length, true);
    bytes.set(stm32V2PaddingExtension.type, stm32HeaderField.v2ExtensionHeaderType);
    view.setUint32(stm32HeaderField.v2ExtensionHeaderLength, stm32V2PaddingExtension.length, true);
  }
  bytes.set(payload, headerSize);
  return bytes;
}

export interface LayoutImagesOptions {
  readonly soc: Soc;
  /** Size of plain images; a size above 1 MiB makes a sparse file. */
  readonly plainBytes?: number;
}

/** Writes every binary the layout names under `baseDir`, creating folders. */
export async function writeLayoutImages(
  layout: FlashLayout,
  baseDir: string,
  options: LayoutImagesOptions,
): Promise<string[]> {
  const written: string[] = [];
  const names = new Set(layout.partitions.flatMap((partition) => partition.binary ?? []));
  const takenByTfa = (partition: Partition): boolean =>
    isHostLoaded(partition) && (partition.id === phaseId.ssbl || partition.id === phaseId.ddrFirmware);
  const fips = new Set(layout.partitions.filter(takenByTfa).flatMap((partition) => partition.binary ?? []));
  for (const name of names) {
    const file = path.resolve(baseDir, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (name.endsWith('.stm32')) {
      await writeFile(file, stm32Image({ version: stm32HeaderVersionBySoc[options.soc] }));
    } else if (fips.has(name)) {
      await writeFipImage(file, options.plainBytes ?? 1024);
    } else {
      await writePlainImage(file, options.plainBytes ?? 1024);
    }
    written.push(file);
  }
  return written;
}

/** A plain image of `bytes` bytes: real bytes when small, a sparse file (`truncate`) when large. */
export async function writePlainImage(file: string, bytes: number): Promise<void> {
  if (bytes <= 1 << 20) {
    await writeFile(file, new Uint8Array(bytes).fill(0x5a));
    return;
  }
  await writeFile(file, new Uint8Array(0));
  await truncate(file, bytes);
}

/** The first 8 bytes of a FIP: the ToC name 0xAA640001 and a non-zero serial number, little-endian. */
export function fipTocBytes(): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(fipTocHeader.nameOffset, fipTocHeader.name, true);
  view.setUint32(fipTocHeader.serialOffset, 0x12345678, true);
  return bytes;
}

/** A plain image of `bytes` bytes (sparse when large) that starts with a FIP ToC header. */
export async function writeFipImage(file: string, bytes: number): Promise<void> {
  await writePlainImage(file, bytes);
  const handle = await open(file, 'r+');
  try {
    await handle.write(fipTocBytes(), 0, 8, 0);
  } finally {
    await handle.close();
  }
}
