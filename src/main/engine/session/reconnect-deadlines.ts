import { leaveTimeout, reconnectTimeout } from '../../../shared/deadlines';

/** The reconnect watcher's deadlines: to leave the bus after DETACH, to come back, and how it polls. */
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
  /** How often a returned board that is not ready yet (or refuses to open) is tried again. */
  readonly pollMs: number;
  /** A returned board that refuses to open is retried this long (the OS may still be binding a driver). */
  readonly openRetryMs: number;
  /** A returned board must answer its strings and GetPhase within this. */
  readonly readyMs: number;
}

export const defaultReconnectDeadlines: ReconnectDeadlines = {
  leaveMs: leaveTimeout.defaultMs,
  returnMs: reconnectTimeout.defaultMs,
  consoleGraceMs: 2000,
  maxExtensionMs: 120_000,
  pollMs: 50,
  openRetryMs: 1000,
  readyMs: 5000,
};
