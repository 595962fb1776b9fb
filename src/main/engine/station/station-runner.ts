import type { BoardTag, ProgramEvent, ResultEvent } from '../../../shared/program-events';
import type { FastPathOptions } from '../fast-path/fast-path-options';
import type { BoardSummary } from '../../../shared/contract/boards';
import type { StationCounters, StationView } from '../../../shared/station';
import { summarizeBoard } from '../boards/board-summary';
import type { UsbBackend } from '../../usb/usb-backend';
import type { BoardTracker, TrackedBoard } from '../boards/board-tracker';
import { slotOrder } from '../boards/board-tracker';
import type { BoardConsole } from '../session/board-console';
import { programBoard } from '../session/program-layout';
import type { ReconnectDeadlines } from '../session/reconnect-watcher';
import type { SessionPlan } from '../session/session-plan';
import {
  boardAt,
  isRearmed,
  newSlotRecord,
  slotView,
  type SlotRecord,
  type StationSlot,
} from './station-slot';

export type { StationSlot } from './station-slot';

/** One finished attempt, as the station log records it. */
export interface StationAttempt {
  readonly slot: StationSlot;
  readonly board: BoardTag;
  /** The board's SoC and chip revision from its product strings (null when never read). */
  readonly soc: BoardSummary['soc'];
  readonly revision: string | null;
  readonly result: ResultEvent;
  /** Milliseconds from each partition's first progress to its last, by partition id. */
  readonly partitionMs: ReadonlyMap<number, number>;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface StationRunnerOptions {
  readonly name: string;
  readonly tracker: BoardTracker;
  readonly backend: UsbBackend;
  /** The one checked plan every board gets (images' identities shared; each run streams its own reads). */
  readonly plan: SessionPlan;
  /** Named ports; empty: every port a board shows up on becomes a slot named after its path. */
  readonly slots: readonly StationSlot[];
  readonly auto: boolean;
  readonly reconnect?: Partial<ReconnectDeadlines>;
  readonly writeTimeoutMs?: number;
  /** The recipe's `resetAtEnd`: a bus reset after the last DETACH resets each passed board. */
  readonly resetAtEnd?: boolean;
  /** The recipe's `verify`: each board's partitions are read back and compared after they are written. */
  readonly verify?: boolean;
  /** The recipe's `fast` and `fastDevice`, with this computer's access to 0483:0afb. */
  readonly fast?: FastPathOptions;
  /** Writes the attempt's record (the station log) and resolves once it is on disk: only then PASS shows. */
  readonly record: (attempt: StationAttempt) => Promise<void>;
  readonly consoleOf?: (board: TrackedBoard) => BoardConsole | null;
  /** Before a board's run (a virtual board picks its firmware from the run's SSBL). */
  readonly beforeRun?: (boardId: string) => Promise<void>;
  /** Every event of every run, with its board. */
  readonly onEvent?: (board: BoardTag, event: ProgramEvent) => void;
  readonly now?: () => number;
}

/**
 * A station: many boards at once, one run per board on one plan, each board its slot (a USB port path) and its
 * serial. Auto mode starts a slot when a board appears there in USB boot; a board is never started twice by
 * itself (`stationRearm`: another serial must stand there, or the operator presses Program on the tile). A PASS
 * shows only once its record is written.
 */
export class StationRunner {
  readonly #options: StationRunnerOptions;
  readonly #records = new Map<string, SlotRecord>();
  readonly #listeners = new Set<() => void>();
  readonly #total: number;
  readonly #now: () => number;
  #auto: boolean;
  #teaching = false;
  #counters = { passed: 0, failed: 0, firstStart: null as number | null };
  #stopTracker: (() => void) | null = null;
  #slotsTaught = false;

  constructor(options: StationRunnerOptions) {
    this.#options = options;
    this.#auto = options.auto;
    this.#now = options.now ?? Date.now;
    for (const slot of options.slots) this.#records.set(slot.port, newSlotRecord(slot));
    const images = [...options.plan.hostLoaded.values(), ...options.plan.written.values()];
    this.#total = images.reduce((sum, image) => sum + (image.identity?.size ?? 0), 0);
  }

  start(): void {
    this.#stopTracker ??= this.#options.tracker.onChange(() => this.#boardsChanged());
    this.#boardsChanged();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setAuto(on: boolean): void {
    this.#auto = on;
    this.#boardsChanged();
  }

  /** While the slots are taught nothing starts by itself; the view says so. */
  setTeaching(on: boolean): void {
    this.#teaching = on;
    this.#boardsChanged();
  }

