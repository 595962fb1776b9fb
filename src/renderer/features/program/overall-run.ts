import type { PartitionRun } from './run-state';

/** The run as a whole, over the partitions the table lists (the FlashLayout transfer is a stage, not one). */
export interface OverallRun {
  readonly written: number;
  readonly count: number;
  /** Bytes sent of the partitions whose size is known, and their total. */
  readonly done: number;
  readonly total: number;
  /** Whether any partition's size is known (else the bar is indeterminate). */
  readonly sized: boolean;
  /** Bytes per second: the partition being sent now, else the average of the time spent sending so far. */
  readonly bytesPerSecond: number | null;
  /** Seconds until every listed byte is sent at that rate; null until a rate is known. */
  readonly etaSeconds: number | null;
}

function averageRate(partitions: readonly PartitionRun[]): number | null {
  let bytes = 0;
  let ms = 0;
  for (const partition of partitions) {
    if (partition.firstMs === null || partition.lastMs === null) continue;
    bytes += partition.bytes;
    ms += partition.lastMs - partition.firstMs;
  }
  return ms > 0 && bytes > 0 ? (bytes * 1000) / ms : null;
}

export function overallRun(partitions: readonly PartitionRun[]): OverallRun {
  const known = partitions.filter((partition) => partition.total !== null);
  const total = known.reduce((sum, partition) => sum + (partition.total ?? 0), 0);
  const done = known.reduce((sum, partition) => sum + Math.min(partition.bytes, partition.total ?? 0), 0);
  const sending = partitions.find((partition) => partition.status === 'sending');
  const bytesPerSecond = sending?.bytesPerSecond ?? averageRate(partitions);
  const etaSeconds =
    bytesPerSecond === null || bytesPerSecond <= 0 ? null : Math.max(0, total - done) / bytesPerSecond;
  return {
    written: partitions.filter((partition) => partition.status === 'written').length,
    count: partitions.length,
    done,
    total,
    sized: known.length > 0,
    bytesPerSecond,
    etaSeconds,
  };
}

/** The partition the board receives now: the one being sent, else none (between partitions, or reconnecting). */
export function partitionInFlight(partitions: readonly PartitionRun[]): PartitionRun | null {
  return partitions.find((partition) => partition.status === 'sending') ?? null;
}
