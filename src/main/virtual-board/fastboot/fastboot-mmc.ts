import type { BoardStorage } from '../storage/board-storage';
import { gptGeometry, readGptEntries } from '../uboot/gpt-image';
import type { FastbootBuild } from '../uboot/uboot-build';
import { isSparseImage, writeSparseImage } from './sparse-image';

const BLOCK = 512;

/** A region of one memory a fastboot name resolves to (`struct disk_partition` on a `blk_desc`). */
export interface MmcRegion {
  /** The board storage memory: `mmc1`, `mmc1-boot1`… */
  readonly memory: string;
  readonly start: number;
  readonly blocks: number;
  readonly kind: 'partition' | 'user' | 'boot';
}

export type Lookup =
  { readonly ok: true; readonly region: MmcRegion } | { readonly ok: false; readonly reason: string };

/** What a flash or erase did: the response text and the bytes written (for the time it takes). */
export interface MmcResult {
  readonly fail: string | null;
  readonly bytesWritten: number;
}

/**
 * The fastboot MMC backend (drivers/fastboot/fb_mmc.c) on the build's one device (`CONFIG_FASTBOOT_FLASH_MMC_DEV`),
 * writing the board's memories.
 */
export class FastbootMmc {
  readonly #storage: BoardStorage;
  readonly #build: FastbootBuild;
  readonly #env: ReadonlyMap<string, string>;
  readonly #print: (line: string) => void;
  /** Test and fault hook (`flash-fail=<name>`): a write to this name fails as a failing card would. */
  readonly #failingName: string | null;

  constructor(
    storage: BoardStorage,
    build: FastbootBuild,
    env: ReadonlyMap<string, string>,
    print: (line: string) => void,
    failingName: string | null,
  ) {
    this.#storage = storage;
    this.#build = build;
    this.#env = env;
    this.#print = print;
    this.#failingName = failingName;
  }

  get device(): string {
    return `mmc${this.#build.mmcDev}`;
  }

