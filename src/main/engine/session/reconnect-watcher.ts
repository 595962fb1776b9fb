import type { Soc, Stage } from '../../../shared/board';
import type { ReconnectEvent } from '../../../shared/program-events';
import { stDfuUsbId } from '../../protocol/dfu';
import { phaseId } from '../../protocol/phase';
import type { DeviceIdentity } from '../../usb/device-identity';
import { formatPortPath } from '../../usb/device-identity';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { UsbErrorCode } from '../../usb/usb-error';
import type { Clock } from '../dfu/clock';
import type { DfuDeviceOptions } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { DfuDevice } from '../dfu/dfu-device';
import type { PhaseAnswer } from '../dfu/phase-answer';
import type { BoardConsole } from './board-console';
import type { ReturnedBoard } from './returned-board';
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

export interface ReconnectDeadlines {
  /** The board must leave the bus within this after DETACH (ST's tool waits 3 s). */
  readonly leaveMs: number;
  /** …and come back within this (CubeProgrammer's 30 s; `--reconnect-timeout`). */
  readonly returnMs: number;
  /**
   * Named choice `consoleWorkingGrace`: while console lines keep arriving, the come-back deadline stays at least
   * this far after the last one (a long erase before U-Boot re-enumerates), up to `maxExtensionMs` in all.
   */
  readonly consoleGraceMs: number;
  readonly maxExtensionMs: number;
  /** How often the bus is listed while waiting. */
  readonly pollMs: number;
  /** A returned board that refuses to open is retried this long (the OS may still be binding a driver). */
  readonly openRetryMs: number;
  /** A returned board must answer its strings and GetPhase within this. */
  readonly readyMs: number;
}

export const defaultReconnectDeadlines: ReconnectDeadlines = {
  leaveMs: 3000,
  returnMs: 30_000,
  consoleGraceMs: 2000,
  maxExtensionMs: 120_000,
  pollMs: 50,
  openRetryMs: 1000,
  readyMs: 5000,
};

export type ReconnectEventBody = Omit<ReconnectEvent, 'schemaVersion' | 'elapsedMs'>;

export interface ReconnectWatcherOptions {
  readonly backend: UsbBackend;
  readonly clock: Clock;
  readonly deadlines?: Partial<ReconnectDeadlines>;
  readonly console?: BoardConsole | null;
  readonly dfuOptions?: DfuDeviceOptions;
  /** The run's time origin on `clock`, for event deadlines. */
  readonly origin: number;
  readonly onEvent: (event: ReconnectEventBody) => void;
}

/**
 * How a device that appeared is recognised as the board that left: by serial when both have one (the chip's
 * unique ID, the same in every stage), else by port path. Product string and Revision ID change between stages
 * and never count.
 */
export function matchReturned(previous: DeviceIdentity, candidate: DeviceIdentity): 'serial' | 'port' | null {
  if (previous.serial !== null && candidate.serial !== null)
    return previous.serial === candidate.serial ? 'serial' : null;
  return formatPortPath(previous) === formatPortPath(candidate) ? 'port' : null;
}

/** A stage as people name the firmware running in it. */
function stageName(stage: Stage): string {
  if (stage === 'rom') return 'the ROM code';
  if (stage === 'tfa' || stage === 'tfa-ddr') return 'TF-A';
  return 'U-Boot';
}

