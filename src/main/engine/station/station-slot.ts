import type { SlotState, SlotView, stationFailureCodes } from '../../../shared/station';
import type { TrackedBoard } from '../boards/tracked-board';

/** A named USB port of a station ("position 3"), as a recipe's slots list gives it. */
export interface StationSlot {
  readonly name: string;
  readonly port: string;
}

type StationCode = (typeof stationFailureCodes)[number];

/** One slot's state inside the runner (the view is derived from it). */
export interface SlotRecord {
  readonly slot: StationSlot;
  state: Exclude<SlotState, 'idle' | 'waiting'> | null;
  boardId: string | null;
  serial: string | null;
  /** Bytes acknowledged per partition id, while a run goes. */
  readonly bytes: Map<number, number>;
  /** Each partition's first and last progress (run time, ms), for its time in the station log. */
  readonly spans: Map<number, { readonly first: number; readonly last: number }>;
  secondsLeft: number | null;
  startedAt: number | null;
  endedAt: number | null;
  code: StationCode | null;
  hint: string | null;
  /** The board programmed last here: not started again by itself (named choice `stationRearm`). */
  lastProgrammed: { readonly boardId: string; readonly serial: string | null } | null;
  running: { readonly abort: AbortController; readonly done: Promise<void> } | null;
}

export function newSlotRecord(slot: StationSlot): SlotRecord {
  return {
    slot,
    state: null,
    boardId: null,
    serial: null,
    bytes: new Map(),
    spans: new Map(),
    secondsLeft: null,
    startedAt: null,
    endedAt: null,
    code: null,
    hint: null,
    lastProgrammed: null,
    running: null,
  };
}

/** The board on the bus at a slot's port, if any. */
export function boardAt(boards: readonly TrackedBoard[], port: string): TrackedBoard | undefined {
  return boards.find((board) => board.slot === port && board.entry !== null);
}

/**
 * Named choice `stationRearm`: a slot starts a board by itself (auto, Program all) only when it is not the board it
 * programmed last: another serial. A board off the bus tells nothing (every board leaves when U-Boot's download
 * ends, removed or not), so a board that resets itself back into USB boot is never programmed twice; one without a
 * serial cannot be told from the last one and waits for the operator's Program on its tile.
 */
export function isRearmed(record: SlotRecord, board: TrackedBoard): boolean {
  const last = record.lastProgrammed;
  if (last === null) return true;
  return board.serial !== null && last.serial !== null && board.serial !== last.serial;
}

/** What a tile shows now. */
export function slotView(
  record: SlotRecord,
  board: TrackedBoard | undefined,
  total: number,
  now: number,
): SlotView {
  // A new board stands where the last one passed or failed: the tile is about the new one.
  const ended = record.state === 'passed' || record.state === 'failed';
  if (ended && record.running === null && board !== undefined && isRearmed(record, board))
    return { ...blankView(record), state: 'idle', boardId: board.id, serial: board.serial };
  const idleState: SlotState = board === undefined ? 'waiting' : 'idle';
  const done = [...record.bytes.values()].reduce((sum, bytes) => sum + bytes, 0);
  const running = record.state === 'programming' || record.state === 're-enumerating';
  return {
    name: record.slot.name,
    port: record.slot.port,
    state: record.state ?? idleState,
    percent: running && total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : null,
    secondsLeft: record.state === 're-enumerating' ? record.secondsLeft : null,
    boardId: record.boardId ?? board?.id ?? null,
    serial: record.serial ?? board?.serial ?? null,
    elapsedMs: record.startedAt === null ? null : (record.endedAt ?? now) - record.startedAt,
    code: record.code,
    hint: record.hint,
  };
}

function blankView(record: SlotRecord): SlotView {
  return {
    name: record.slot.name,
    port: record.slot.port,
    state: 'waiting',
    percent: null,
    secondsLeft: null,
    boardId: null,
    serial: null,
    elapsedMs: null,
    code: null,
    hint: null,
  };
}
