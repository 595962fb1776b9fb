import type { Soc, Stage } from '../../../shared/board';
import type { ReconnectEvent } from '../../../shared/program-events';
import { phaseId } from '../../protocol/phase';
import type { UsbBackend } from '../../usb/usb-backend';
import type { UsbErrorCode } from '../../usb/usb-error';
import type { BoardTracker, TrackedBoard } from '../boards/board-tracker';
import type { Clock } from '../dfu/clock';
import type { DfuDeviceOptions } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { DfuDevice } from '../dfu/dfu-device';
import type { PhaseAnswer } from '../dfu/phase-answer';
import type { BoardConsole } from './board-console';
import { defaultReconnectDeadlines, type ReconnectDeadlines } from './reconnect-deadlines';

export { defaultReconnectDeadlines, type ReconnectDeadlines } from './reconnect-deadlines';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import type { ReadyOutcome, ReturnedBoard } from './returned-board';
import { openReturnedBoard } from './returned-board';
import { SessionFailure } from './session-failure';

export type { ReturnedBoard } from './returned-board';

/**
 * How a stage ends on the bus (spec §1.3, §10): the MP15 ROM hands over to TF-A on the same enumeration; the
 * MP2 ROM may keep its handle (TF-A's code) or re-enumerate (what ST's tool waits for), so both are accepted;
 * every other change re-enumerates; U-Boot's end leaves the bus for good.
 */
export type StageChangeKind = 'same-handle' | 'same-handle-or-reenumeration' | 're-enumeration' | 'leaves';

export function stageChangeKind(soc: Soc | null, from: Stage): StageChangeKind {
  if (from === 'rom')
    return soc === 'mp15'
      ? 'same-handle'
      : soc === 'mp25'
        ? 'same-handle-or-reenumeration'
        : 're-enumeration';
  if (from === 'uboot-partitions' || from === 'done') return 'leaves';
  return 're-enumeration';
}

/** Opens a board that came back and waits until it answers (DFU by default; the fast path opens fastboot). */
export type ReturnedBoardOpener<T> = (
  entry: UsbDeviceEntry,
  matchedBy: 'serial' | 'slot',
  options: { readonly readyMs: number; readonly pollMs: number; readonly signal?: AbortSignal },
) => Promise<ReadyOutcome<T>>;

export type ReconnectEventBody = Omit<ReconnectEvent, 'schemaVersion' | 'elapsedMs'>;

export interface ReconnectWatcherOptions {
  /** Opens the returned board (the tracker only reads its strings). */
  readonly backend: UsbBackend;
  /** Which boards are here: the watcher waits on it for the board, never listing the bus itself. */
  readonly tracker: BoardTracker;
  /** The board this run programs, by its tracker id. */
  readonly boardId: string;
  readonly clock: Clock;
  readonly deadlines?: Partial<ReconnectDeadlines>;
  readonly console?: BoardConsole | null;
  readonly dfuOptions?: DfuDeviceOptions;
  /** The run's time origin on `clock`, for event deadlines. */
  readonly origin: number;
  readonly onEvent: (event: ReconnectEventBody) => void;
}

/** A stage as people name the firmware running in it. */
function stageName(stage: Stage): string {
  if (stage === 'rom') return 'the ROM code';
  if (stage === 'tfa' || stage === 'tfa-ddr') return 'TF-A';
  return 'U-Boot';
}

/** Waits for a board across a stage change, in two phases with deadlines, and confirms it is ready. */
export class ReconnectWatcher {
  readonly #options: ReconnectWatcherOptions;
  readonly #deadlines: ReconnectDeadlines;

  constructor(options: ReconnectWatcherOptions) {
    this.#options = options;
    this.#deadlines = { ...defaultReconnectDeadlines, ...options.deadlines };
  }

  get deadlines(): ReconnectDeadlines {
    return this.#deadlines;
  }

