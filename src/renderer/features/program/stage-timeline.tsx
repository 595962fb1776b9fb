import type { StageTimelineEntry } from '../../../shared/program-events';
import { formatDuration } from '../../app/format-duration';
import { stageNames } from './stage-names';

interface Props {
  readonly timeline: readonly StageTimelineEntry[];
  /** The run's clock now (ms since it started): the running stage's elapsed time is derived from it. */
  readonly runMs: number;
  readonly finished: boolean;
}

/** The stages in the order the run went through them, each with its elapsed time. */
export function StageTimeline({ timeline, runMs, finished }: Props) {
  if (timeline.length === 0) return null;
  return (
    <ol className="stage-timeline" aria-label="Stages">
      {timeline.map((entry, index) => {
        const current = entry.endedMs === null && !finished;
        const elapsed = (entry.endedMs ?? runMs) - entry.startedMs;
        return (
          <li
            key={`${entry.stage}-${index}`}
            className={current ? 'stage stage-current' : 'stage stage-past'}
            aria-current={current ? 'step' : undefined}
          >
            <span className="stage-name">{stageNames[entry.stage]}</span>
            <span className="stage-elapsed">{formatDuration(elapsed)}</span>
          </li>
        );
      })}
    </ol>
  );
}
