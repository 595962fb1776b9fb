import { useState } from 'react';
import type { DeviceSummary } from '../../../shared/contract';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useAppInfo } from '../../app/use-app-info';
import { useNow } from '../../app/use-now';
import { useClient } from '../../transport/client-context';
import { planMemories, skippedIds } from '../layout/memory-plan';
import { useSettings } from '../settings/settings-context';
import { OverallProgress } from './overall-progress';
import { PartitionProgress } from './partition-progress';
import { plannedPartitions } from './planned-partitions';
import { programBlocker } from './program-blocker';
import { ReconnectCountdown } from './reconnect-countdown';
import { ReportActions } from './report-actions';
import { ResultBanner } from './result-banner';
import { buildRunReport, type LayoutIdentity, type RunReport } from './run-report';
import { stageNames } from './stage-names';
import { StageTimeline } from './stage-timeline';
import { useProgramRun } from './use-program-run';
import { WipeConfirmation } from './wipe-confirmation';

interface Props {
  readonly report: LayoutCheckReport | null;
  readonly excludedLines: ReadonlySet<number>;
  readonly device: DeviceSummary | null;
  readonly deviceCount: number;
}

/** What a run was started with, kept for its report even if the selection changes afterwards. */
interface StartedWith {
  readonly device: DeviceSummary;
  readonly layoutPath: string;
  readonly skipped: readonly number[];
}

/** The Program button, the run as it happens, and how it ended. */
export function ProgramPanel({ report, excludedLines, device, deviceCount }: Props) {
  const client = useClient();
  const app = useAppInfo();
  const { settings, update } = useSettings();
  const { state, start, cancel } = useProgramRun();
  const [confirming, setConfirming] = useState<readonly string[] | null>(null);
  const [startedWith, setStartedWith] = useState<StartedWith | null>(null);
  const running = state.phase === 'starting' || state.phase === 'running';
  const now = useNow(running);

  const memories = report === null ? [] : planMemories(report, excludedLines);
  const blocker = running ? null : programBlocker({ report, device, deviceCount, memories });
  const fullMemories = memories.filter((memory) => memory.full).map((memory) => memory.memory);
  const unconfirmed =
    report === null
      ? []
      : fullMemories.filter(
          (memory) =>
            !settings.wipeConsents.some(
              (consent) => consent.layoutPath === report.layout.path && consent.memories.includes(memory),
            ),
        );

  const begin = () => {
    if (report === null || device === null) return;
    const skip = skippedIds(report, excludedLines);
    setConfirming(null);
    setStartedWith({ device, layoutPath: report.layout.path, skipped: skip });
    start(
      { deviceId: device.id, layoutPath: report.layout.path, ...(skip.length > 0 ? { skip } : {}) },
      plannedPartitions(report, excludedLines),
    );
  };
  const program = () => {
    if (blocker !== null || running) return;
    if (unconfirmed.length > 0) setConfirming(unconfirmed);
    else begin();
  };
  const confirm = () => {
    if (report !== null && confirming !== null) {
      const others = settings.wipeConsents.filter((consent) => consent.layoutPath !== report.layout.path);
      update({
        wipeConsents: [...others, { layoutPath: report.layout.path, memories: fullMemories }].slice(-200),
      });
    }
    begin();
  };

  const makeReport = async (): Promise<RunReport> => {
    let layout: LayoutIdentity | null = null;
    if (startedWith !== null) {
      const digest = await client
        .request('layout.digest', { path: startedWith.layoutPath })
        .catch(() => null);
      layout = {
        path: startedWith.layoutPath,
        sha256: digest?.sha256 ?? null,
        bytes: digest?.bytes ?? null,
        skippedIds: startedWith.skipped,
      };
    }
    const board = startedWith?.device ?? null;
    const nickname =
      board === null || board.serial === null ? null : (settings.nicknames[board.serial] ?? null);
    return buildRunReport({ run: state, app, board, nickname, layout, generatedAt: new Date() });
  };

  const runMs =
    state.phase === 'finished'
      ? (state.result?.elapsedMs ?? state.elapsedMs)
      : Math.max(state.elapsedMs, now - (state.startedAt ?? now));
  // Said once per change to a screen reader (the countdown itself is a timer, not read every second).
  const current = state.timeline.at(-1);
  const announcement =
    state.phase !== 'running'
      ? ''
      : state.reconnect !== null
        ? `Waiting for the board to ${state.reconnect.phase === 'leave' ? 'leave the bus' : 'come back'}.`
        : current === undefined
          ? ''
          : `Stage: ${stageNames[current.stage]}.`;
  return (
    <section className="panel program-panel" aria-labelledby="program-heading">
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <h2 id="program-heading">Program</h2>
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
      {state.reconnect !== null && <ReconnectCountdown wait={state.reconnect} now={now} />}
      {state.result === null && state.warnings.length > 0 && (
        <ul className="result-warnings" aria-label="Warnings">
          {state.warnings.map((warning) => (
            <li key={warning.code} className="issue">
              <strong>{warning.code}</strong>: {warning.message}{' '}
              <span className="issue-hint">{warning.hint}</span>
            </li>
          ))}
        </ul>
      )}
      <StageTimeline timeline={state.timeline} runMs={runMs} finished={state.phase === 'finished'} />
      {state.partitions.length > 0 && state.phase !== 'idle' && (
        <>
          <OverallProgress partitions={state.partitions} />
          <ul className="partition-progress-list" aria-label="Partition progress">
            {state.partitions.map((partition) => (
              <PartitionProgress
                key={partition.id}
                partition={partition}
                finished={state.phase === 'finished'}
                writingUntil={state.writing?.partitionId === partition.id ? state.writing.deadlineAt : null}
                now={now}
              />
            ))}
          </ul>
        </>
      )}
      {state.result !== null && (
        <ResultBanner result={state.result} partitions={state.partitions} warnings={state.warnings}>
          <ReportActions makeReport={makeReport} />
        </ResultBanner>
      )}
    </section>
  );
}
