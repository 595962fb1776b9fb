/** Sorted, merged byte ranges [start, end): where a sparse medium may hold data. */
export class ExtentSet {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  add(start: number, end: number): void {
    if (end <= start) return;
    const last = this.#ends.length - 1;
    // Fast path: sequential writes extend the last extent.
    if (last >= 0 && start >= (this.#starts[last] ?? 0)) {
      const lastEnd = this.#ends[last] ?? 0;
      if (start <= lastEnd) {
        this.#ends[last] = Math.max(lastEnd, end);
        return;
      }
      this.#starts.push(start);
      this.#ends.push(end);
      return;
    }
    const merged: [number, number][] = [];
    let newStart = start;
    let newEnd = end;
    for (let i = 0; i < this.#starts.length; i++) {
      const s = this.#starts[i] ?? 0;
      const e = this.#ends[i] ?? 0;
      if (e < newStart || s > newEnd) merged.push([s, e]);
      else {
        newStart = Math.min(newStart, s);
        newEnd = Math.max(newEnd, e);
      }
    }
    merged.push([newStart, newEnd]);
    merged.sort((a, b) => a[0] - b[0]);
    this.#starts.length = 0;
    this.#ends.length = 0;
    for (const [s, e] of merged) {
      this.#starts.push(s);
      this.#ends.push(e);
    }
  }

  /** The parts of [start, end) this set covers. */
  intersect(start: number, end: number): [number, number][] {
    const result: [number, number][] = [];
    for (let i = 0; i < this.#starts.length; i++) {
      const s = Math.max(start, this.#starts[i] ?? 0);
      const e = Math.min(end, this.#ends[i] ?? 0);
      if (s < e) result.push([s, e]);
    }
    return result;
  }
}
