import type { Clock } from '../dfu/clock';

export interface ProgressReading {
  /** Over the sliding window; null before two samples. */
  readonly bytesPerSecond: number | null;
  readonly etaSeconds: number | null;
}

export interface ProgressMeterOptions {
  /** Speed is measured over this much recent time (default 2 s). */
  readonly windowMs?: number;
  /** At most one reading per this interval (default 100 ms: ≤ 10 events a second, well under the UI's 20). */
  readonly minIntervalMs?: number;
  /** At most one kept sample per this interval (default 50 ms): the window holds ~40 samples, not one per block. */
  readonly bucketMs?: number;
}

/**
 * Speed and ETA of one transfer from a sliding window of (time, bytes) samples, throttled at the source:
 * `sample` answers a reading only when one is due, so the session emits a handful of events a second
 * whatever the block rate.
 */
export class ProgressMeter {
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #minIntervalMs: number;
  readonly #bucketMs: number;
  readonly #samples: { at: number; bytes: number }[] = [];
  #latest: { at: number; bytes: number } | null = null;
  #lastEmit = Number.NEGATIVE_INFINITY;

  constructor(clock: Clock, options: ProgressMeterOptions = {}) {
    this.#clock = clock;
    this.#windowMs = options.windowMs ?? 2000;
    this.#minIntervalMs = options.minIntervalMs ?? 100;
    this.#bucketMs = options.bucketMs ?? 50;
  }

  /** Records bytes done; answers a reading when one is due (always for the first and the last). */
  sample(bytes: number, total: number): ProgressReading | null {
    const now = this.#clock.now();
    // Thousands of blocks a second: keep one sample per bucket (the window stays small, nothing per block
    // outlives the next few blocks), and the latest reading beside them.
    this.#latest = { at: now, bytes };
    const kept = this.#samples.at(-1);
    if (kept === undefined || now - kept.at >= this.#bucketMs) this.#samples.push(this.#latest);
    while (this.#samples.length > 2 && (this.#samples[0]?.at ?? now) < now - this.#windowMs)
      this.#samples.shift();
    const due = bytes >= total || now - this.#lastEmit >= this.#minIntervalMs;
    if (!due) return null;
    this.#lastEmit = now;
    return this.reading(bytes, total);
  }

  reading(bytes: number, total: number): ProgressReading {
    const first = this.#samples[0];
    const last = this.#latest;
    if (first === undefined || last === null || last.at <= first.at)
      return { bytesPerSecond: null, etaSeconds: null };
    const bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    const etaSeconds = bytesPerSecond > 0 ? Math.max(0, total - bytes) / bytesPerSecond : null;
    return { bytesPerSecond, etaSeconds };
  }
}
