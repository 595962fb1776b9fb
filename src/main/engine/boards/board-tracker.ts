import type { BoardSummary } from '../../../shared/contract/boards';
import type { Stage } from '../../../shared/board';
import type { DeviceIdentity } from '../../usb/device-identity';
import { formatPortPath } from '../../usb/device-identity';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { Clock } from '../dfu/clock';
import { systemClock } from '../dfu/clock';
import { summarizeBoard } from './board-summary';
import type { MutableBoard, TrackedBoard } from './tracked-board';
import { rank, refusedAs, slotOrder } from './tracked-board';
import { matchBoard, type MatchedBy } from './board-matching';
import { readBoardIdentity } from './read-board-identity';

export type { TrackedBoard } from './tracked-board';
export { slotOrder } from './tracked-board';

export interface BoardTrackerOptions {
  readonly backend: UsbBackend;
  readonly clock?: Clock;
  /** Board ids are this prefix and a number: `usb-1`, `virtual-1`. */
  readonly idPrefix?: string;
  /** The next board's id, where ids must not repeat beyond this tracker (default: the prefix and a count). */
  readonly newId?: () => string;
  /** A board that leaves outside a run is shown `gone` after this (a replug within it keeps it `idle`). */
  readonly goneGraceMs?: number;
  /** A device held by another program is tried again after this. */
  readonly retryMs?: number;
}

/**
 * The one owner of "which boards are here" (house: engine/boards). It listens to the backend's attach and detach
 * events, reads each new device's strings (without opening it on Linux; by opening it once, briefly, elsewhere),
 * and assigns it to a board by the rules of `board-matching.ts`: a new board, or one that was here before and is
 * back (from a re-enumeration during a run, or replugged). Runs claim a board and wait on it here; nothing else
 * reads the bus.
 */
export class BoardTracker {
  readonly #backend: UsbBackend;
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #newId: (() => string) | null;
  readonly #goneGraceMs: number;
  readonly #retryMs: number;
  readonly #boards: MutableBoard[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #pending = new Set<Promise<void>>();
  /** Enumerations whose strings are being read, and those of them that left meanwhile. */
  readonly #arriving = new Set<string>();
  readonly #departed = new Set<string>();
  readonly #stops: (() => void)[] = [];
  #next = 1;
  #disposed = false;
  #started: Promise<void> | null = null;

  constructor(options: BoardTrackerOptions) {
    this.#backend = options.backend;
    this.#clock = options.clock ?? systemClock;
    this.#prefix = options.idPrefix ?? 'usb-';
    this.#newId = options.newId ?? null;
    this.#goneGraceMs = options.goneGraceMs ?? 2000;
    this.#retryMs = options.retryMs ?? 500;
  }

