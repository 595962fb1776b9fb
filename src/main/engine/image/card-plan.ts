import type { PartitionTypeName } from '../../../shared/layout';
import type { FlashLayout, Partition } from '../layout/flash-layout';
import { type GptEntry, gptHeaderSectors, sectorBytes } from './gpt-writer';

/**
 * What U-Boot's stm32prog leaves on one MMC device (SD card or eMMC user area) for a layout, read from
 * `arch/arm/mach-stm32mp/cmd_stm32prog/stm32prog.c`:
 * - `init_device`: the partitions of the device in offset order; each one's size runs to the next one's start,
 *   the last one's to `last_addr` (erase group ≤ 34 sectors: `(lba - GPT_HEADER_SZ - 1) * blksz`; else
 *   `(lba - erase_grp_size) * blksz`, with the first `erase_grp_size` bytes reserved); a RawImage is the whole
 *   device from 0; `boot1`/`boot2` are the eMMC boot areas, not the user area.
 * - `create_gpt_partitions`: only on a full update (every line of the device has `P`), the `gpt write` entries in
 *   that order, RawImage and boot areas skipped; type `LINUX_RESERVED_UUID` for Binary, `FIP_TYPE_UUID` for FIP,
 *   `FWU_MDATA_UUID` for FWU_MDATA, `u-boot-env` for ENV, `system` for ESP, `linux` otherwise; `bootable` for
 *   System; the fixed `uuid` of the first `rootfs` (per mmc instance) and of `fip-a`/`fip-b`.
 * - Each selected, non-empty line's image is written at its partition's start (a RawImage at 0).
 */

/** Type GUIDs: stm32prog.c's defines and U-Boot's named types (`lib/uuid.c`: linux, system, u-boot-env). */
const typeGuidByType: Record<PartitionTypeName, string> = {
  Binary: '8DA63339-0007-60C0-C436-083AC8230908',
  FIP: '19D5DF83-11B0-457B-BE2C-7559C13142A5',
  FWU_MDATA: '8A7A84A0-8387-40F6-AB41-A8B9A5A60D23',
  ENV: '3DE21764-95BD-54BD-A5C3-4ABE786F38A8',
  ESP: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  System: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
  FileSystem: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
  RawImage: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
};

/** stm32prog.c `uuid_mmc[]` (ROOTFS_MMCn_UUID) and `fip_part_uuid[]`. */
const rootfsGuidByMmc = [
  'E91C4E10-16E6-4C0E-BD0E-77BECF4A3582',
  '491F6117-415D-4F53-88C9-6E0DE54DEAC6',
  'FD58F1C7-BE0D-4338-88E9-AD8F050AEB18',
];
const fipGuidByName: Record<string, string> = {
  'fip-a': '4FD84C93-54EF-463F-A7EF-AE25FF887087',
  'fip-b': '09C54952-D5BF-45AF-ACEE-335303766FB3',
};

/** One image to place: the file, where it starts on the device, and the room it has there. */
export interface CardWrite {
  readonly name: string;
  readonly file: string;
  readonly offset: bigint;
  readonly room: bigint;
}

export interface CardPlan {
  /** `mmc0`, `mmc1`, … */
  readonly device: string;
  /** null when U-Boot writes no GPT (a partial update, or only a RawImage). */
  readonly gpt: GptEntry[] | null;
  readonly writes: CardWrite[];
}

export interface CardPlanOptions {
  readonly diskBytes: bigint;
  /** A device's erase group in bytes (`mmc->erase_grp_size * blksz`): 512 on an SD card. */
  readonly eraseBytesOf: (device: string) => number;
  /** Which `mmcN` when the layout writes several. */
  readonly device?: string;
}

export class CardPlanError extends Error {}

const isUserArea = (partition: Partition): boolean => typeof partition.offset === 'bigint';