  /** `CONFIG_FASTBOOT_MMC_BOOT1_NAME`/`BOOT2_NAME`: `mmc<dev>boot0` is hwpart 1, `mmc<dev>boot1` hwpart 2. */
  bootArea(name: string): string | null {
    if (!this.#build.bootAreas) return null;
    if (name === `${this.device}boot0`) return `${this.device}-boot1`;
    if (name === `${this.device}boot1`) return `${this.device}-boot2`;
    return null;
  }

  /**
   * `fastboot_mmc_get_part_info`: an alias (`fastboot_partition_alias_<name>`), then the GPT of the build's device
   * by name (`part_get_info_by_name`: entries in order, up to the first unused one). A name not found falls through
   * to `part_get_info_by_dev_and_name_or_num`, whose `blk_get_device_by_str` refuses it (-EINVAL): `invalid
   * partition or device`. Model choice `fastbootNamesAsDevices`: `<dev>#<name>`, `<dev>:<part>` and names made
   * only of hex digits (which U-Boot would take as a device number) are refused the same way.
   */
  async partition(name: string): Promise<Lookup> {
    if (name === '') return { ok: false, reason: 'partition not given' };
    const target = this.#env.get(`fastboot_partition_alias_${name}`) ?? name;
    const medium = await this.#storage.medium(this.device);
    const header = await medium.read(gptGeometry.block, gptGeometry.block);
    const entries = await medium.read(2 * gptGeometry.block, gptGeometry.entryBlocks * gptGeometry.block);
    const table = readGptEntries(header, entries) ?? [];
    for (const [i, entry] of table.entries()) {
      if (entry.number !== i + 1) break;
      if (entry.name === target)
        return {
          ok: true,
          region: {
            memory: this.device,
            start: entry.startLba,
            blocks: entry.endLba - entry.startLba + 1,
            kind: 'partition',
          },
        };
    }
    this.#print(`** Bad device specification mmc ${target} **`);
    this.#print(`Couldn't find partition mmc ${target}`);
    return { ok: false, reason: 'invalid partition or device' };
  }

  /** A flash target: boot area, whole user area (`CONFIG_FASTBOOT_MMC_USER_NAME`), or a GPT partition. */
  async target(name: string): Promise<Lookup> {
    const boot = this.bootArea(name);
    if (boot !== null) {
      const size = this.#storage.geometry(boot)?.size ?? 0;
      return { ok: true, region: { memory: boot, start: 0, blocks: size / BLOCK, kind: 'boot' } };
    }
    if (this.#build.userArea && name === this.device) {
      const size = this.#storage.geometry(this.device)?.size ?? 0;
      return { ok: true, region: { memory: this.device, start: 0, blocks: size / BLOCK, kind: 'user' } };
    }
    return this.partition(name);
  }

  /** `fastboot_mmc_flash_write`: sparse when `is_sparse_image`, else raw (`write_raw_image`, `fb_mmc_boot_ops`). */
  async flash(name: string, image: Uint8Array): Promise<MmcResult> {
    const found = await this.target(name);
    if (!found.ok) return { fail: found.reason, bytesWritten: 0 };
    const { region } = found;
    const medium = await this.#storage.medium(region.memory);
    const failing = this.#failingName === name;
    if (region.kind !== 'boot' && isSparseImage(image)) {
      this.#print(`Flashing sparse image at offset ${region.start}`);
      const outcome = await writeSparseImage(
        {
          name,
          blockSize: BLOCK,
          start: region.start,
          size: region.blocks,
          write: async (block, data) => {
            if (failing) return 0;
            await medium.write(block * BLOCK, data);
            return data.length / BLOCK;
          },
        },
        image,
        this.#print,
      );
      return outcome.ok
        ? { fail: null, bytesWritten: outcome.bytesWritten }
        : { fail: outcome.reason, bytesWritten: 0 };
    }
    const blocks = Math.ceil(image.length / BLOCK);
    if (blocks > region.blocks) {
      if (region.kind === 'boot') return { fail: 'Image size too large', bytesWritten: 0 };
      this.#print(`too large for partition: '${name}'`);
      return { fail: 'too large for partition', bytesWritten: 0 };
    }
    if (region.kind !== 'boot') this.#print('Flashing Raw Image');
    if (failing) {
      this.#print(`failed writing to device ${this.#build.mmcDev}`);
      return {
        fail: region.kind === 'boot' ? 'Failed to write EMMC_BOOT part' : 'failed writing to device',
        bytesWritten: 0,
      };
    }
    const padded = new Uint8Array(blocks * BLOCK);
    padded.set(image);
    await medium.write(region.start * BLOCK, padded);
    const hwpart = region.memory.endsWith('-boot2') ? 2 : 1;
    this.#print(
      region.kind === 'boot'
        ? `........ wrote ${padded.length} bytes to EMMC_BOOT${hwpart}`
        : `........ wrote ${padded.length} bytes to '${name}'`,
    );
    return { fail: null, bytesWritten: padded.length };
  }

  /**
   * `fastboot_mmc_erase`: boot areas and the user area whole; a partition only over the erase groups it wholly
   * holds (`erase_grp_size`: the memory's erase size), as U-Boot aligns to avoid erasing its neighbours.
   */
  async erase(name: string): Promise<MmcResult> {
    const found = await this.target(name);
    if (!found.ok) return { fail: found.reason, bytesWritten: 0 };
    const { region } = found;
    const medium = await this.#storage.medium(region.memory);
    if (region.kind !== 'partition') {
      await medium.erase(0, region.blocks * BLOCK);
      this.#print(
        `........ erased ${region.blocks * BLOCK} bytes from mmc hwpart[${region.kind === 'user' ? 0 : region.memory.endsWith('-boot2') ? 2 : 1}]`,
      );
      return { fail: null, bytesWritten: region.blocks * BLOCK };
    }
    const group = (this.#storage.geometry(this.device)?.eraseSize ?? BLOCK) / BLOCK;
    const start = Math.ceil(region.start / group) * group;
    const count =
      region.blocks >= group ? Math.floor((region.blocks - (start - region.start)) / group) * group : 0;
    this.#print(`Erasing blocks ${start} to ${start + count} due to alignment`);
    await medium.erase(start * BLOCK, count * BLOCK);
    this.#print(`........ erased ${count * BLOCK} bytes from '${name}'`);
    return { fail: null, bytesWritten: count * BLOCK };
  }
}
