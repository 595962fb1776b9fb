/** The 4 KiB blocks of an image that hold data, as sorted, merged ranges of block numbers (inclusive). */
export const mapBlockBytes = 4096;

export class BlockMap {
  readonly #ranges: [number, number][] = [];

  /** Marks the blocks that bytes [start, end) touch. */
  addBytes(start: bigint, end: bigint): void {
    if (end <= start) return;
    const first = Number(start / BigInt(mapBlockBytes));
    const last = Number((end - 1n) / BigInt(mapBlockBytes));
    this.#add(first, last);
  }

  #add(first: number, last: number): void {
    const tail = this.#ranges.at(-1);
    if (tail !== undefined && first >= tail[0] && first <= tail[1] + 1) {
      tail[1] = Math.max(tail[1], last);
      return;
    }
    this.#ranges.push([first, last]);
    if (tail !== undefined && first < tail[0]) this.#normalize();
  }

  #normalize(): void {
    const sorted = [...this.#ranges].sort((a, b) => a[0] - b[0]);
    this.#ranges.length = 0;
    for (const [first, last] of sorted) {
      const tail = this.#ranges.at(-1);
      if (tail !== undefined && first <= tail[1] + 1) tail[1] = Math.max(tail[1], last);
      else this.#ranges.push([first, last]);
    }
  }

  ranges(): readonly (readonly [number, number])[] {
    this.#normalize();
    return this.#ranges;
  }

  mappedBlocks(): number {
    return this.ranges().reduce((sum, [first, last]) => sum + last - first + 1, 0);
  }
}

/** Whether any block in [first, last] is in `ranges` (sorted, merged). */
export function rangesOverlap(
  ranges: readonly (readonly [number, number])[],
  first: number,
  last: number,
): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle];
    if (range === undefined) return false;
    if (range[1] < first) low = middle + 1;
    else if (range[0] > last) high = middle - 1;
    else return true;
  }
  return false;
}

/**
 * The most blocks one checksummed `<Range>` covers (8 MiB): longer mapped ranges are listed as adjacent pieces so
 * their sha256s can be computed on two threads at once (`RangeChecksums`); `bmaptool copy` checks each `<Range>`
 * on its own (bmap-tools' `BmapCopy`), so adjacent ranges are as valid as one.
 */
export const checksumRangeBlocks = 2048;

/** `ranges` cut into pieces of at most `limit` blocks, each piece starting `limit` blocks after the previous. */
export function checksumRanges(
  ranges: readonly (readonly [number, number])[],
  limit = checksumRangeBlocks,
): [number, number][] {
  const pieces: [number, number][] = [];
  for (const [first, last] of ranges)
    for (let start = first; start <= last; start += limit)
      pieces.push([start, Math.min(last, start + limit - 1)]);
  return pieces;
}
