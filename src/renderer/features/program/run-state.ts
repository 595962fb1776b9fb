import type { Stage } from '../../../shared/board';
import type {
  LogEvent,
  PartitionStatus,
  ProgramEvent,
  ReconnectEvent,
  ResultEvent,
  StageTimelineEntry,
  WarningEvent,
} from '../../../shared/program-events';
import type { PlannedPartition } from './planned-partitions';

/** One partition's bar: from the plan, then from its `partition-progress` events, then from the result. */
export interface PartitionRun {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
  /** Null until known (the check did not read the binary and no event came yet). */
  readonly total: number | null;
  readonly bytesPerSecond: number | null;
  readonly etaSeconds: number | null;
  readonly status: PartitionStatus | 'sending' | 'verifying';
  /** Bytes read back and compared so far (`verify`); absent until the partition's verify starts. */
  readonly verifiedBytes?: number;
  /** Run-relative times of its first and last progress event, for the report's time and speed. */
  readonly firstMs: number | null;
  readonly lastMs: number | null;
}

/** The reconnect under way, with its deadline as a wall-clock time (the countdown is derived from it). */
export interface ReconnectWait {
  readonly phase: 'leave' | 'return';
  readonly expectedStage: Stage;
  readonly deadlineAt: number;
  readonly extendedBecause: string | null;
}

/** A `writing` event: the board is writing to its memory during one request, until the next progress. */
export interface WritingWait {
  readonly partitionId: number;
  /** Wall-clock time at which the request gives up (the write deadline). */
  readonly deadlineAt: number;
}

export interface RunState {
  readonly phase: 'idle' | 'starting' | 'running' | 'finished';
  readonly runId: string | null;
  readonly boardId: string | null;
  /** Wall-clock ms at which the run's clock (every event's `elapsedMs`) was 0. */
  readonly startedAt: number | null;
  readonly elapsedMs: number;
  readonly timeline: readonly StageTimelineEntry[];
  readonly partitions: readonly PartitionRun[];
  readonly reconnect: ReconnectWait | null;
  readonly writing: WritingWait | null;
  /** Every reconnect event of the run, for the report. */
  readonly reconnects: readonly ReconnectEvent[];
  readonly warnings: readonly WarningEvent[];
  /** The newest log lines (bounded). */
  readonly log: readonly LogEvent[];
  readonly result: ResultEvent | null;
  /** Why `program.start` was refused (no event will come). */
  readonly startFailure: string | null;
  readonly cancelRequested: boolean;
}

export type RunAction =
  | { type: 'start'; boardId: string; plan: readonly PlannedPartition[]; at: number }
  | { type: 'started'; runId: string }
  | { type: 'start-failed'; message: string }
  | { type: 'event'; event: ProgramEvent; at: number }
  | { type: 'cancel-requested' }
  /** The person closed the result: the panel is ready for the next run. */
  | { type: 'dismiss' };

export const maxLogLines = 200;
const maxReconnects = 50;

export const idleRun: RunState = {
  phase: 'idle',
  runId: null,
  boardId: null,
  startedAt: null,
  elapsedMs: 0,
  timeline: [],
  partitions: [],
  reconnect: null,
  writing: null,
  reconnects: [],
  warnings: [],
  log: [],
  result: null,
  startFailure: null,
  cancelRequested: false,
};

function fromPlan(planned: PlannedPartition): PartitionRun {
  return {
    ...planned,
    bytes: 0,
    bytesPerSecond: null,
    etaSeconds: null,
    status: 'pending',
    firstMs: null,
    lastMs: null,
  };
}

function withPartition(
  partitions: readonly PartitionRun[],
  id: number,
  update: (previous: PartitionRun | undefined) => PartitionRun,
): PartitionRun[] {
  const index = partitions.findIndex((partition) => partition.id === id);
  if (index === -1) return [...partitions, update(undefined)];
  return partitions.map((partition, at) => (at === index ? update(partition) : partition));
}

