/**
 * The speed of a run's transfers, smoothed: an exponential moving average of the rate between samples, each
 * sample weighing by the time it covers (1 − e^(−Δt/τ)), so a burst of close samples does not swing it. Time the
 * board spends away (a re-enumeration, a stage change) is not transfer time: `pause` drops the baseline, and the
 * next sample only starts a new one; a new stage starts the measure afresh (`reset`). The clock is injected (milliseconds), so tests set the time.
 */
export class SmoothedRate {
  readonly #now: () => number;
  readonly #timeConstantMs: number;
  #last: { at: number; bytes: number } | null = null;
  #rate: number | null = null;

  constructor(now: () => number, timeConstantMs = 2000) {
    this.#now = now;
    this.#timeConstantMs = timeConstantMs;
  }

  /** Bytes done so far (they only grow; a smaller count starts a new baseline). */
  sample(bytes: number): void {
    const at = this.#now();
    const last = this.#last;
    this.#last = { at, bytes };
    if (last === null || bytes < last.bytes || at <= last.at) return;
    const instant = ((bytes - last.bytes) * 1000) / (at - last.at);
    const weight = 1 - Math.exp(-(at - last.at) / this.#timeConstantMs);
    this.#rate = this.#rate === null ? instant : this.#rate + weight * (instant - this.#rate);
  }

  /** The board is away: the time until the next sample is not counted. */
  pause(): void {
    this.#last = null;
  }

  /** A new stage (ROM, TF-A, U-Boot): the link and the loader change, and so does the speed; measured afresh. */
  reset(): void {
    this.#last = null;
    this.#rate = null;
  }

  /** Bytes per second; null before two samples. */
  get bytesPerSecond(): number | null {
    return this.#rate;
  }

  /** Seconds to send `remaining` bytes at this rate; null while there is no rate (or it is zero). */
  etaSeconds(remaining: number): number | null {
    if (this.#rate === null || this.#rate <= 0) return remaining <= 0 && this.#rate !== null ? 0 : null;
    return Math.max(0, remaining) / this.#rate;
  }
}

/** An ETA for people: `—` while unknown, `42 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}
