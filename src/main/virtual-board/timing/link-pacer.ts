import type { BoardClock } from './board-clock';

/**
 * Charges per-block link costs on a schedule rather than one sleep at a time: a timer that fires a little
 * late shortens the next wait, so over many blocks the link runs at the modelled rate instead of drifting
 * slower by every timer's lateness. After a pause longer than `restartAfterMs` (the host did something else),
 * the schedule starts afresh: idle time is never banked as credit.
 *
 * Lateness is a property of real timers, so the schedule is kept in real time (`realNow`); with an injected
 * clock that waits no real time (tests), each block simply waits its cost.
 */
export class LinkPacer {
  readonly #clock: BoardClock;
  readonly #realNow: (() => number) | null;
  readonly #restartAfterMs: number;
  #due = Number.NEGATIVE_INFINITY;

  constructor(clock: BoardClock, realNow: (() => number) | null, restartAfterMs = 20) {
    this.#clock = clock;
    this.#realNow = realNow;
    this.#restartAfterMs = restartAfterMs;
  }

  /** Waits this block's cost, counted from the previous block's due time. */
  pace(ms: number): Promise<void> {
    if (this.#realNow === null) return this.#clock.sleep(ms);
    const now = this.#realNow();
    this.#due = (now - this.#due > this.#restartAfterMs ? now : this.#due) + ms;
    return this.#clock.sleep(Math.max(0, this.#due - now));
  }
}
