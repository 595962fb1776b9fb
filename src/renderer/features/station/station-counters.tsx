import type { StationCounters as Counters } from '../../../shared/station';

/** Passed, failed, yield and boards per hour, in the station's header bar. */
export function StationCounters({ counters }: { counters: Counters }) {
  const yieldText = counters.yield === null ? '—' : `${Math.round(counters.yield * 1000) / 10} %`;
  const rate = counters.boardsPerHour === null ? '—' : String(Math.round(counters.boardsPerHour));
  return (
    <dl className="station-counters" aria-label="Counters">
      <div className="counter-passed">
        <dt>Passed</dt>
        <dd>{counters.passed}</dd>
      </div>
      <div className="counter-failed">
        <dt>Failed</dt>
        <dd>{counters.failed}</dd>
      </div>
      <div>
        <dt>Yield</dt>
        <dd>{yieldText}</dd>
      </div>
      <div>
        <dt>Boards per hour</dt>
        <dd>{rate}</dd>
      </div>
    </dl>
  );
}
