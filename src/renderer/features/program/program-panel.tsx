import { useEffect, useRef, useState } from 'react';
import type { BoardSummary } from '../../../shared/contract';
import type { FastMode } from '../../../shared/fast-path';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useNow } from '../../app/use-now';
import { planMemories, skippedIds } from '../layout/memory-plan';
import { OverallProgress } from './overall-progress';
import { PartitionProgressList } from './partition-progress-list';
import { plannedPartitions } from './planned-partitions';
import { programBlocker } from './program-blocker';
import { ProgramTarget } from './program-target';
import { ImageExport } from '../image/image-export';
import { ReconnectCountdown } from './reconnect-countdown';
import { FastPathSelect } from './fast-path-select';
import { ReportActions } from './report-actions';
import { ResultBanner } from './result-banner';
import type { RunState } from './run-state';
import { stageNames } from './stage-names';
import { StageTimeline } from './stage-timeline';
import { useFastPathChoice } from './use-fast-path-choice';
import { useProgramRun } from './use-program-run';
import { useReportMaker, type StartedWith } from './use-report-maker';
import { useResume } from './use-resume';
import { useWipeConsent } from './use-wipe-consent';
import { WarningList } from './warning-list';
import { WipeConfirmation } from './wipe-confirmation';

interface Props {
  readonly report: LayoutCheckReport | null;
  readonly excludedLines: ReadonlySet<number>;
  /** The board selected in Boards. */
  readonly board: BoardSummary | null;
  /** Every board listed, in the server's order: the run's board is found here by its id. */
  readonly boards: readonly BoardSummary[];
}

/** Said once per change to a screen reader (the countdown itself is a timer, not read every second). */
function announcementOf(state: RunState): string {
  if (state.phase !== 'running') return '';
  if (state.reconnect !== null)
    return `Waiting for the board to ${state.reconnect.phase === 'leave' ? 'leave the bus' : 'come back'}.`;
  const current = state.timeline.at(-1);
  return current === undefined ? '' : `Stage: ${stageNames[current.stage]}.`;
}

