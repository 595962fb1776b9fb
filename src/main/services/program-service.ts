import { randomUUID } from 'node:crypto';
import type { RequestOf } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import type { ProgramEvent } from '../../shared/program-events';
import { failureResult } from '../engine/session/failure-result';
import { ProgressThrottle } from './progress-throttle';

export type ProgramRequest = RequestOf<'program.start'>;

/** What the composition root hands in: one programming run on one board, reporting through `emit`. */
export type ProgramRunner = (
  request: ProgramRequest & { readonly layoutPath: string },
  runId: string,
  emit: (event: ProgramEvent) => void,
  signal: AbortSignal,
) => Promise<void>;

export interface ProgramServiceOptions {
  readonly runner: ProgramRunner;
  /** Why a board cannot take a run now (another run or program holds it), else null. */
  readonly busyBecause?: (boardId: string) => string | null;
  readonly currentLayoutPath: () => string | null;
  readonly emit: (runId: string, boardId: string, event: ProgramEvent) => void;
  /** How often held-back progress is sent while a run is quiet. */
  readonly flushEveryMs?: number;
}

/** A runner reports its own failures; this is for one that threw instead: the UI still gets a last event. */
function internalFailure(error: unknown, elapsedMs: number): ProgramEvent {
  const message = `The programming run failed inside the application: ${error instanceof Error ? error.message : String(error)}`;
  return {
    ...failureResult('INTERNAL_ERROR', message, {
      hints: ['Copy the report and file it as a bug; reset the board before programming again.'],
    }),
    elapsedMs,
  };
}

interface Run {
  readonly boardId: string;
  readonly controller: AbortController;
}

/** Runs `program.start` requests, one at a time per board, and passes their events on, throttled. */
export class ProgramService {
  readonly #options: ProgramServiceOptions;
  readonly #runs = new Map<string, Run>();

  constructor(options: ProgramServiceOptions) {
    this.#options = options;
  }

  start(request: ProgramRequest): { runId: string } {
    const layoutPath = request.layoutPath ?? this.#options.currentLayoutPath();
    if (layoutPath === null) throw new FlasherError('NO_LAYOUT');
    if ([...this.#runs.values()].some((run) => run.boardId === request.boardId)) {
      throw new FlasherError('BOARD_BUSY');
    }
    const busy = this.#options.busyBecause?.(request.boardId) ?? null;
    if (busy !== null) throw new FlasherError('BOARD_BUSY', busy);
    const runId = randomUUID();
    const controller = new AbortController();
    this.#runs.set(runId, { boardId: request.boardId, controller });
    const throttle = new ProgressThrottle((event) => this.#options.emit(runId, request.boardId, event));
    const flusher = setInterval(() => throttle.flush(), this.#options.flushEveryMs ?? 100);
    const started = performance.now();
    void this.#options
      .runner({ ...request, layoutPath }, runId, (event) => throttle.push(event), controller.signal)
      .catch((error: unknown) => throttle.push(internalFailure(error, performance.now() - started)))
      .finally(() => {
        clearInterval(flusher);
        throttle.flush();
        this.#runs.delete(runId);
      });
    return { runId };
  }

  cancel(runId: string): { cancelled: boolean } {
    const run = this.#runs.get(runId);
    if (run === undefined) throw new FlasherError('RUN_NOT_FOUND');
    run.controller.abort();
    return { cancelled: true };
  }

  /** Cancels every run (the app is closing). */
  cancelAll(): void {
    for (const run of this.#runs.values()) run.controller.abort();
  }
}
