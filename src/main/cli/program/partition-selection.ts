import type { FlashLayout, Partition } from '../../engine/layout/flash-layout';
import { selectByIds } from '../../engine/session/program-layout';

/** `--only` / `--skip`: which memory lines a run programs, or why the ids are wrong. */
export type PartitionSelection =
  | { readonly ok: true; readonly select: ((partition: Partition) => boolean) | undefined }
  | { readonly ok: false; readonly error: string };

function parseIds(text: string, option: string, layout: FlashLayout): number[] | string {
  const ids: number[] = [];
  for (const item of text.split(',').map((part) => part.trim())) {
    if (!/^(0x[0-9a-f]{1,2}|\d{1,3})$/i.test(item))
      return `${option} ${text}: ${item} is not a partition id (e.g. 0x21)`;
    const id = Number(item);
    if (!layout.partitions.some((partition) => partition.id === id))
      return `${option} ${text}: the layout has no partition with id 0x${id.toString(16).padStart(2, '0')}`;
    ids.push(id);
  }
  return ids;
}

export function partitionSelection(
  layout: FlashLayout,
  only: string | undefined,
  skip: string | undefined,
): PartitionSelection {
  if (only !== undefined && skip !== undefined)
    return { ok: false, error: '--only and --skip cannot be used together' };
  if (only === undefined && skip === undefined) return { ok: true, select: undefined };
  const ids = parseIds(only ?? skip ?? '', only === undefined ? '--skip' : '--only', layout);
  if (typeof ids === 'string') return { ok: false, error: ids };
  return { ok: true, select: only === undefined ? selectByIds(undefined, ids) : selectByIds(ids, undefined) };
}