const isStDfu = (entry: UsbDeviceEntry): boolean =>
  entry.identity.vendorId === stDfuUsbId.vendorId && entry.identity.productId === stDfuUsbId.productId;

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

  /** Leave, then come back: `previous` is the entry the board had; `present` the keys listed before the DETACH. */
  async reconnect(
    previous: UsbDeviceEntry,
    present: ReadonlySet<string>,
    expectedStage: Stage,
    signal?: AbortSignal,
  ): Promise<ReturnedBoard> {
    await this.awaitLeave(previous, expectedStage, signal);
    return this.awaitReturn(previous, present, expectedStage, signal);
  }

  async awaitLeave(previous: UsbDeviceEntry, expectedStage: Stage, signal?: AbortSignal): Promise<void> {
    const { clock, backend } = this.#options;
    const deadline = clock.now() + this.#deadlines.leaveMs;
    this.#emit('leave', expectedStage, deadline, null, null);
    for (;;) {
      const entries = await backend.list();
      if (!entries.some((entry) => entry.key === previous.key)) return;
      if (clock.now() >= deadline)
        throw new SessionFailure(
          'DEVICE_NEVER_DETACHED',
          `the board was told to start its next stage (DETACH) but stayed on the bus for ${this.#deadlines.leaveMs / 1000} s`,
          { expectedStage },
        );
      await clock.sleep(this.#deadlines.pollMs, signal);
    }
  }

  async awaitReturn(
    previous: UsbDeviceEntry,
    present: ReadonlySet<string>,
    expectedStage: Stage,
    signal?: AbortSignal,
  ): Promise<ReturnedBoard> {
    const { clock, backend } = this.#options;
    const d = this.#deadlines;
    const cap = clock.now() + d.returnMs + d.maxExtensionMs;
    let deadline = clock.now() + d.returnMs;
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
        const fresh = (await backend.list()).filter((entry) => !present.has(entry.key) && isStDfu(entry));
        const matches = fresh.filter((entry) => matchReturned(previous.identity, entry.identity) !== null);
        if (matches.length > 1)
          throw new SessionFailure(
            'DEVICE_AMBIGUOUS',
            `${matches.length} boards came back that could be this one (${matches.map((entry) => formatPortPath(entry.identity)).join(', ')}); refusing to guess`,
            { expectedStage, hadSerial: previous.identity.serial !== null },
          );
        const [match] = matches;
        const matchedBy = match === undefined ? null : matchReturned(previous.identity, match.identity);
        if (match !== undefined && matchedBy !== null) {
          const outcome = await openReturnedBoard(match, matchedBy, {
            backend,
            clock,
            readyMs: d.readyMs,
            pollMs: d.pollMs,
            ...(this.#options.dfuOptions === undefined ? {} : { dfuOptions: this.#options.dfuOptions }),
            ...(signal === undefined ? {} : { signal }),
          });
          if (outcome.kind === 'ready') {
            this.#emit('found', expectedStage, deadline, extendedBecause, matchedBy);
            return outcome.board;
          }
          if (outcome.kind === 'refused') refusal ??= { ...outcome, since: clock.now() };
          if (refusal !== null && clock.now() - refusal.since >= d.openRetryMs)
            throw new SessionFailure(
              'DEVICE_RETURNED_UNOPENABLE',
              `the board came back (${match.identity.product ?? 'no product string'}) but this computer cannot open it: ${refusal.message}`,
              {
                usbCode: refusal.code,
                expectedStage,
                ...(refusal.hint === undefined ? {} : { openHint: refusal.hint }),
              },
            );
        }
        if (clock.now() >= deadline) throw this.#neverReturned(previous, fresh, expectedStage);
        const secondsLeft = Math.ceil((deadline - clock.now()) / 1000);
        if (secondsLeft !== lastSecond) {
          lastSecond = secondsLeft;
          this.#emit('return', expectedStage, deadline, extendedBecause, null);
        }
        await clock.sleep(d.pollMs, signal);
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

  #neverReturned(
    previous: UsbDeviceEntry,
    fresh: readonly UsbDeviceEntry[],
    expectedStage: Stage,
  ): SessionFailure {
    const mine = previous.identity.serial;
    const elsewhere = fresh
      .filter((entry) => mine === null || entry.identity.serial === null || entry.identity.serial === mine)
      .map((entry) => formatPortPath(entry.identity));
    const waited = `${Math.round(this.#deadlines.returnMs / 100) / 10} s`;
    if (elsewhere.length > 0)
      return new SessionFailure(
        'DEVICE_RETURNED_ELSEWHERE',
        `a board without a serial number came back on ${elsewhere.join(', ')}, not on ${formatPortPath(previous.identity)} where this one left: it cannot be told apart from another board`,
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
    matchedBy: 'serial' | 'port' | null,
  ): void {
    const now = this.#options.clock.now();
    this.#options.onEvent({
      type: 'reconnect',
      phase,
      expectedStage,
      deadlineMs: Math.max(0, deadline - this.#options.origin),
      secondsLeft: Math.max(0, Math.ceil((deadline - now) / 1000)),
      extendedBecause,
      matchedBy,
    });
  }
}
