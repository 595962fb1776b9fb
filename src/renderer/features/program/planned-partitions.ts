import type { LayoutCheckReport } from '../../../shared/layout';
import { isIncluded } from '../layout/memory-plan';

/** A partition a run is expected to send, known before its first progress event. */
export interface PlannedPartition {
  readonly id: number;
  readonly name: string;
  /** The binary's size in bytes, when the check read it. */
  readonly total: number | null;
}

/**
 * What the run will send, in layout order: every line with a binary that the run includes (the boot
 * images loaded by the host, IP `none`, always are), except empty (`E`) lines, which send no data.
 */
export function plannedPartitions(
  report: LayoutCheckReport,
  excludedLines: ReadonlySet<number>,
): PlannedPartition[] {
  return report.layout.partitions.flatMap((partition) => {
    const sent =
      partition.id !== null &&
      partition.binary !== 'none' &&
      partition.binary !== '' &&
      !partition.opt.includes('E') &&
      (partition.ip === 'none' || isIncluded(partition, excludedLines));
    if (!sent || partition.id === null) return [];
    return [
      {
        id: partition.id,
        name: partition.name,
        total: partition.size === null ? null : Number(partition.size),
      },
    ];
  });
}
