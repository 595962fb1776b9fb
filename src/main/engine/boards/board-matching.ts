/**
 * Which board a device that appeared on the bus is: the one table of rules, used by the `BoardTracker` for every
 * arrival (a board plugged in, a board coming back from a re-enumeration). Written out for people in
 * `docs/board-identity.md`; each row has a test in `board-matching.test.ts`.
 *
 * | # | the board has | the device has              | verdict                                   |
 * |---|---------------|-----------------------------|-------------------------------------------|
 * | 1 | serial S      | serial T ≠ S                | never this board, on any slot             |
 * | 2 | serial S      | serial S                    | this board, on any slot (`serial`)        |
 * | 3 | serial S      | no serial, or not read yet  | this board only on the same slot (`slot`) |
 * | 4 | no serial     | anything                    | this board only on the same slot (`slot`) |
 *
 * The serial is the chip's unique ID (spec §2.1: the ROM, TF-A and U-Boot all build it from the same OTP words),
 * so it is the same in every stage. Product string, Revision ID and alternates change between stages and never
 * count. Row 4 is why two boards without serials on neighbouring ports never swap: each comes back on its own slot.
 */
export interface BoardMarks {
  /** The serial, `null` when the board has none (or, for an arrival, when it could not be read). */
  readonly serial: string | null;
  /** The port path, e.g. `1-2.3`. */
  readonly slot: string;
}

export type MatchedBy = 'serial' | 'slot';

export function matchBoard(board: BoardMarks, device: BoardMarks): MatchedBy | null {
  if (board.serial !== null && device.serial !== null)
    return board.serial === device.serial ? 'serial' : null;
  return board.slot === device.slot ? 'slot' : null;
}
