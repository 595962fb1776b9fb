/** Bytes [start, end) of an image. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Whether bytes [start, end) touch any of `ranges` (sorted by start, not overlapping). */
export function touchesRanges(ranges: readonly ByteRange[], start: number, end: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle];
    if (range === undefined) return false;
    if (range.end <= start) low = middle + 1;
    else if (range.start >= end) high = middle - 1;
    else return true;
  }
  return false;
}
