import { join } from 'node:path';
import { SparseMedium } from './sparse-medium';

/** A memory's geometry, as U-Boot's `init_device()` sees it (flashlayout-tsv.md §4). */
export interface MemoryGeometry {
  /** Layout IP name: `mmc0`, `mmc1`, `nor0`, `nand0`, `spi-nand0`; eMMC boot areas `mmc1-boot1`/`mmc1-boot2`. */
  readonly name: string;
  readonly size: number;
  /** MMC block size 512; MTD 1. */
  readonly blockSize: number;
  readonly eraseSize: number;
  readonly kind: 'sd' | 'emmc' | 'emmc-boot' | 'nor' | 'nand';
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Default sizes (issue 14 §3): SD and eMMC 8 GiB, eMMC boot areas 4 MiB, NOR 64 MiB, NAND 512 MiB. */
export const defaultMediumSizes = {
  mmc: 8 * GiB,
  emmcBoot: 4 * MiB,
  nor: 64 * MiB,
  nand: 512 * MiB,
} as const;

/**
 * Model choice `memoryKinds`: `mmc1` is the eMMC (ST boards: EV1, MP13/MP25 eMMC layouts), with a 512 KiB
 * erase group and two boot areas; every other `mmcN` is an SD card with 512-byte erase groups (so the
 * first usable address is 0x4400). NOR erases 64 KiB, NAND and SPI-NAND 256 KiB; SPI-NAND defaults to the NAND size.
 */
export function memoryGeometry(name: string, sizes: ReadonlyMap<string, number>): MemoryGeometry | null {
  const override = sizes.get(name);
  const boot = /^mmc(\d)-boot[12]$/.exec(name);
  if (boot)
    return {
      name,
      size: override ?? defaultMediumSizes.emmcBoot,
      blockSize: 512,
      eraseSize: 512,
      kind: 'emmc-boot',
    };
  const mmc = /^mmc(\d)$/.exec(name);
  if (mmc) {
    const emmc = mmc[1] === '1';
    return {
      name,
      size: override ?? defaultMediumSizes.mmc,
      blockSize: 512,
      eraseSize: emmc ? 512 * KiB : 512,
      kind: emmc ? 'emmc' : 'sd',
    };
  }
  if (/^nor\d$/.test(name))
    return { name, size: override ?? defaultMediumSizes.nor, blockSize: 1, eraseSize: 64 * KiB, kind: 'nor' };
  if (/^(spi-)?nand\d$/.test(name))
    return {
      name,
      size: override ?? defaultMediumSizes.nand,
      blockSize: 1,
      eraseSize: 256 * KiB,
      kind: 'nand',
    };
  return null;
}

/**
 * The simulation's own line on the board's console when a memory file cannot be written: the failure is the
 * host's (its disk), and the line says so, beside the board's own error.
 */
export function hostStorageProblem(directory: string, memory: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
  const why =
    code === 'ENOSPC'
      ? `the host disk holding ${directory} is full`
      : `${error instanceof Error ? error.message : String(error)}`;
  return `[simulation] cannot write the virtual board's ${memory} in ${directory}: ${why}. This is the simulation's own disk, not the board or the cable; the board answers as a real one whose memory write failed.`;
}

/** Which writes fail, by memory name and byte offset (a test hook). */
export type WriteFault = (memory: string, offset: number) => Error | null;

/** The board's memories: one sparse file per memory in the caller's folder, opened when first used. */
export class BoardStorage {
  readonly directory: string;
  readonly #sizes: ReadonlyMap<string, number>;
  readonly #open = new Map<string, Promise<SparseMedium>>();
  /** `--sim-fill`: each memory is filled with this pattern when this storage first opens it (model choice `simFillPattern`). */
  readonly #fill: Uint8Array | null;
  #writeFault: WriteFault | null = null;

  constructor(
    directory: string,
    sizes: ReadonlyMap<string, number> = new Map(),
    fill: Uint8Array | null = null,
  ) {
    this.directory = directory;
    this.#sizes = sizes;
    this.#fill = fill;
  }

  geometry(name: string): MemoryGeometry | null {
    return memoryGeometry(name, this.#sizes);
  }

  medium(name: string): Promise<SparseMedium> {
    let medium = this.#open.get(name);
    if (!medium) {
      const geometry = this.geometry(name);
      if (!geometry) return Promise.reject(new Error(`no memory named ${name}`));
      medium = SparseMedium.open(
        join(this.directory, `${name}.img`),
        geometry.size,
        (offset) => (this.#writeFault === null ? null : this.#writeFault(name, offset)),
        this.#fill,
      );
      this.#open.set(name, medium);
    }
    return medium;
  }

  /**
   * Test hook: a write or erase of a memory file for which `fault` answers an error rejects with it (e.g. an ENOSPC one:
   * the host disk is full); null: none. Exercises the board's memory-write failure without filling a real disk.
   */
  failWrites(fault: WriteFault | null): void {
    this.#writeFault = fault;
  }

  async close(): Promise<void> {
    const media = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(media.map(async (medium) => (await medium).close()));
  }
}
