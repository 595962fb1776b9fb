import { phaseId } from '../../protocol/phase';
import type { FlashLayout, Partition } from './flash-layout';

/** Images the host loads before U-Boot runs (spec §1): FSBL to the ROM, DDR FIP (MP25) and SSBL/FIP to TF-A. */
export const hostLoadedIds: readonly number[] = [phaseId.fsbl, phaseId.ddrFirmware, phaseId.ssbl];

export function isHostLoaded(partition: Partition): boolean {
  return partition.ip?.kind === 'none' && partition.id !== null && hostLoadedIds.includes(partition.id);
}

/** A line on a memory (IP other than `none`). */
export function isOnDevice(partition: Partition): boolean {
  return partition.ip !== null && partition.ip.kind !== 'none';
}

/** Programmed with data: Opt has P and not E (`stm32prog_next_phase()` skips P+E lines). */
export function isWritten(partition: Partition): boolean {
  return isOnDevice(partition) && partition.opt?.program === true && !partition.opt.empty;
}

/**
 * The lines whose binary `program` sends: the first host-loaded line of each of 0x01/0x02/0x03 (a later line
 * with the same Id is never sent), and every line written to a memory.
 */
export function sentPartitions(layout: FlashLayout): ReadonlySet<Partition> {
  const sent = new Set<Partition>();
  const hostIdsSeen = new Set<number>();
  for (const partition of layout.partitions) {
    if (isHostLoaded(partition) && partition.id !== null && !hostIdsSeen.has(partition.id)) {
      hostIdsSeen.add(partition.id);
      sent.add(partition);
    } else if (isWritten(partition)) {
      sent.add(partition);
    }
  }
  return sent;
}
