import type { PlannedDevice } from './device-plan';
import type { GptPartition } from './gpt-image';
import { fixedPartitionGuid, gptTypeGuid } from './gpt-guid';
import type { PartType } from './layout-part';

const typeGuidOf: Record<PartType, string> = {
  Binary: gptTypeGuid.linuxReserved,
  FIP: gptTypeGuid.fip,
  FWU_MDATA: gptTypeGuid.fwuMetadata,
  ENV: gptTypeGuid.ubootEnv,
  ESP: gptTypeGuid.system,
  System: gptTypeGuid.linux,
  FileSystem: gptTypeGuid.linux,
  RawImage: gptTypeGuid.linux,
};

/** Room in U-Boot's 8 KiB `gpt write` command buffer: a partition that does not fit is silently skipped. */
const COMMAND_BUFFER = 8192;

/**
 * `create_gpt_partitions()` for one full-update MMC device (flashlayout-tsv.md §7): the `gpt write` entries in
 * offset order, skipping eMMC boot areas and RawImage lines; fixed GUIDs for the first `rootfs`/`rootfs-a`
 * and for `fip-a`/`fip-b`; `bootable` on System partitions.
 */
export function gptPartitionsFor(device: PlannedDevice): GptPartition[] {
  const partitions: GptPartition[] = [];
  let commandLength = `gpt write mmc ${device.devId} "`.length;
  let rootfsFound = false;
  for (const part of device.parts) {
    if (part.partId < 0 || part.partType === 'RawImage') continue;
    if (commandLength + 100 > COMMAND_BUFFER) continue;
    let uniqueGuid: string | undefined;
    if (!rootfsFound && (part.name === 'rootfs' || part.name === 'rootfs-a')) {
      rootfsFound = true;
      uniqueGuid = fixedPartitionGuid.rootfsByMmc[device.devId];
    }
    if (part.partType === 'FIP' && part.name === 'fip-a') uniqueGuid = fixedPartitionGuid.fipA;
    if (part.partType === 'FIP' && part.name === 'fip-b') uniqueGuid = fixedPartitionGuid.fipB;
    const typeGuid = typeGuidOf[part.partType];
    const entry = `name=${part.name},start=0x${part.addr.toString(16)},size=0x${part.size.toString(16)},type=${typeGuid}`;
    commandLength += entry.length + (part.partType === 'System' ? 9 : 0) + (uniqueGuid ? 42 : 0) + 1;
    partitions.push({
      name: part.name,
      start: part.addr,
      size: part.size,
      typeGuid,
      bootable: part.partType === 'System',
      ...(uniqueGuid ? { uniqueGuid } : {}),
    });
  }
  return partitions;
}