function applyResult(state: RunState, result: ResultEvent): RunState {
  let partitions = [...state.partitions];
  for (const outcome of result.partitions) {
    partitions = withPartition(partitions, outcome.id, (previous) => ({
      ...(previous ?? fromPlan({ id: outcome.id, name: outcome.name, total: null })),
      bytes: outcome.bytes,
      total:
        outcome.status === 'written'
          ? Math.max(outcome.bytes, previous?.total ?? 0)
          : (previous?.total ?? null),
      status: outcome.status,
      etaSeconds: null,
    }));
  }
  return { ...state, phase: 'finished', partitions, reconnect: null, writing: null, result };
}

function applyEvent(state: RunState, event: ProgramEvent, at: number): RunState {
  const base: RunState = {
    ...state,
    phase: state.phase === 'finished' ? 'finished' : 'running',
    startedAt:
      state.startedAt === null || state.phase === 'starting' ? at - event.elapsedMs : state.startedAt,
    elapsedMs: Math.max(state.elapsedMs, event.elapsedMs),
  };
  switch (event.type) {
    case 'stage':
      return { ...base, timeline: event.timeline, reconnect: null, writing: null };
    case 'partition-progress':
      // The FlashLayout itself (phase 0x00) is sent to U-Boot as a stage step, not a partition of the table: the
      // overall count stays what the table lists.
      if (event.partitionId === 0x00 && !base.partitions.some((partition) => partition.id === 0x00))
        return { ...base, reconnect: null, writing: null };
      return {
        ...base,
        reconnect: null,
        writing: null,
        partitions: withPartition(base.partitions, event.partitionId, (previous) =>
          event.step === 'verify' && previous !== undefined
            ? {
                ...previous,
                verifiedBytes: event.bytes,
                etaSeconds: event.done ? 0 : event.etaSeconds,
                status: event.done ? 'written' : 'verifying',
              }
            : {
                id: event.partitionId,
                name: event.name,
                bytes: event.bytes,
                total: event.total,
                bytesPerSecond: event.bytesPerSecond,
                etaSeconds: event.done ? 0 : event.etaSeconds,
                status: event.done ? 'written' : 'sending',
                firstMs: previous?.firstMs ?? event.elapsedMs,
                lastMs: event.elapsedMs,
              },
        ),
      };
    case 'reconnect':
      return {
        ...base,
        reconnects: [...base.reconnects, event].slice(-maxReconnects),
        reconnect:
          event.phase === 'found'
            ? null
            : {
                phase: event.phase,
                expectedStage: event.expectedStage,
                // Run-relative deadline → wall clock: the event arrived `at`, when the run's clock read elapsedMs.
                // Never more than the seconds the event counted itself: a 30 s deadline never shows 31 s.
                deadlineAt: at + Math.min(event.deadlineMs - event.elapsedMs, event.secondsLeft * 1000),
                extendedBecause: event.extendedBecause,
              },
      };
    case 'writing':
      return {
        ...base,
        writing: { partitionId: event.partitionId, deadlineAt: at + (event.deadlineMs - event.elapsedMs) },
      };
    case 'log':
      return { ...base, log: [...base.log, event].slice(-maxLogLines) };
    case 'warning':
      return base.warnings.some((warning) => warning.code === event.code)
        ? base
        : { ...base, warnings: [...base.warnings, event] };
    case 'result':
      return applyResult(base, event);
  }
}

/** The run as the program panel draws it; pure, so any scripted event sequence can be replayed in a test. */
export function reduceRun(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'start':
      return {
        ...idleRun,
        phase: 'starting',
        boardId: action.boardId,
        startedAt: action.at,
        partitions: action.plan.map(fromPlan),
      };
    case 'started':
      return { ...state, runId: action.runId };
    case 'start-failed':
      return { ...state, phase: 'idle', startFailure: action.message };
    case 'cancel-requested':
      return { ...state, cancelRequested: true };
    case 'dismiss':
      return state.phase === 'finished' || state.phase === 'idle' ? idleRun : state;
    case 'event':
      return applyEvent(state, action.event, action.at);
  }
}
