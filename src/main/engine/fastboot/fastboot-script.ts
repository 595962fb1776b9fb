import type { FlashLayout, Partition } from '../layout/flash-layout';

/**
 * The U-Boot script that turns stm32prog into a fastboot device for one MMC: `env set partitions "…"` then
 * `fastboot usb 0`. The `partitions` value is the one stm32prog.c's create_gpt_partitions() hands to
 * `gpt write mmc N "…"` for the layout (ST's fork v2023.10-stm32mp-r3), so `fastboot oem format` (which runs
 * `gpt write mmc <FASTBOOT_FLASH_MMC_DEV> $partitions`) writes the partitions the DFU path would:
 * - the device's lines sorted by offset, eMMC boot areas (`boot1`/`boot2`), RawImage and `none` lines left out;
 * - `name=<name>,start=0x<offset>,size=0x<next offset - offset>`; the last one `size=-` (gpt.c: to the end).
 *   stm32prog sizes it from the device's capacity the host cannot know: it ends at (lba - 35) blocks on an SD card
 *   and at (lba - erase group) blocks on an eMMC with erase groups over 34 blocks, while `gpt write` ends it at
 *   the last usable LBA (lba - 34); the last partition may so end up to one erase group later (never earlier);
 * - type: Binary the Linux-reserved GUID, ENV `u-boot-env`, FIP the TF-A FIP type GUID, FWU_MDATA its GUID, ESP
 *   `system`, System and FileSystem `linux` (gpt.c and lib/uuid.c resolve the names);
 * - `bootable` on System partitions;
 * - fixed partition UUIDs: the first `rootfs` or `rootfs-a` gets the per-MMC rootfs UUID (kernels boot with
 *   root=PARTUUID=…), `fip-a` and `fip-b` of type FIP theirs.
 * Where STM32PRG-TOOLBOX-DFU's builder (FileManager.cpp prepareUbootScriptFile) differs, U-Boot is followed: it
 * marks `bootfs*` bootable rather than System, types System as FileSystem and the last partition only when it is a
 * FileSystem, gives the last partition no UUID, types ENV with a GUID rather than `u-boot-env`, and spells
 * mmc2's rootfs UUID `…-8ee9-…` where U-Boot has `…-88e9-…`.
 */

/** stm32prog.c's types and UUIDs, as its create_gpt_partitions() writes them. */
const linuxReservedType = '8DA63339-0007-60C0-C436-083AC8230908';
const fipType = '19D5DF83-11B0-457B-BE2C-7559C13142A5';
const fwuMetadataType = '8a7a84a0-8387-40f6-ab41-a8b9a5a60d23';
/** ROOTFS_MMC0/1/2_UUID, printed as uuid_bin_to_str(UUID_STR_FORMAT_GUID) prints an EFI_GUID: lower case. */
const rootfsUuids = [
  'e91c4e10-16e6-4c0e-bd0e-77becf4a3582',
  '491f6117-415d-4f53-88c9-6e0de54deac6',
  'fd58f1c7-be0d-4338-88e9-ad8f050aeb18',
] as const;
const fipUuids: Readonly<Record<string, string>> = {
  'fip-a': '4fd84c93-54ef-463f-a7ef-ae25ff887087',
  'fip-b': '09c54952-d5bf-45af-acee-335303766fb3',
};

export type FastbootMmcDevice = `mmc${number}`;

/** One partition as `gpt write` receives it. */
export interface GptEntry {
  readonly name: string;
  readonly start: bigint;
  /** null: to the end of the device (`size=-`). */
  readonly size: bigint | null;
  readonly type: string;
  readonly bootable: boolean;
  readonly uuid: string | null;
}

interface PlacedPartition extends Partition {
  readonly offset: bigint;
  readonly name: string;
}

const isPlaced = (partition: Partition, instance: number): partition is PlacedPartition =>
  partition.ip?.kind === 'mmc' &&
  partition.ip.instance === instance &&
  typeof partition.offset === 'bigint' &&
  partition.name !== null &&
  partition.type !== null &&
  partition.type.name !== 'RawImage';

function typeOf(partition: PlacedPartition): string {
  switch (partition.type?.name) {
    case 'Binary':
      return linuxReservedType;
    case 'ENV':
      return 'u-boot-env';
    case 'FIP':
      return fipType;
    case 'FWU_MDATA':
      return fwuMetadataType;
    case 'ESP':
      return 'system';
    default:
      return 'linux';
  }
}

export function mmcInstance(device: FastbootMmcDevice): number {
  return Number.parseInt(device.slice(3), 10);
}

/** The partitions stm32prog would create on `device` for this layout, in offset order. */
export function gptEntries(layout: FlashLayout, device: FastbootMmcDevice): GptEntry[] {
  const instance = mmcInstance(device);
  const placed = layout.partitions
    .filter((partition) => isPlaced(partition, instance))
    .sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  let rootfsFound = false;
  return placed.map((partition, index) => {
    const next = placed[index + 1];
    let uuid: string | null = null;
    if (!rootfsFound && (partition.name === 'rootfs' || partition.name === 'rootfs-a')) {
      rootfsFound = true;
      uuid = rootfsUuids[instance] ?? null;
    }
    if (partition.type?.name === 'FIP') uuid = fipUuids[partition.name] ?? uuid;
    return {
      name: partition.name,
      start: partition.offset,
      size: next === undefined ? null : next.offset - partition.offset,
      type: typeOf(partition),
      bootable: partition.type?.name === 'System',
      uuid,
    };
  });
}

/** The `partitions` value: each entry as stm32prog.c prints it, each followed by `;`. */
export function partitionsVariable(entries: readonly GptEntry[]): string {
  return entries
    .map(
      (entry) =>
        [
          `name=${entry.name}`,
          `start=0x${entry.start.toString(16)}`,
          `size=${entry.size === null ? '-' : `0x${entry.size.toString(16)}`}`,
          `type=${entry.type}`,
          ...(entry.bootable ? ['bootable'] : []),
          ...(entry.uuid === null ? [] : [`uuid=${entry.uuid}`]),
        ].join(',') + ';',
    )
    .join('');
}

/** The script: `env set partitions "…"`, then `fastboot usb 0`, one command a line. */
export function fastbootScript(layout: FlashLayout, device: FastbootMmcDevice): string {
  const entries = gptEntries(layout, device);
  if (entries.length === 0) throw new RangeError(`the layout has no partition on ${device}`);
  return `env set partitions "${partitionsVariable(entries)}"\nfastboot usb 0\n`;
}
