import type { LayoutCheckReport, LayoutPartitionReport } from '../../../shared/layout';

/** What one run does to one memory (a value of the IP column: `mmc0`, `nand0`). */
export interface MemoryPlan {
  readonly memory: string;
  /** Every line of the layout on this memory selected: U-Boot writes a new partition table (GPT/MTD). */
  readonly full: boolean;
  /** Some lines selected, some not: the board keeps its partition table and checks it against the layout. */
  readonly partial: boolean;
  /** Lines of the layout that are on this memory, in file order. */
  readonly lines: readonly number[];
}

/** A line the user may leave out of a run: one the layout selects (`P`) that is written to a memory. */
export function isExcludable(partition: LayoutPartitionReport): boolean {
  return partition.opt !== '-' && partition.ip !== 'none' && partition.id !== null;
}

/** Whether the run writes this line: selected by the layout and not left out by the user. */
export function isIncluded(partition: LayoutPartitionReport, excludedLines: ReadonlySet<number>): boolean {
  return partition.opt !== '-' && !excludedLines.has(partition.line);
}

/** Per memory: a full update (partition table rewritten), a partial one, or nothing written. */
export function planMemories(
  report: LayoutCheckReport,
  excludedLines: ReadonlySet<number>,
): readonly MemoryPlan[] {
  const byMemory = new Map<string, LayoutPartitionReport[]>();
  for (const partition of report.layout.partitions) {
    if (partition.ip === 'none' || partition.ip === '') continue;
    byMemory.set(partition.ip, [...(byMemory.get(partition.ip) ?? []), partition]);
  }
  return [...byMemory].map(([memory, partitions]) => {
    const included = partitions.filter((partition) => isIncluded(partition, excludedLines)).length;
    return {
      memory,
      full: included === partitions.length,
      partial: included > 0 && included < partitions.length,
      lines: partitions.map((partition) => partition.line),
    };
  });
}

/** The partition ids the user left out, for `program.start`'s `skip`. */
export function skippedIds(report: LayoutCheckReport, excludedLines: ReadonlySet<number>): number[] {
  return report.layout.partitions
    .filter((partition) => excludedLines.has(partition.line) && partition.id !== null)
    .map((partition) => partition.id ?? 0);
}
