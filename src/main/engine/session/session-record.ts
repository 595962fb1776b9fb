import type { VirtualMachine } from '../../../shared/virtual-machine';
import type { Soc, Stage } from '../../../shared/board';
import type {
  PartitionOutcome,
  ProgramEvent,
  ProgramEventBody,
  ProgramWarningCode,
  ResultEvent,
  StageTimelineEntry,
} from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import { phaseId } from '../../protocol/phase';
import type { Clock } from '../dfu/clock';
import { deviceKey } from '../layout/flash-layout';
import { hex2 } from './board-reading';
import type { BoardConsole } from './board-console';
import { diagnose, quotedConsoleLines, successHints } from './diagnosis';
import type { ImageSource } from './file-image-source';
import { memoryImage } from './file-image-source';
import type { ProgressReading } from './progress-meter';
import { isSessionFailure, SessionFailure } from './session-failure';
import type { PlannedImage, SessionPlan } from './session-plan';
import { plannedOutcomes } from './session-plan';

/** An image the board asked for: a planned partition, or the layout itself (no outcome of its own). */
export interface SendableImage {
  readonly id: number;
  readonly name: string;
  readonly planned: PlannedImage | null;
  open(): Promise<ImageSource>;
}

export interface FinishContext {
  readonly soc: Soc | null;
  readonly stage: Stage | null;
  readonly console: BoardConsole | null;
  readonly platform: NodeJS.Platform;
  readonly signal: AbortSignal | undefined;
  readonly virtualMachine?: VirtualMachine;
}

interface RecordOptions {
  readonly clock: Clock;
  readonly origin: number;
  readonly plan: SessionPlan;
  readonly emit: (event: ProgramEvent) => void;
}

const isTimeout = (reason: unknown): boolean =>
  reason instanceof DOMException && reason.name === 'TimeoutError';

/** What a run has done so far: timeline, partitions, warnings; the events that report it; the result. */
export class SessionRecord {
  readonly warnings: ProgramWarningCode[] = [];
  readonly #options: RecordOptions;
  readonly #timeline: StageTimelineEntry[] = [];
  readonly #outcomes: PartitionOutcome[];
  readonly #outcomeOf = new Map<PlannedImage, PartitionOutcome>();

  constructor(options: RecordOptions) {
    this.#options = options;
    this.#outcomes = plannedOutcomes(options.plan);
    const images = [...options.plan.hostLoaded.values(), ...options.plan.written.values()];
    for (const image of images) {
      const outcome = this.#outcomes.find((entry) => entry.id === image.id && entry.name === image.name);
      if (outcome !== undefined && !this.#outcomeOf.has(image)) this.#outcomeOf.set(image, outcome);
    }
  }

  elapsed(): number {
    return Math.max(0, this.#options.clock.now() - this.#options.origin);
  }

  /** Stamps an event with the schema version and the run's time, and emits it. */
  event(body: ProgramEventBody): ProgramEvent {
    return this.#emit(body);
  }

  #emit(body: ProgramEventBody): ProgramEvent {
    const event = {
      ...body,
      schemaVersion: programEventSchemaVersion,
      elapsedMs: this.elapsed(),
    } as ProgramEvent;
    this.#options.emit(event);
    return event;
  }

  log(message: string, level: 'debug' | 'info' = 'info'): void {
    this.#emit({ type: 'log', level, message });
  }

  warn(code: ProgramWarningCode, message: string, hint: string): void {
    if (!this.warnings.includes(code)) this.warnings.push(code);
    this.#emit({ type: 'warning', code, message, hint });
  }

  enterStage(stage: Stage): void {
    const now = this.elapsed();
    const current = this.#timeline.at(-1);
    if (current !== undefined) this.#timeline[this.#timeline.length - 1] = { ...current, endedMs: now };
    this.#timeline.push({ stage, startedMs: now, endedMs: stage === 'done' ? now : null });
    this.#emit({ type: 'stage', stage, timeline: this.#timeline.map((entry) => ({ ...entry })) });
  }

  /** The image for the phase a board asks for in a stage; a failure when this layout has none. */
  imageFor(stage: Stage, phase: number): SendableImage {
    const { plan } = this.#options;
    if (phase === phaseId.flashLayout)
      return { id: 0, name: 'FlashLayout', planned: null, open: async () => memoryImage(plan.boardLayout) };
    const host = stage === 'rom' || stage === 'tfa' || stage === 'tfa-ddr';
    const planned = (host ? plan.hostLoaded : plan.written).get(phase);
    if (planned !== undefined)
      return { id: planned.id, name: planned.name, planned, open: () => planned.open() };
    if (!host)
      throw new SessionFailure(
        'BOARD_NEEDS_RESET',
        `the board asks for partition ${hex2(phase)}, which this run does not write: it holds another layout`,
        { stage, partitionId: phase },
      );
    throw new SessionFailure(
      'UNEXPECTED_PHASE',
      `the board (${stage}) asks for phase ${hex2(phase)}, which this layout has no image for`,
      {
        stage,
      },
    );
  }

  progress(
    image: SendableImage,
    bytes: number,
    total: number,
    reading: ProgressReading,
    done: boolean,
  ): void {
    const outcome = this.#outcomeFor(image);
    if (outcome !== undefined) {
      outcome.bytes = bytes;
      if (done) outcome.status = 'written';
    }
    this.#emitProgress(image, bytes, total, reading, done, 'write');
  }

  /** The fast path left out `bytes` of `image` that its bmap marks unused: said in the log and the result. */
  skipped(image: SendableImage, bytes: number): void {
    const outcome = this.#outcomeFor(image);
    if (outcome !== undefined) outcome.skippedBytes = bytes;
    this.log(
      `${image.name}: ${bytes} bytes the bmap marks unused were skipped (left as they were on the memory)`,
    );
  }

  /** Read-back verify of `image` (`--verify`): bytes compared so far; the partition's outcome is left as it is. */
  verifyProgress(
    image: SendableImage,
    bytes: number,
    total: number,
    reading: ProgressReading,
    done: boolean,
  ): void {
    this.#emitProgress(image, bytes, total, reading, done, 'verify');
  }

  /** The result's entry of the table partition `image` is, if it is one. */
  #outcomeFor(image: SendableImage): PartitionOutcome | undefined {
    return image.planned === null ? undefined : this.#outcomeOf.get(image.planned);
  }

