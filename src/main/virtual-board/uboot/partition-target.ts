import type { MediumKind } from '../timing/link-model';
import type { BoardStorage } from '../storage/board-storage';
import type { LayoutPart } from './layout-part';
import { deviceName } from './layout-part';

/** Where a partition's bytes go: which memory file, from which offset, and its medium for timing. */
export interface PartitionTarget {
  readonly memory: string | null;
  readonly base: number;
  readonly medium: MediumKind;
}

/** Model choice `ramTargetsDiscarded`: `ram` lines are accepted and timed, their bytes kept nowhere. */
export function partitionTarget(part: LayoutPart, storage: BoardStorage): PartitionTarget {
  if (part.target === 'ram' || part.target === 'none')
    return { memory: null, base: part.addr, medium: 'ram' };
  const device = deviceName(part.target, part.devId);
  if (part.partId < 0) return { memory: `${device}-boot${-part.partId}`, base: 0, medium: 'emmc' };
  const kind = storage.geometry(device)?.kind;
  const medium: MediumKind =
    kind === 'emmc' ? 'emmc' : kind === 'nor' ? 'nor' : kind === 'nand' ? 'nand' : 'sd';
  return { memory: device, base: part.partType === 'RawImage' ? 0 : part.addr, medium };
}
