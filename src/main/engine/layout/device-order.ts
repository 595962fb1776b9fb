import { deviceKey, type FlashLayout, type Partition } from './flash-layout';
import { isOnDevice } from './send-plan';

/** A partition on a memory, with the sort key U-Boot's part_cmp() uses (spec §4). */
export interface PlacedPartition {
  readonly partition: Partition;
  /** -2 for boot2, -1 for boot1, 0 for an address (U-Boot's part_id before numbering). */
  readonly partId: number;
  /** The address as parsed (0 for boot1/boot2; RawImage keeps its parsed address for sorting). */
  readonly address: bigint;
  readonly raw: boolean;
}

export interface DeviceOrder {
  /** Per memory (`mmc0`, `nor0`, …), the partitions in U-Boot's order: by part_id, then address. */
  readonly devices: ReadonlyMap<string, readonly PlacedPartition[]>;
  /** The partition's size on its memory: next address minus this one; absent when unknown offline. */
  readonly rooms: ReadonlyMap<Partition, bigint>;
  /** Pairs U-Boot refuses as "same address" (`first` sorts before `second`, i.e. comes first in the file). */
  readonly sameAddress: readonly { readonly first: PlacedPartition; readonly second: PlacedPartition }[];
}

/**
 * Groups device lines by memory and sorts them as init_device() does; sizes come from the next partition's
 * address. The last partition of a memory, eMMC boot partitions and RawImage lines have no size offline
 * (it depends on the device's capacity).
 */
export function orderDevices(layout: FlashLayout): DeviceOrder {
  const devices = new Map<string, PlacedPartition[]>();
  for (const partition of layout.partitions) {
    if (!isOnDevice(partition) || partition.ip === null || partition.offset === null) continue;
    const { offset } = partition;
    const placed: PlacedPartition = {
      partition,
      partId: offset === 'boot2' ? -2 : offset === 'boot1' ? -1 : 0,
      address: typeof offset === 'bigint' ? offset : 0n,
      raw: partition.type?.name === 'RawImage',
    };
    const key = deviceKey(partition.ip);
    const list = devices.get(key);
    if (list === undefined) devices.set(key, [placed]);
    else list.push(placed);
  }
  const rooms = new Map<Partition, bigint>();
  const sameAddress: { first: PlacedPartition; second: PlacedPartition }[] = [];
  for (const [key, list] of devices) {
    // Array.prototype.sort is stable, as list_sort() is for equal keys.
    const sorted = [...list].sort((a, b) => a.partId - b.partId || compareBig(a.address, b.address));
    devices.set(key, sorted);
    for (const [index, placed] of sorted.entries()) {
      if (placed.raw || placed.partId < 0) continue;
      const next = sorted[index + 1];
      if (next === undefined) continue;
      if (placed.address < next.address) rooms.set(placed.partition, next.address - placed.address);
      else sameAddress.push({ first: placed, second: next });
    }
  }
  return { devices, rooms, sameAddress };
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
