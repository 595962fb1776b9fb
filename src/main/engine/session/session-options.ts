import type { ProgramEvent, ProgramWarningCode } from '../../../shared/program-events';
import type { VirtualMachine } from '../../../shared/virtual-machine';
import type { UsbBackend } from '../../usb/usb-backend';
import type { BoardTracker } from '../boards/board-tracker';
import type { Clock } from '../dfu/clock';
import type { DfuDeviceOptions } from '../dfu/dfu-device';
import type { FastPathOptions } from '../fast-path/fast-path-options';
import type { BoardConsole } from './board-console';
import type { ReconnectDeadlines } from './reconnect-watcher';
import type { SessionPlan } from './session-plan';

/** What a `ProgrammingSession` is given: its board, its plan, its deadlines, and where its events go. */
export interface ProgrammingSessionOptions {
  /** Opens the board's enumerations (the tracker says which is the board's). */
  readonly backend: UsbBackend;
  /** Which boards are here; the session claims its board there and follows it through every re-enumeration. */
  readonly tracker: BoardTracker;
  /** The board to program, by its tracker id. */
  readonly boardId: string;
  /** Names the run on the board while it holds it (the app's run id); a fresh one by default. */
  readonly runId?: string;
  readonly plan: SessionPlan;
  readonly onEvent: (event: ProgramEvent) => void;
  readonly clock?: Clock;
  /** Aborting cancels within one block; an `AbortSignal.timeout` reason ends as `RUN_TIMEOUT`. */
  readonly signal?: AbortSignal;
  readonly console?: BoardConsole | null;
  /** One control request (default 5000 ms). */
  readonly requestTimeoutMs?: number;
  /** The write deadline: requests during which the board writes to its memory (default 300 000 ms). */
  readonly writeTimeoutMs?: number;
  readonly reconnect?: Partial<ReconnectDeadlines>;
  readonly platform?: NodeJS.Platform;
  /** The VM this computer is (host facts, `engine/host`): a failed run's diagnosis ranks its fix first. */
  readonly virtualMachine?: VirtualMachine;
  /** Warnings found before the run (a console that could not be opened), reported with the run's own. */
  readonly warnings?: readonly StartWarning[];
  /**
   * At phase END, DETACH and then a USB bus reset: U-Boot then resets the board (spec §1.4, `dfu_usb_get_reset`),
   * which comes back in USB boot (a station recipe's `resetAtEnd`). Without it, DETACH alone: no reset.
   */
  readonly resetAtEnd?: boolean;
  /** Read each partition back after it is written and compare it with its image (`program --verify`). */
  readonly verify?: boolean;
  /** The fast path (fastboot, issue 26): decided at the start, before anything is sent; DFU when absent. */
  readonly fast?: FastPathOptions;
  /**
   * Warnings that arise beside the run (a log file that stops being writable): called once at the start with the
   * session's warn, which reports them with the run's own until the result goes out.
   */
  readonly lateWarnings?: (warn: (warning: StartWarning) => void) => void;
}

export interface StartWarning {
  readonly code: ProgramWarningCode;
  readonly message: string;
  readonly hint: string;
}

/** The DFU requests' deadlines a session gives its board's device. */
export function dfuOptionsOf(options: ProgrammingSessionOptions, clock: Clock): DfuDeviceOptions {
  const { requestTimeoutMs, writeTimeoutMs } = options;
  return {
    clock,
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(writeTimeoutMs === undefined ? {} : { writeTimeoutMs }),
  };
}