  /** New slots (taught): a port keeps its record (state, last board); a port no longer named is dropped. */
  setSlots(slots: readonly StationSlot[]): void {
    const records = new Map(slots.map((slot) => [slot.port, this.#records.get(slot.port)]));
    this.#records.clear();
    for (const slot of slots) {
      const kept = records.get(slot.port);
      this.#records.set(slot.port, kept === undefined ? newSlotRecord(slot) : { ...kept, slot });
    }
    this.#slotsTaught = true;
    this.#changed();
  }

  view(): StationView {
    const boards = this.#options.tracker.boards();
    const now = this.#now();
    const { passed, failed, firstStart } = this.#counters;
    const hours = firstStart === null ? 0 : (now - firstStart) / 3_600_000;
    const counters: StationCounters = {
      passed,
      failed,
      yield: passed + failed === 0 ? null : passed / (passed + failed),
      boardsPerHour: hours <= 0 || passed + failed === 0 ? null : (passed + failed) / hours,
    };
    const slots = [...this.#records.values()]
      .sort((a, b) => slotOrder(a.slot.port, b.slot.port))
      .map((record) => slotView(record, boardAt(boards, record.slot.port), this.#total, now));
    return { name: this.#options.name, auto: this.#auto, teaching: this.#teaching, slots, counters };
  }

  /** Starts every slot with a board ready; resolves when those runs have ended. */
  async programAll(): Promise<void> {
    const started = [...this.#records.values()].map((record) => this.#startSlot(record, false));
    await Promise.all(started);
  }

  /** Starts one slot (by name or port) even if its board was programmed already; resolves when it ends. */
  async programSlot(nameOrPort: string): Promise<void> {
    const record = [...this.#records.values()].find(
      (candidate) => candidate.slot.name === nameOrPort || candidate.slot.port === nameOrPort,
    );
    if (record !== undefined) await this.#startSlot(record, true);
  }

  /** Every run in progress has ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.#records.values()].map((record) => record.running?.done));
  }

  /** Cancels every run and waits for their results (each still recorded). */
  async stop(): Promise<void> {
    this.#stopTracker?.();
    this.#stopTracker = null;
    for (const record of this.#records.values()) record.running?.abort.abort();
    await this.idle();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  #boardsChanged(): void {
    const boards = this.#options.tracker.boards();
    if (this.#options.slots.length === 0 && !this.#slotsTaught && !this.#teaching)
      for (const board of boards)
        if (board.entry !== null && !this.#records.has(board.slot))
          this.#records.set(board.slot, newSlotRecord({ name: board.slot, port: board.slot }));
    if (this.#auto && !this.#teaching)
      for (const record of this.#records.values()) void this.#startSlot(record, false);
    this.#changed();
  }

  #startSlot(record: SlotRecord, force: boolean): Promise<void> {
    if (record.running !== null) return record.running.done;
    const boards = this.#options.tracker.boards();
    const board = boardAt(boards, record.slot.port);
    if (board === undefined || board.state === 'programming' || board.state === 're-enumerating')
      return Promise.resolve();
    if (!force && !isRearmed(record, board)) return Promise.resolve();
    const abort = new AbortController();
    const done = this.#run(record, board, abort.signal).finally(() => {
      record.running = null;
      this.#changed();
    });
    record.running = { abort, done };
    return done;
  }

  async #run(record: SlotRecord, board: TrackedBoard, signal: AbortSignal): Promise<void> {
    const tag: BoardTag = { id: board.id, slot: board.slot, serial: board.serial };
    const startedAt = this.#now();
    this.#counters.firstStart ??= startedAt;
    record.bytes.clear();
    record.spans.clear();
    Object.assign(record, {
      state: 'programming',
      boardId: board.id,
      serial: board.serial,
      code: null,
      hint: null,
    });
    Object.assign(record, { startedAt, endedAt: null, secondsLeft: null });
    record.lastProgrammed = { boardId: board.id, serial: board.serial };
    this.#changed();
    await this.#options.beforeRun?.(board.id);
    const result = await programBoard(this.#options.plan, {
      backend: this.#options.backend,
      tracker: this.#options.tracker,
      boardId: board.id,
      signal,
      console: this.#options.consoleOf?.(board) ?? null,
      ...(this.#options.reconnect === undefined ? {} : { reconnect: this.#options.reconnect }),
      ...(this.#options.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: this.#options.writeTimeoutMs }),
      ...(this.#options.resetAtEnd === true ? { resetAtEnd: true } : {}),
      ...(this.#options.verify === true ? { verify: true } : {}),
      ...(this.#options.fast === undefined ? {} : { fast: this.#options.fast }),
      onEvent: (event) => {
        this.#follow(record, event);
        this.#options.onEvent?.(tag, event);
      },
    });
    record.endedAt = this.#now();
    const tracked = this.#options.tracker.get(board.id);
    record.serial = tracked?.serial ?? record.serial;
    const summary = tracked === undefined ? null : summarizeBoard(tracked);
    const partitionMs = new Map([...record.spans].map(([id, span]) => [id, span.last - span.first]));
    try {
      await this.#options.record({
        slot: record.slot,
        board: { ...tag, serial: record.serial },
        soc: summary?.soc ?? null,
        revision: summary?.revision ?? null,
        result,
        partitionMs,
        startedAt,
        endedAt: record.endedAt,
      });
    } catch (error) {
      Object.assign(record, { state: 'failed', code: 'STATION_LOG_FAILED' });
      record.hint = `The station log could not be written (${error instanceof Error ? error.message : String(error)}): this board has no record, so it is not passed. Fix the log folder, then program it again.`;
      this.#counters.failed += 1;
      return;
    }
    record.state = result.ok ? 'passed' : 'failed';
    record.code = result.code;
    record.hint = result.ok ? null : (result.hints[0] ?? null);
    if (result.ok) this.#counters.passed += 1;
    else this.#counters.failed += 1;
  }

  #follow(record: SlotRecord, event: ProgramEvent): void {
    if (event.type === 'partition-progress') {
      record.bytes.set(event.partitionId, event.bytes);
      const span = record.spans.get(event.partitionId);
      record.spans.set(event.partitionId, { first: span?.first ?? event.elapsedMs, last: event.elapsedMs });
    } else if (event.type === 'reconnect') {
      record.state = 're-enumerating';
      record.secondsLeft = event.secondsLeft;
    } else if (event.type === 'stage') {
      record.state = 'programming';
      record.secondsLeft = null;
    } else return;
    this.#changed();
  }
}