/** The device and its partitions the layout programs (ip `mmcN`, not `none`). */
function devicePartitions(
  layout: FlashLayout,
  wanted: string | undefined,
): { device: string; parts: Partition[] } {
  const mmcs = new Map<string, Partition[]>();
  for (const partition of layout.partitions) {
    if (partition.ip?.kind !== 'mmc') continue;
    const device = `mmc${partition.ip.instance}`;
    mmcs.set(device, [...(mmcs.get(device) ?? []), partition]);
  }
  if (mmcs.size === 0)
    throw new CardPlanError('The layout writes nothing to an SD card or eMMC (no mmcN line).');
  const device = wanted ?? (mmcs.size === 1 ? [...mmcs.keys()][0] : undefined);
  if (device === undefined)
    throw new CardPlanError(
      `The layout writes to ${[...mmcs.keys()].join(' and ')}: choose one with --device.`,
    );
  const parts = mmcs.get(device);
  if (parts === undefined) throw new CardPlanError(`The layout writes nothing to ${device}.`);
  return { device, parts };
}

/** The image of a device of `diskBytes` as U-Boot would program `layout` on it. */
export function planCard(
  layout: FlashLayout,
  binaries: ReadonlyMap<Partition, string>,
  options: CardPlanOptions,
): CardPlan {
  const { device, parts } = devicePartitions(layout, options.device);
  const instance = Number(device.slice(3));
  const eraseBytes = options.eraseBytesOf(device);
  const lba = options.diskBytes / BigInt(sectorBytes);
  const eraseSectors = BigInt(eraseBytes / sectorBytes);
  const header = BigInt(gptHeaderSectors);
  const firstAddr = eraseSectors > header ? BigInt(eraseBytes) : header * BigInt(sectorBytes);
  const lastAddr = (eraseSectors > header ? lba - eraseSectors : lba - header - 1n) * BigInt(sectorBytes);
  const fullUpdate = parts.every((partition) => partition.opt?.program === true);
  const inGpt = parts
    .filter((partition) => isUserArea(partition) && partition.type?.name !== 'RawImage')
    .sort((a, b) => (BigInt(a.offset as bigint) < BigInt(b.offset as bigint) ? -1 : 1));
  const sized = inGpt.map((partition, index) => {
    const start = partition.offset as bigint;
    const next = inGpt[index + 1];
    const end = next === undefined ? lastAddr : (next.offset as bigint);
    const name = partition.name ?? '?';
    if (start < firstAddr)
      throw new CardPlanError(`${name}: offset 0x${start.toString(16)} is inside the GPT.`);
    if (end <= start)
      throw new CardPlanError(
        `${name}: no room at 0x${start.toString(16)} on a ${options.diskBytes} byte ${device}.`,
      );
    if (start % BigInt(eraseBytes) !== 0n)
      throw new CardPlanError(
        `${name}: offset 0x${start.toString(16)} is not aligned on the erase size ${eraseBytes}.`,
      );
    return { partition, start, size: end - start };
  });
  let rootfsFound = false;
  const gpt = sized.map(({ partition, start, size }): GptEntry => {
    const type = partition.type?.name ?? 'Binary';
    const name = partition.name ?? '';
    let uniqueGuid: string | undefined;
    if (!rootfsFound && name === 'rootfs') {
      rootfsFound = true;
      uniqueGuid = rootfsGuidByMmc[instance];
    }
    if (type === 'FIP') uniqueGuid = fipGuidByName[name] ?? uniqueGuid;
    return {
      name,
      start,
      size,
      typeGuid: typeGuidByType[type],
      bootable: type === 'System',
      ...(uniqueGuid ? { uniqueGuid } : {}),
    };
  });
  const writes: CardWrite[] = [];
  // The GPT first (stm32prog_devices_init), then the images in phase order, as the host sends them.
  const byPhase = [...parts].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  for (const partition of byPhase) {
    const file = binaries.get(partition);
    if (
      partition.opt?.program !== true ||
      partition.opt.empty ||
      file === undefined ||
      !isUserArea(partition)
    )
      continue;
    const name = partition.name ?? '?';
    if (partition.type?.name === 'RawImage') {
      writes.push({ name, file, offset: 0n, room: options.diskBytes });
      continue;
    }
    const placed = sized.find((entry) => entry.partition === partition);
    if (placed !== undefined) writes.push({ name, file, offset: placed.start, room: placed.size });
  }
  return { device, gpt: fullUpdate && gpt.length > 0 ? gpt : null, writes };
}
