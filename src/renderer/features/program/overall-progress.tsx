import { formatBytes } from '../../app/format-bytes';
import { ProgressBar } from './progress-bar';
import type { PartitionRun } from './run-state';

/** All partitions together, by bytes: a partition of unknown size counts once it is known. */
export function OverallProgress({ partitions }: { partitions: readonly PartitionRun[] }) {
  const known = partitions.filter((partition) => partition.total !== null);
  const total = known.reduce((sum, partition) => sum + (partition.total ?? 0), 0);
  const done = known.reduce((sum, partition) => sum + Math.min(partition.bytes, partition.total ?? 0), 0);
  const written = partitions.filter((partition) => partition.status === 'written').length;
  const text = `${written} of ${partitions.length} partitions written, ${formatBytes(done)} of ${formatBytes(total)}`;
  return (
    <div className="overall-progress">
      <span className="overall-progress-label">Overall</span>
      <ProgressBar
        label="All partitions"
        done={done}
        total={known.length === 0 ? null : total}
        valueText={text}
      />
      <span className="partition-progress-details">{text}</span>
    </div>
  );
}
