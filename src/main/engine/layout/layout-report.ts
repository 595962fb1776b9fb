import type { LayoutCheckReport, LayoutIssue } from '../../../shared/layout';
import type { FlashLayout, Partition } from './flash-layout';
import { textOf } from './flash-layout';
import { hasErrors, sortIssues } from './layout-issue';

export interface ReportInput {
  readonly path: string;
  readonly baseDir: string;
  readonly layout: FlashLayout | null;
  readonly issues: readonly LayoutIssue[];
  readonly sizes: ReadonlyMap<Partition, bigint>;
  readonly rooms: ReadonlyMap<Partition, bigint>;
}

/** The JSON shape of a check (`check --json`, `layout.check`): columns as the file spells them, sizes as decimal strings. */
export function buildLayoutReport(input: ReportInput): LayoutCheckReport {
  const issues = sortIssues(input.issues);
  return {
    ok: !hasErrors(issues),
    layout: {
      path: input.path,
      baseDir: input.baseDir,
      partitions: (input.layout?.partitions ?? []).map((partition) => ({
        line: partition.line,
        opt: textOf(partition, 'opt'),
        id: partition.id,
        name: textOf(partition, 'name'),
        type: textOf(partition, 'type'),
        ip: textOf(partition, 'ip'),
        offset: textOf(partition, 'offset'),
        binary: textOf(partition, 'binary'),
        size: input.sizes.get(partition)?.toString() ?? null,
        room: input.rooms.get(partition)?.toString() ?? null,
      })),
    },
    issues,
  };
}
