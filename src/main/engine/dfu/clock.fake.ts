import type { Clock } from './clock';

/**
 * A clock that never sleeps for real: `sleep` advances `now` and records how long it was asked. Timers set with
 * `after` fire, in order, when `sleep` or `advance` moves the time past them.
 */
export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  #timers: { at: number; callback: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.advance(ms);
    return Promise.resolve();
  }

  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.time + ms, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((entry) => entry !== timer);
    };
  }

  /** Moves the time on by `ms`, firing every timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = end;
  }
}
