import { useEffect, useRef } from 'react';
import { partitionInFlight } from './overall-run';
import { PartitionProgress } from './partition-progress';
import type { PartitionRun, WritingWait } from './run-state';

interface Props {
  readonly partitions: readonly PartitionRun[];
  readonly finished: boolean;
  readonly writing: WritingWait | null;
  readonly now: number;
}

/**
 * Every partition's line. During a run the list is a short window that keeps the partition being written in
 * view (the rest a scroll away), so the run's essentials fit a 1024×640 window; once it ends, every line shows.
 */
export function PartitionProgressList({ partitions, finished, writing, now }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  const current = partitionInFlight(partitions)?.id ?? null;

  useEffect(() => {
    const list = listRef.current;
    if (finished || current === null || list === null) return;
    const row = list.querySelector<HTMLElement>(`[data-partition-id="${current}"]`);
    // The list's own scroll only (the list is the rows' offset parent): scrollIntoView would move the page.
    if (row !== null) list.scrollTop = Math.max(0, row.offsetTop - 4);
  }, [current, finished]);

  return (
    <ul
      ref={listRef}
      className={finished ? 'partition-progress-list' : 'partition-progress-list partition-progress-window'}
      aria-label="Partition progress"
      tabIndex={finished ? undefined : 0}
    >
      {partitions.map((partition) => (
        <PartitionProgress
          key={partition.id}
          partition={partition}
          finished={finished}
          writingUntil={writing?.partitionId === partition.id ? writing.deadlineAt : null}
          now={now}
        />
      ))}
    </ul>
  );
}