  /** Subscribes to the backend and takes in what is on the bus now; resolves when their strings are read. */
  start(): Promise<void> {
    this.#started ??= (async () => {
      this.#stops.push(
        this.#backend.on('attach', (entry) => this.#track(this.#arrive(entry))),
        this.#backend.on('detach', (entry) => this.#leave(entry)),
      );
      const entries = [...(await this.#backend.list())];
      entries.sort((a, b) => slotOrder(formatPortPath(a.identity), formatPortPath(b.identity)));
      for (const entry of entries) this.#track(this.#arrive(entry));
      await this.settled();
    })();
    return this.#started;
  }

  /** Resolves when every arrival seen so far has been read and assigned. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  dispose(): void {
    this.#disposed = true;
    for (const stop of this.#stops.splice(0)) stop();
    this.#listeners.clear();
  }

  /** Every board, in slot order (a board keeps its place through re-enumerations). */
  boards(): readonly TrackedBoard[] {
    return [...this.#boards].sort((a, b) => slotOrder(a.slot, b.slot) || a.firstSeenAt - b.firstSeenAt);
  }

  summaries(): BoardSummary[] {
    return this.boards().map(summarizeBoard);
  }

  get(id: string): TrackedBoard | undefined {
    return this.#boards.find((board) => board.id === id);
  }

  /** The board a listed enumeration belongs to (by its key). */
  boardOfEntry(key: string): TrackedBoard | undefined {
    return this.#boards.find((board) => board.entry?.key === key);
  }

  /** Called after every change of any board. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves at the next change of any board, or after `ms` (whichever first); rejects with the signal's reason
   * when it aborts. Waiting runs loop on it, so they wake on events instead of polling the bus.
   */
  async nextChange(ms: number, signal?: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const both = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
    let stop: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => {
      stop = this.onChange(resolve);
    });
    try {
      await Promise.race([changed, this.#clock.sleep(ms, both)]);
    } finally {
      stop();
      controller.abort();
    }
    signal?.throwIfAborted();
  }

  /** Marks a board as held by a run; answers why not when another run holds it or it is not on the bus. */
  claim(id: string, runId: string): string | null {
    const board = this.#boards.find((candidate) => candidate.id === id);
    if (board === undefined) return `there is no board ${id}`;
    if (board.state === 'programming' || board.state === 're-enumerating')
      return `board ${id} is already being programmed (run ${board.runId ?? '?'})`;
    if (board.entry === null) return `board ${id} is not on the bus`;
    this.#update(board, { state: 'programming', runId, reconnect: null });
    return null;
  }

  /** A run's view of its board: `re-enumerating` with the countdown while it waits, `programming` otherwise. */
  setRunState(id: string, reconnect: { expectedStage: Stage; secondsLeft: number } | null): void {
    const board = this.#boards.find((candidate) => candidate.id === id);
    if (board === undefined || (board.state !== 'programming' && board.state !== 're-enumerating')) return;
    this.#update(board, { state: reconnect === null ? 'programming' : 're-enumerating', reconnect });
  }

  /** The run is over: the board shows its outcome (and `gone` later if it is no longer on the bus). */
  release(id: string, outcome: 'passed' | 'failed'): void {
    const board = this.#boards.find((candidate) => candidate.id === id);
    if (board === undefined) return;
    this.#update(board, { state: outcome, reconnect: null });
    if (board.entry === null) this.#goneLater(board);
  }

  #track(task: Promise<void>): void {
    this.#pending.add(task);
    void task.finally(() => this.#pending.delete(task));
  }

  async #arrive(entry: UsbDeviceEntry): Promise<void> {
    if (this.#arriving.has(entry.key) || this.#boards.some((board) => board.entry?.key === entry.key)) return;
    this.#arriving.add(entry.key);
    try {
      const slot = formatPortPath(entry.identity);
      // Created only when the strings cannot be read at once: shown as `in-use` or `refused` meanwhile.
      let board: MutableBoard | undefined;
      // A device held by another program for two minutes stays `in-use` until it is replugged.
      for (let attempt = 0; attempt < maxReadAttempts; attempt += 1) {
        const reading = await readBoardIdentity(this.#backend, entry);
        if (this.#disposed || reading.kind === 'gone' || this.#departed.delete(entry.key)) return;
        if (reading.kind === 'read') {
          this.#assign(entry, reading.identity, board);
          return;
        }
        board ??= this.#newBoard(entry, slot);
        this.#update(board, {
          access: reading.kind,
          accessProblem: reading.kind === 'in-use' ? reading.message : (reading.hint ?? reading.message),
        });
        if (reading.kind !== 'in-use') {
          // Its strings cannot be read: it can still be a board that was here, by its slot (matching row 3/4).
          this.#assign(entry, reading.kind === 'refused' ? (reading.identity ?? null) : null, board);
          return;
        }
        await this.#clock.sleep(this.#retryMs);
      }
    } finally {
      this.#arriving.delete(entry.key);
    }
  }

  /** Gives an enumeration to the board it is (by the matching rules), or to a new board. */
  #assign(
    entry: UsbDeviceEntry,
    identity: DeviceIdentity | null,
    provisional: MutableBoard | undefined,
  ): void {
    const marks = { serial: identity?.serial ?? null, slot: formatPortPath(entry.identity) };
    const candidates = this.#boards
      .filter((board) => board !== provisional && board.entry === null)
      .map((board) => ({ board, by: matchBoard(board, marks) }))
      .filter((candidate): candidate is { board: MutableBoard; by: MatchedBy } => candidate.by !== null)
      .sort((a, b) => rank(a) - rank(b) || (b.board.leftAt ?? 0) - (a.board.leftAt ?? 0));
    const chosen = candidates[0];
    if (chosen === undefined) {
      const board = provisional ?? this.#newBoard(entry, marks.slot);
      this.#update(board, {
        entry,
        identity,
        lastKnown: identity,
        serial: identity?.serial ?? null,
        access: refusedAs(identity, provisional),
      });
      return;
    }
    if (provisional !== undefined) this.#boards.splice(this.#boards.indexOf(provisional), 1);
    const board = chosen.board;
    const running = board.state === 'programming' || board.state === 're-enumerating';
    this.#update(board, {
      entry,
      identity,
      lastKnown: identity ?? board.lastKnown,
      slot: marks.slot,
      serial: board.serial ?? identity?.serial ?? null,
      matchedBy: chosen.by,
      arrivals: board.arrivals + 1,
      leftAt: null,
      access: refusedAs(identity, provisional),
      accessProblem: refusedAs(identity, provisional) === 'ok' ? null : (provisional?.accessProblem ?? null),
      state: running ? board.state : 'idle',
    });
  }

  #newBoard(entry: UsbDeviceEntry, slot: string): MutableBoard {
    const board: MutableBoard = {
      id: this.#newId?.() ?? `${this.#prefix}${this.#next++}`,
      slot,
      serial: null,
      entry,
      identity: null,
      lastKnown: null,
      matchedBy: null,
      arrivals: 1,
      state: 'idle',
      access: 'reading',
      accessProblem: null,
      runId: null,
      reconnect: null,
      leftAt: null,
      firstSeenAt: this.#clock.now(),
    };
    this.#boards.push(board);
    return board;
  }

  #leave(entry: UsbDeviceEntry): void {
    const board = this.#boards.find((candidate) => candidate.entry?.key === entry.key);
    if (board === undefined) {
      // Left while its strings were being read: the arrival must not be assigned afterwards.
      if (this.#arriving.has(entry.key)) this.#departed.add(entry.key);
      return;
    }
    this.#update(board, { entry: null, identity: null, leftAt: this.#clock.now() });
    if (board.state !== 'programming' && board.state !== 're-enumerating') this.#goneLater(board);
  }

  #goneLater(board: MutableBoard): void {
    const leftAt = board.leftAt;
    void this.#clock.sleep(this.#goneGraceMs).then(() => {
      const stillAway = board.entry === null && board.leftAt === leftAt;
      const idle = board.state !== 'programming' && board.state !== 're-enumerating';
      if (!this.#disposed && stillAway && idle) this.#update(board, { state: 'gone' });
    });
  }

  #update(board: MutableBoard, change: Partial<MutableBoard>): void {
    Object.assign(board, change);
    for (const listener of [...this.#listeners]) listener();
  }
}

/** How many times a device held by another program is tried (every `retryMs`, 500 ms by default). */
const maxReadAttempts = 240;