/** The Program button, the board it writes to, the run as it happens, and how it ended (until dismissed). */
export function ProgramPanel({ report, excludedLines, board, boards }: Props) {
  const { state, start, cancel, dismiss } = useProgramRun();
  const [confirming, setConfirming] = useState<readonly string[] | null>(null);
  const [startedWith, setStartedWith] = useState<StartedWith | null>(null);
  const [verify, setVerify] = useState(false);
  const [fast, setFast] = useState<FastMode>('auto');
  const fastChoice = useFastPathChoice({
    boardId: board?.id ?? null,
    layoutPath: report?.layout.path ?? null,
    fast,
    verify,
  });
  const running = state.phase === 'starting' || state.phase === 'running';
  const now = useNow(running);
  const resultRef = useRef<HTMLDivElement>(null);

  // The run's board as listed now (same id through every re-enumeration), else as it was at the start.
  const runBoard =
    state.phase === 'idle' || startedWith === null
      ? null
      : (boards.find((each) => each.id === startedWith.board.id) ?? startedWith.board);
  const memories = report === null ? [] : planMemories(report, excludedLines);
  const blocker = running ? null : programBlocker({ report, board, boards, memories });
  const { fullMemories, unconfirmed, remember } = useWipeConsent(report, memories);
  const makeReport = useReportMaker(state, startedWith, runBoard, report);
  const offer = useResume(state, startedWith, report);

  // The result comes into view and takes the keyboard focus (Dismiss and the report buttons are a Tab away).
  useEffect(() => {
    const banner = resultRef.current;
    if (state.result === null || banner === null) return;
    banner.focus({ preventScroll: true });
    banner.scrollIntoView({ block: 'nearest' });
  }, [state.result]);

  const begin = () => {
    if (report === null || board === null) return;
    const skip = skippedIds(report, excludedLines);
    setConfirming(null);
    setStartedWith({ board, layoutPath: report.layout.path, skipped: skip });
    start(
      {
        boardId: board.id,
        layoutPath: report.layout.path,
        ...(skip.length > 0 ? { skip } : {}),
        ...(verify ? { verify: true } : {}),
        ...(fast === 'auto' ? {} : { fast }),
      },
      plannedPartitions(report, excludedLines),
    );
  };
  // The failure card's Resume: the same board and layout, leaving out what the failed run wrote whole.
  const resume = () =>
    offer.resume((skip) => {
      if (report === null || startedWith === null) return;
      setStartedWith({ ...startedWith, skipped: skip });
      start(
        { boardId: startedWith.board.id, layoutPath: startedWith.layoutPath, skip: [...skip] },
        plannedPartitions(report, excludedLines).filter((partition) => !skip.includes(partition.id)),
      );
    });
  const program = () => {
    if (blocker !== null || running) return;
    if (unconfirmed.length > 0) setConfirming(unconfirmed);
    else begin();
  };
  const confirm = () => {
    if (confirming !== null) remember();
    begin();
  };
  const close = () => {
    dismiss();
    setStartedWith(null);
  };

  const runMs =
    state.phase === 'finished'
      ? (state.result?.elapsedMs ?? state.elapsedMs)
      : Math.max(state.elapsedMs, now - (state.startedAt ?? now));
  return (
    <section className="panel program-panel" aria-labelledby="program-heading">
      <p className="visually-hidden" aria-live="polite">
        {announcementOf(state)}
      </p>
      <h2 id="program-heading">Program</h2>
      <ProgramTarget run={state} board={runBoard ?? (blocker === null ? board : null)} />
      <div className="program-controls">
        <button
          type="button"
          className="program-button"
          aria-disabled={blocker !== null || running}
          aria-describedby={blocker === null ? undefined : 'program-blocker'}
          onClick={program}
        >
          Program
        </button>
        <ImageExport report={report} />
        <label className="program-verify">
          <input
            type="checkbox"
            checked={verify}
            disabled={running}
            onChange={(event) => setVerify(event.target.checked)}
          />{' '}
          Verify after programming
        </label>
        <FastPathSelect value={fast} onChange={setFast} disabled={running} choice={fastChoice} />
        {running && (
          <button type="button" className="secondary" onClick={cancel} disabled={state.cancelRequested}>
            {state.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {blocker !== null && (
          <p id="program-blocker" className="program-blocker">
            {blocker}
          </p>
        )}
        {blocker === null && !running && fullMemories.length > 0 && (
          <p className="program-summary">
            Full update of {fullMemories.join(', ')}: the partition table is written anew.
          </p>
        )}
      </div>
      {confirming !== null && (
        <WipeConfirmation memories={confirming} onConfirm={confirm} onCancel={() => setConfirming(null)} />
      )}
      {state.startFailure !== null && (
        <p role="alert" className="summary-error">
          Could not start: {state.startFailure}
        </p>
      )}
      {state.phase === 'starting' && <p className="program-summary">Starting…</p>}
      {/* How it ended, right under the button: in view without scrolling, above the details of the run. */}
      {state.result !== null && (
        <ResultBanner
          ref={resultRef}
          result={state.result}
          partitions={state.partitions}
          warnings={state.warnings}
          onDismiss={close}
          resume={offer.skip === null ? null : { onResume: resume, problem: offer.problem }}
        >
          <ReportActions makeReport={makeReport} />
        </ResultBanner>
      )}
      {state.reconnect !== null && <ReconnectCountdown wait={state.reconnect} now={now} />}
      <StageTimeline timeline={state.timeline} runMs={runMs} finished={state.phase === 'finished'} />
      {state.partitions.length > 0 && state.phase !== 'idle' && (
        <>
          <OverallProgress partitions={state.partitions} finished={state.phase === 'finished'} />
          <PartitionProgressList
            partitions={state.partitions}
            finished={state.phase === 'finished'}
            writing={state.writing}
            now={now}
          />
        </>
      )}
      {state.result === null && <WarningList warnings={state.warnings} />}
    </section>
  );
}
