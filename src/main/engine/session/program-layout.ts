import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { Clock } from '../dfu/clock';
import { analyzeFlashLayout } from '../layout/check-flash-layout';
import type { Partition } from '../layout/flash-layout';
import type { BoardConsole } from './board-console';
import type { StartWarning } from './programming-session';
import { ProgrammingSession } from './programming-session';
import type { ReconnectDeadlines } from './reconnect-watcher';
import { planSession } from './session-plan';

export interface ProgramLayoutOptions {
  readonly layoutPath: string;
  readonly binariesDir?: string;
  readonly cwd?: string;
  /** Program only these partition ids, or every one but these (memory lines only; boot images always go). */
  readonly only?: readonly number[];
  readonly skip?: readonly number[];
  readonly backend: UsbBackend;
  readonly device: UsbDeviceEntry;
  readonly onEvent: (event: ProgramEvent) => void;
  readonly console?: BoardConsole | null;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly requestTimeoutMs?: number;
  readonly writeTimeoutMs?: number;
  readonly reconnect?: Partial<ReconnectDeadlines>;
  readonly warnings?: readonly StartWarning[];
}

/** `--only` / `--skip` as ids: which memory lines a run programs (undefined: all). */
export function selectByIds(
  only: readonly number[] | undefined,
  skip: readonly number[] | undefined,
): ((partition: Partition) => boolean) | undefined {
  if (only !== undefined) return (partition) => partition.id !== null && only.includes(partition.id);
  if (skip !== undefined) return (partition) => partition.id === null || !skip.includes(partition.id);
  return undefined;
}

/**
 * One whole run from a layout file, for callers that hold no parsed layout (the app's `program.start`): check the
 * layout (with errors nothing is sent: `LAYOUT_INVALID`), plan it, program the board. Resolves with the result,
 * which is also the last event.
 */
export async function programLayout(options: ProgramLayoutOptions): Promise<ResultEvent> {
  const analysis = await analyzeFlashLayout(options.layoutPath, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const errors = analysis.report.issues.filter((issue) => issue.severity === 'error');
  if (analysis.layout === null || errors.length > 0) {
    const result: ResultEvent = {
      schemaVersion: programEventSchemaVersion,
      type: 'result',
      ok: false,
      code: 'LAYOUT_INVALID',
      warnings: [],
      partitions: [],
      hints: errors.map((issue) => `line ${issue.line}: ${issue.code}: ${issue.message} ${issue.hint}`),
      message: `the layout has ${errors.length} error(s); nothing was sent to the board`,
      consoleLines: [],
      elapsedMs: 0,
    };
    options.onEvent(result);
    return result;
  }
  const select = selectByIds(options.only, options.skip);
  const plan = await planSession(
    analysis.layout,
    analysis.binaryPaths,
    select === undefined ? {} : { select },
  );
  const session = new ProgrammingSession({
    backend: options.backend,
    device: options.device,
    plan,
    onEvent: options.onEvent,
    ...(options.console === undefined ? {} : { console: options.console }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: options.writeTimeoutMs }),
    ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    ...(options.warnings === undefined ? {} : { warnings: options.warnings }),
  });
  return session.run();
}
