import type { ProgramEvent } from '../../shared/program-events';

/** At most this many progress events a second per run reach the renderer. */
export const maxProgressPerSecond = 20;

/**
 * Passes a run's events on in order, but at most one `partition-progress` per 50 ms: the others are
 * replaced by the newest. Every other event, and a partition's last progress (`done`), goes at once,
 * after any progress still held back, so nothing arrives out of order.
 */
export class ProgressThrottle {
  readonly #send: (event: ProgramEvent) => void;
  readonly #now: () => number;
  readonly #interval = 1000 / maxProgressPerSecond;
  #lastSent = Number.NEGATIVE_INFINITY;
  #held: ProgramEvent | null = null;

  constructor(send: (event: ProgramEvent) => void, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#now = now;
  }

  push(event: ProgramEvent): void {
    if (event.type === 'partition-progress' && !event.done) {
      if (this.#now() - this.#lastSent >= this.#interval) this.#emit(event);
      else this.#held = event;
      return;
    }
    if (event.type !== 'partition-progress') this.flush();
    this.#held = null;
    this.#emit(event);
  }

  /** Sends the progress held back, if any (call on a timer, and before the run ends). */
  flush(): void {
    if (this.#held !== null) this.#emit(this.#held);
  }

  #emit(event: ProgramEvent): void {
    this.#held = null;
    if (event.type === 'partition-progress') this.#lastSent = this.#now();
    this.#send(event);
  }
}
