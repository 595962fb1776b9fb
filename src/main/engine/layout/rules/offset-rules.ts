import type { LayoutIssue } from '../../../../shared/layout';
import { phaseId } from '../../../protocol/phase';
import type { DeviceOrder, PlacedPartition } from '../device-order';
import { columnOf, deviceKey, type Partition } from '../flash-layout';
import { hexAddress, hexId, layoutIssue } from '../layout-issue';
import { ubootSays } from '../parse-columns';

/** The primary GPT: 34 blocks of 512 bytes, below which U-Boot puts no MMC partition (spec §4). */
export const mmcFirstAddress = 34n * 512n;
export const mmcBlockSize = 512n;

/** The checks of init_device() that need no device geometry (spec §4, offline guidance). */
export function checkOffsets(order: DeviceOrder): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  for (const [key, placedList] of order.devices) {
    for (const placed of placedList) issues.push(...checkPlaced(key, placed));
  }
  for (const { first, second } of order.sameAddress) {
    const a = first.partition;
    const b = second.partition;
    issues.push(
      layoutIssue(
        'DUPLICATE_OFFSET',
        'error',
        { line: b.line, column: columnOf(b, 'offset') },
        `Offset ${hexAddress(second.address)} on ${deviceKey(b.ip ?? { kind: 'none', instance: 0 })} is also the offset of line ${a.line} (${a.name ?? '?'}). ${ubootSays(`${label(a)}: same address : ${hexAddress(first.address)} == ${label(b)}: ${hexAddress(second.address)}`)}`,
        'Give each partition on a memory its own offset, in increasing order; a partition ends where the next begins.',
      ),
    );
  }
  return issues;
}

function label(partition: Partition): string {
  return `${partition.name ?? ''} (${hexId(partition.id ?? 0)})`;
}

function checkPlaced(key: string, placed: PlacedPartition): LayoutIssue[] {
  const { partition } = placed;
  const { line, type, ip } = partition;
  const issues: LayoutIssue[] = [];
  if (type !== null && type.copies > 1) {
    const allowed =
      (ip?.kind === 'nand' || ip?.kind === 'spi-nand') &&
      partition.id !== null &&
      partition.id < phaseId.firstUser &&
      (partition.name ?? '').startsWith('fsbl');
    if (!allowed) {
      issues.push(
        layoutIssue(
          'BINARY_COPIES',
          'error',
          { line, column: columnOf(partition, 'type') },
          `Binary(${type.copies}) writes several copies, which U-Boot does only for an FSBL on NAND. ${ubootSays(`${label(partition)}: multiple binary ${type.copies} not supported`)}`,
          'Use Binary(N) only on nand/spi-nand, with an Id below 0x10 and a name starting with fsbl; elsewhere write Binary.',
        ),
      );
    }
  }
  if (placed.raw) {
    if (typeof partition.offset === 'bigint' && partition.offset !== 0n) {
      issues.push(
        layoutIssue(
          'RAW_IMAGE_OFFSET',
          'warning',
          { line, column: columnOf(partition, 'offset') },
          `A RawImage covers the whole of ${key}: U-Boot ignores the offset ${partition.fields[5]?.text ?? ''} and writes the image from address 0.`,
          'Write 0x0 as the offset, and make sure the image starts with what belongs at address 0 (for example its own GPT).',
        ),
      );
    }
    return issues;
  }
  if (placed.partId < 0) {
    if (ip?.kind !== 'mmc') {
      issues.push(
        layoutIssue(
          'BOOT_PARTITION_NOT_MMC',
          'error',
          { line, column: columnOf(partition, 'offset') },
          `${partition.offset === 'boot2' ? 'boot2' : 'boot1'} is an eMMC hardware boot partition; ${key} has none. ${ubootSays(`${label(partition)}: hw partition not expected : ${placed.partId}`)}`,
          'Use boot1/boot2 only on an mmc memory that is an eMMC; elsewhere give an address.',
        ),
      );
    }
    return issues;
  }
  if (ip?.kind === 'mmc' && placed.address < mmcFirstAddress) {
    issues.push(
      layoutIssue(
        // Spec §4 (init_device): U-Boot refuses any MMC partition below its first usable address, which is
        // at least 0x4400 on every card, so this is an error although the §9 checklist lists it as a warning.
        'MMC_OFFSET_LOW',
        'error',
        { line, column: columnOf(partition, 'offset') },
        `Offset ${hexAddress(placed.address)} is inside the primary GPT of ${key} (it ends at 0x4400). U-Boot refuses the layout: "${label(partition)}: invalid address ${hexAddress(placed.address)} (min=0x4400)"`,
        'Start the first partition of an SD card or eMMC at 0x4400 or above (ST layouts use 0x00004400 on SD cards, 0x00080000 on eMMC).',
      ),
    );
  }
  if (ip?.kind === 'mmc' && placed.address % mmcBlockSize !== 0n) {
    issues.push(
      layoutIssue(
        // Spec §4: an MMC's erase size is at least one 512-byte block, so U-Boot refuses this on every card.
        'MMC_OFFSET_ALIGNMENT',
        'error',
        { line, column: columnOf(partition, 'offset') },
        `Offset ${hexAddress(placed.address)} is not a multiple of 512, the smallest erase size of an MMC. U-Boot refuses the layout: "${label(partition)}: not aligned address : ${hexAddress(placed.address)} on erase size 0x200"`,
        'Use offsets that are multiples of 512 (0x200); on an eMMC, of its erase group (often 512 KiB).',
      ),
    );
  }
  return issues;
}
