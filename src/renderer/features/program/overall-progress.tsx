import { formatBytes } from '../../app/format-bytes';
import { formatTimeLeft } from '../../app/format-duration';
import { overallRun } from './overall-run';
import { ProgressBar } from './progress-bar';
import type { PartitionRun } from './run-state';

interface Props {
  readonly partitions: readonly PartitionRun[];
  /** The run is over: no time left is shown. */
  readonly finished: boolean;
}

/** All partitions together, by bytes, with the time left at the measured rate. */
export function OverallProgress({ partitions, finished }: Props) {
  const overall = overallRun(partitions);
  const parts = [
    `${overall.written} of ${overall.count} partitions written`,
    `${formatBytes(overall.done)} of ${formatBytes(overall.total)}`,
  ];
  if (!finished && overall.done < overall.total)
    parts.push(overall.etaSeconds === null ? 'time left: measuring' : formatTimeLeft(overall.etaSeconds));
  const text = parts.join(' · ');
  return (
    <div className="overall-progress">
      <span className="overall-progress-label">Overall</span>
      <ProgressBar
        label="All partitions"
        done={overall.done}
        total={overall.sized ? overall.total : null}
        valueText={text}
        describedBy="overall-progress-details"
      />
      <span className="partition-progress-details" id="overall-progress-details">
        {text}
      </span>
    </div>
  );
}