  /** Leave, then come back: `previousKey` is the enumeration the board had before the DETACH. */
  reconnect(previousKey: string, expectedStage: Stage, signal?: AbortSignal): Promise<ReturnedBoard> {
    return this.reconnectWith(previousKey, expectedStage, this.#openDfu, signal);
  }

  /** Leave, then come back as what `open` opens (the fast path: U-Boot's fastboot gadget). */
  async reconnectWith<T>(
    previousKey: string,
    expectedStage: Stage,
    open: ReturnedBoardOpener<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const arrivals = this.#board().arrivals;
    try {
      await this.awaitLeave(previousKey, expectedStage, signal);
      return await this.awaitReturnWith(previousKey, arrivals, expectedStage, open, signal);
    } finally {
      this.#options.tracker.setRunState(this.#options.boardId, null);
    }
  }

  #board(): TrackedBoard {
    const board = this.#options.tracker.get(this.#options.boardId);
    if (board === undefined)
      throw new SessionFailure('INTERNAL_ERROR', `the board tracker lost board ${this.#options.boardId}`);
    return board;
  }

  async awaitLeave(previousKey: string, expectedStage: Stage, signal?: AbortSignal): Promise<void> {
    const { clock, tracker } = this.#options;
    const deadline = clock.now() + this.#deadlines.leaveMs;
    this.#emit('leave', expectedStage, deadline, null, null);
    for (;;) {
      if (this.#board().entry?.key !== previousKey) return;
      if (clock.now() >= deadline)
        throw new SessionFailure(
          'DEVICE_NEVER_DETACHED',
          `the board was told to start its next stage (DETACH) but stayed on the bus for ${this.#deadlines.leaveMs / 1000} s`,
          { expectedStage },
        );
      await tracker.nextChange(deadline - clock.now(), signal);
    }
  }

  /**
   * Waits until the tracker gives the board a new enumeration (by the matching rules: the same serial on any slot,
   * without serials the same slot only), then opens it and waits until it answers.
   */
  awaitReturn(
    previousKey: string,
    arrivalsBefore: number,
    expectedStage: Stage,
    signal?: AbortSignal,
  ): Promise<ReturnedBoard> {
    return this.awaitReturnWith(previousKey, arrivalsBefore, expectedStage, this.#openDfu, signal);
  }

  readonly #openDfu: ReturnedBoardOpener<ReturnedBoard> = (entry, matchedBy, options) =>
    openReturnedBoard(entry, matchedBy, {
      backend: this.#options.backend,
      clock: this.#options.clock,
      ...options,
      ...(this.#options.dfuOptions === undefined ? {} : { dfuOptions: this.#options.dfuOptions }),
    });

  async awaitReturnWith<T>(
    previousKey: string,
    arrivalsBefore: number,
    expectedStage: Stage,
    open: ReturnedBoardOpener<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const { clock, tracker } = this.#options;
    const d = this.#deadlines;
    const leftAt = clock.now();
    const cap = leftAt + d.returnMs + d.maxExtensionMs;
    let deadline = leftAt + d.returnMs;
    let extendedBecause: string | null = null;
    let lastExtensionEvent = Number.NEGATIVE_INFINITY;
    const stopListening = this.#options.console?.onLines((lines) => {
      const moved = Math.min(cap, clock.now() + d.consoleGraceMs);
      if (moved <= deadline) return;
      deadline = moved;
      extendedBecause = `the board's console shows it working: "${(lines.at(-1) ?? '').trim()}"`;
      // One event a second at most: a board printing fast would flood the countdown.
      if (clock.now() - lastExtensionEvent < 1000) return;
      lastExtensionEvent = clock.now();
      this.#emit('return', expectedStage, deadline, extendedBecause, null);
    });
    let refusal: { code: UsbErrorCode; message: string; hint: string | undefined; since: number } | null =
      null;
    let lastSecond = -1;
    try {
      for (;;) {
        const board = this.#board();
        const entry = board.entry;
        let retrySoon = false;
        if (entry !== null && entry.key !== previousKey && board.arrivals > arrivalsBefore) {
          const matchedBy = board.matchedBy ?? 'slot';
          const outcome = await open(entry, matchedBy, {
            readyMs: d.readyMs,
            pollMs: d.pollMs,
            ...(signal === undefined ? {} : { signal }),
          });
          if (outcome.kind === 'ready') {
            this.#emit('found', expectedStage, deadline, extendedBecause, matchedBy);
            return outcome.board;
          }
          if (outcome.kind === 'refused') {
            refusal ??= { ...outcome, since: clock.now() };
            retrySoon = true;
          }
          if (refusal !== null && clock.now() - refusal.since >= d.openRetryMs)
            throw new SessionFailure(
              'DEVICE_RETURNED_UNOPENABLE',
              `the board came back (${board.identity?.product ?? 'its strings unread'}) but this computer cannot open it: ${refusal.message}`,
              {
                usbCode: refusal.code,
                expectedStage,
                ...(refusal.hint === undefined ? {} : { openHint: refusal.hint }),
              },
            );
        }
        const now = clock.now();
        if (now >= deadline) throw this.#neverReturned(board, leftAt, expectedStage);
        const secondsLeft = Math.ceil((deadline - now) / 1000);
        if (secondsLeft !== lastSecond) {
          lastSecond = secondsLeft;
          this.#emit('return', expectedStage, deadline, extendedBecause, null);
        }
        // Wake on the tracker's next change, at the next whole second (the countdown), or to retry an open.
        const toNextSecond = deadline - now - (secondsLeft - 1) * 1000;
        const wait = Math.min(deadline - now, toNextSecond, retrySoon ? d.pollMs : Number.POSITIVE_INFINITY);
        await tracker.nextChange(Math.max(1, wait), signal);
      }
    } finally {
      stopListening?.();
    }
  }

  /**
   * The MP15 ROM → TF-A change on one enumeration: requests fail while the FSBL starts, then the same handle
   * answers GetPhase with the new stage's phase.
   */
  async awaitSameHandle(device: DfuDevice, expectedStage: Stage, signal?: AbortSignal): Promise<PhaseAnswer> {
    const { clock } = this.#options;
    const deadline = clock.now() + this.#deadlines.returnMs;
    for (;;) {
      try {
        const answer = await device.getPhase();
        if (answer.phaseId !== phaseId.fsbl) return answer;
      } catch (error) {
        if (isDfuError(error, 'DFU_DEVICE_GONE'))
          throw new SessionFailure('DEVICE_UNPLUGGED', 'the board left the bus while its FSBL was starting', {
            usbCode: 'no-device',
            expectedStage,
          });
        if (!isDfuError(error)) throw error;
      }
      if (clock.now() >= deadline)
        throw new SessionFailure(
          'DEVICE_NEVER_RETURNED',
          `the board did not answer as ${stageName(expectedStage)} within ${this.#deadlines.returnMs / 1000} s of starting its FSBL`,
          { expectedStage },
        );
      await clock.sleep(this.#deadlines.pollMs, signal);
    }
  }

  #neverReturned(board: TrackedBoard, leftAt: number, expectedStage: Stage): SessionFailure {
    const mine = board.serial;
    // Boards that appeared since it left and could be it, but the rules cannot say so: without a serial on either
    // side, only the slot tells, and they are on another one.
    const elsewhere = this.#options.tracker
      .boards()
      .filter((other) => other.id !== board.id && other.entry !== null && other.firstSeenAt >= leftAt)
      .filter((other) => mine === null || other.serial === null)
      .map((other) => other.slot);
    const waited = `${Math.round(this.#deadlines.returnMs / 100) / 10} s`;
    if (elsewhere.length > 0)
      return new SessionFailure(
        'DEVICE_RETURNED_ELSEWHERE',
        `a board without a serial number came back on ${elsewhere.join(', ')}, not on ${board.slot} where this one left: it cannot be told apart from another board`,
        { elsewhere, expectedStage, hadSerial: mine !== null },
      );
    return new SessionFailure(
      'DEVICE_NEVER_RETURNED',
      `the board left the bus to start ${stageName(expectedStage)} and was not seen again within ${waited}`,
      { expectedStage, hadSerial: mine !== null },
    );
  }

  #emit(
    phase: ReconnectEventBody['phase'],
    expectedStage: Stage,
    deadline: number,
    extendedBecause: string | null,
    matchedBy: 'serial' | 'slot' | null,
  ): void {
    const now = this.#options.clock.now();
    const secondsLeft = Math.max(0, Math.ceil((deadline - now) / 1000));
    if (phase === 'return')
      this.#options.tracker.setRunState(this.#options.boardId, { expectedStage, secondsLeft });
    this.#options.onEvent({
      type: 'reconnect',
      phase,
      expectedStage,
      deadlineMs: Math.max(0, deadline - this.#options.origin),
      secondsLeft,
      extendedBecause,
      matchedBy,
    });
  }
}
