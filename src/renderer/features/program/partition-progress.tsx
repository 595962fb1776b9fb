import { formatBytes, formatRate } from '../../app/format-bytes';
import { formatTimeLeft } from '../../app/format-duration';
import { ProgressBar } from './progress-bar';
import type { PartitionRun } from './run-state';

const statusText: Record<PartitionRun['status'], string> = {
  pending: 'waiting',
  sending: 'writing',
  verifying: 'verifying',
  written: 'written',
  failed: 'failed',
  cancelled: 'cancelled',
};

interface Props {
  readonly partition: PartitionRun;
  /** The run is over: a partition still waiting was never written. */
  readonly finished: boolean;
  /** Wall-clock deadline of the request during which the board writes this partition to its memory, if any. */
  readonly writingUntil?: number | null;
  /** Wall-clock now, for the seconds left of `writingUntil`. */
  readonly now?: number;
}

/** One partition's line: name, bar, bytes, speed and time left. */
export function PartitionProgress({ partition, finished, writingUntil = null, now = 0 }: Props) {
  const verifying = partition.status === 'verifying';
  const shown = verifying ? (partition.verifiedBytes ?? 0) : partition.bytes;
  const amount =
    partition.total === null
      ? formatBytes(shown)
      : `${formatBytes(shown)} of ${formatBytes(partition.total)}`;
  const status = finished && partition.status === 'pending' ? 'not written' : statusText[partition.status];
  const details = [status, amount];
  if (partition.status === 'sending' || verifying) {
    if (!verifying) details.push(formatRate(partition.bytesPerSecond));
    if (partition.etaSeconds !== null) details.push(formatTimeLeft(partition.etaSeconds));
  }
  if (writingUntil !== null) {
    const seconds = Math.max(0, Math.ceil((writingUntil - now) / 1000));
    details.push(`the board is writing to its memory, up to ${seconds} s`);
  }
  const tone =
    partition.status === 'failed' ? 'failed' : partition.status === 'written' ? 'written' : 'normal';
  return (
    <li className={`partition-progress partition-${partition.status}`} data-partition-id={partition.id}>
      <span className="partition-progress-name">{partition.name}</span>
      <ProgressBar
        label={partition.name}
        done={shown}
        total={partition.total}
        valueText={details.join(', ')}
        tone={tone}
      />
      <span className="partition-progress-details">{details.join(' · ')}</span>
    </li>
  );
}
