import type { FastMode } from '../../../shared/fast-path';
import type { LayoutCheckReport } from '../../../shared/layout';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import type { UsbBackend } from '../../usb/usb-backend';
import type { BoardTracker } from '../boards/board-tracker';
import type { Clock } from '../dfu/clock';
import type { FastPathOptions } from '../fast-path/fast-path-options';
import { readFipFacts } from '../fast-path/fip-facts';
import { analyzeFlashLayout } from '../layout/check-flash-layout';
import type { FlashLayout, Partition } from '../layout/flash-layout';
import { readFileStart } from '../layout/stm32-image-header';
import type { BoardConsole } from './board-console';
import { failureResult } from './failure-result';
import type { ProgrammingSessionOptions, StartWarning } from './programming-session';
import { ProgrammingSession } from './programming-session';
import type { ReconnectDeadlines } from './reconnect-watcher';
import type { SessionPlan } from './session-plan';
import { planSession } from './session-plan';

/** What a run is asked to program: a layout file, and which of its memory lines. */
export interface LayoutRunRequest {
  readonly layoutPath: string;
  readonly binariesDir?: string;
  readonly cwd?: string;
  /** Program only these partition ids, or every one but these (memory lines only; boot images always go). */
  readonly only?: readonly number[];
  readonly skip?: readonly number[];
  readonly signal?: AbortSignal;
  /** `verify`: write nothing; every memory line goes to the board as `-` and is read back at phase END. */
  readonly verifyOnly?: boolean;
  /** `--fast`: unless `off`, the FIP is read for its U-Boot version (the fast path's condition b). */
  readonly fast?: FastMode;
}

/** What a board's source learns before a run starts (a virtual board picks its firmware and its name by it). */
export interface RunStart {
  /** The first bytes of the SSBL (phase 0x03) the run will load: which firmware generation it is for. */
  readonly ssblHead: Uint8Array | undefined;
  /** The layout file the run programs, as given (its name says which board it is for). */
  readonly layoutPath: string;
}

/** A checked, planned run, or the result that says why nothing will be sent. */
export type PreparedRun =
  | ({ readonly kind: 'ready'; readonly plan: SessionPlan; readonly report: LayoutCheckReport } & RunStart)
  | { readonly kind: 'refused'; readonly result: ResultEvent; readonly report: LayoutCheckReport | null };

/** `--only` / `--skip` as ids: which memory lines a run programs (undefined: all). */
export function selectByIds(
  only: readonly number[] | undefined,
  skip: readonly number[] | undefined,
): ((partition: Partition) => boolean) | undefined {
  if (only !== undefined) return (partition) => partition.id !== null && only.includes(partition.id);
  if (skip !== undefined) return (partition) => partition.id === null || !skip.includes(partition.id);
  return undefined;
}

/** Why a selection cannot be honoured (both given, an id the layout does not have), else null. */
function selectionProblem(layout: FlashLayout, request: LayoutRunRequest): string | null {
  if (request.only !== undefined && request.skip !== undefined)
    return '--only and --skip cannot be used together';
  const option = request.only === undefined ? '--skip' : '--only';
  const ids = request.only ?? request.skip ?? [];
  const hex = (id: number): string => `0x${id.toString(16).padStart(2, '0')}`;
  for (const id of ids)
    if (!layout.partitions.some((partition) => partition.id === id))
      return `${option} ${ids.map(hex).join(',')}: the layout has no partition with id ${hex(id)}`;
  return null;
}

/** Checks the layout (with errors nothing is sent: `LAYOUT_INVALID`) and plans the run, before any board is used. */
export async function prepareLayoutRun(request: LayoutRunRequest): Promise<PreparedRun> {
  const analysis = await analyzeFlashLayout(request.layoutPath, {
    ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
    ...(request.binariesDir === undefined ? {} : { binariesDir: request.binariesDir }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const { report } = analysis;
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  if (analysis.layout === null || errors.length > 0)
    return {
      kind: 'refused',
      report,
      result: failureResult(
        'LAYOUT_INVALID',
        `the layout has ${errors.length} error(s); nothing was sent to the board`,
        { hints: errors.map((issue) => `line ${issue.line}: ${issue.code}: ${issue.message} ${issue.hint}`) },
      ),
    };
  const problem = selectionProblem(analysis.layout, request);
  if (problem !== null)
    return { kind: 'refused', report, result: failureResult('PARTITION_SELECTION_INVALID', problem) };
  const select = selectByIds(request.only, request.skip);
  let plan: SessionPlan;
  try {
    plan = await planSession(analysis.layout, analysis.binaryPaths, {
      ...(select === undefined ? {} : { select }),
      ...(request.verifyOnly === true ? { verifyOnly: true } : {}),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
  } catch (error) {
    if (request.signal?.aborted !== true) throw error;
    const cancelled = 'cancelled while the images were read for their digests; nothing was sent';
    return { kind: 'refused', report, result: failureResult('CANCELLED', cancelled) };
  }
  const ssbl = plan.hostLoaded.get(0x03);
  const ssblPath = ssbl === undefined ? undefined : analysis.binaryPaths.get(ssbl.partition);
  if (request.fast !== 'off' && request.verifyOnly !== true)
    plan = { ...plan, fip: ssblPath === undefined ? null : await readFipFacts(ssblPath, request.signal) };
  const ssblHead =
    ssblPath === undefined ? undefined : await readFileStart(ssblPath, 16).catch(() => undefined);
  return { kind: 'ready', plan, report, ssblHead, layoutPath: request.layoutPath };
}

/** Everything a run on one board needs besides its plan. */
export interface BoardRunOptions {
  readonly backend: UsbBackend;
  readonly tracker: BoardTracker;
  readonly boardId: string;
  readonly runId?: string;
  readonly onEvent: (event: ProgramEvent) => void;
  readonly console?: BoardConsole | null;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly requestTimeoutMs?: number;
  readonly writeTimeoutMs?: number;
  readonly reconnect?: Partial<ReconnectDeadlines>;
  readonly warnings?: readonly StartWarning[];
  readonly lateWarnings?: ProgrammingSessionOptions['lateWarnings'];
  readonly resetAtEnd?: boolean;
  readonly verify?: boolean;
  /** The fast path (fastboot): decided at the start of the run, before anything is sent; DFU when absent. */
  readonly fast?: FastPathOptions;
  readonly platform?: NodeJS.Platform;
  readonly virtualMachine?: ProgrammingSessionOptions['virtualMachine'];
}

/**
 * The one way any front end reaches a board: the CLI's `program` and the app's `program.start` both end here, so
 * the same fault gives the same result (code, warnings, hints). Resolves with the result, also the last event.
 */
export function programBoard(plan: SessionPlan, options: BoardRunOptions): Promise<ResultEvent> {
  return new ProgrammingSession({ ...options, plan }).run();
}

/**
 * One whole run from a layout file (the app's `program.start`): prepare it, let the board's source get ready for
 * it (`beforeRun`: a virtual board picks its firmware from the run's SSBL and its name from the layout's), program
 * the board.
 */
export async function programLayout(
  request: LayoutRunRequest,
  options: BoardRunOptions & { readonly beforeRun?: (start: RunStart) => Promise<void> },
): Promise<ResultEvent> {
  const prepared = await prepareLayoutRun(request);
  if (prepared.kind === 'refused') {
    options.onEvent(prepared.result);
    return prepared.result;
  }
  await options.beforeRun?.(prepared);
  return programBoard(prepared.plan, options);
}