  /** One `partition-progress` event; a write's carries no `step` (the field came with read-back verify). */
  #emitProgress(
    image: SendableImage,
    bytes: number,
    total: number,
    reading: ProgressReading,
    done: boolean,
    step: 'write' | 'verify',
  ): void {
    this.#emit({
      type: 'partition-progress',
      partitionId: image.id,
      name: image.name,
      bytes,
      total,
      bytesPerSecond: reading.bytesPerSecond,
      etaSeconds: reading.etaSeconds,
      done,
      ...(step === 'verify' ? { step } : {}),
    });
  }

  /** A write request for `image` has waited long: the board is writing, `leftMs` before the request gives up. */
  writing(image: SendableImage, leftMs: number): void {
    this.#emit({
      type: 'writing',
      partitionId: image.id,
      name: image.name,
      deadlineMs: this.elapsed() + leftMs,
      secondsLeft: Math.ceil(leftMs / 1000),
    });
  }

  /** The partition in flight did not complete: refused or broken (`failed`), or the run was stopped. */
  failed(image: SendableImage, bytes: number, cancelled = false): void {
    const outcome = this.#outcomeFor(image);
    if (outcome === undefined) return;
    outcome.bytes = bytes;
    outcome.status = cancelled ? 'cancelled' : 'failed';
  }

  /** Builds, emits and answers the result event. */
  finish(error: unknown, context: FinishContext): ResultEvent {
    const partitions = this.#outcomes.map((outcome) => ({ ...outcome }));
    if (error === null) {
      const memories = [...this.#options.plan.written.values()].flatMap((image) =>
        image.partition.ip === null ? [] : [deviceKey(image.partition.ip)],
      );
      return this.#result({
        ok: true,
        code: null,
        partitions,
        hints: successHints(memories),
        message: null,
        consoleLines: [],
      });
    }
    const failure = this.#failureOf(error, context.signal);
    const consoleLines = context.console?.recentLines(quotedConsoleLines) ?? null;
    const diagnosis = diagnose({
      failure,
      consoleLines,
      warnings: this.warnings,
      platform: context.platform,
      soc: context.soc,
      ...(context.virtualMachine === undefined ? {} : { virtualMachine: context.virtualMachine }),
    });
    return this.#result({
      ok: false,
      code: diagnosis.code,
      partitions,
      hints: diagnosis.hints,
      message: diagnosis.message,
      consoleLines: diagnosis.consoleLines,
    });
  }

  #result(fields: Omit<ResultEvent, 'type' | 'schemaVersion' | 'elapsedMs' | 'warnings'>): ResultEvent {
    return this.#emit({ type: 'result', warnings: [...this.warnings], ...fields }) as ResultEvent;
  }

  #failureOf(error: unknown, signal: AbortSignal | undefined): SessionFailure {
    const written = this.#outcomes
      .filter((outcome) => outcome.status === 'written')
      .map((outcome) => outcome.name);
    const writtenText = written.length === 0 ? 'nothing was written' : `written: ${written.join(', ')}`;
    if (signal?.aborted === true) {
      if (isTimeout(signal.reason))
        return new SessionFailure('RUN_TIMEOUT', `the run took longer than its time limit; ${writtenText}`);
      return new SessionFailure('CANCELLED', `cancelled; ${writtenText}`);
    }
    if (isSessionFailure(error)) return error;
    return new SessionFailure('INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
  }
}
