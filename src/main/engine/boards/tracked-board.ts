import type { Stage } from '../../../shared/board';
import type { BoardAccess, BoardState } from '../../../shared/contract/boards';
import type { DeviceIdentity } from '../../usb/device-identity';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import type { MatchedBy } from './board-matching';

/** One board as the tracker keeps it: a board on the desk, whatever USB device it shows as right now. */
export interface TrackedBoard {
  readonly id: string;
  readonly slot: string;
  /** The serial read from any of its enumerations (the chip's UID); null when none was read. */
  readonly serial: string | null;
  /** Its current enumeration; null while it is off the bus. */
  readonly entry: UsbDeviceEntry | null;
  /** The current enumeration's identity with its strings read (null while unread or off the bus). */
  readonly identity: DeviceIdentity | null;
  /** The last identity read, kept while the board is off the bus (its SoC, revision and stage stay shown). */
  readonly lastKnown: DeviceIdentity | null;
  /** How the current enumeration was recognised as this board (null for the first one). */
  readonly matchedBy: MatchedBy | null;
  /** Counts the board's enumerations: a waiting run compares it to see a return. */
  readonly arrivals: number;
  readonly state: BoardState;
  readonly access: BoardAccess;
  readonly accessProblem: string | null;
  readonly runId: string | null;
  readonly reconnect: { readonly expectedStage: Stage; readonly secondsLeft: number } | null;
  /** When it left the bus (clock time), null while present. */
  readonly leftAt: number | null;
  /** When it first appeared (clock time). */
  readonly firstSeenAt: number;
}

/** The tracker's own, writable view of a board. */
export type MutableBoard = { -readonly [K in keyof TrackedBoard]: TrackedBoard[K] };

/** A board in a run waiting for its return comes first, then a serial match, then a slot match. */
export function rank(candidate: { board: TrackedBoard; by: MatchedBy }): number {
  const waiting = candidate.board.state === 're-enumerating' || candidate.board.state === 'programming';
  return (waiting ? 0 : 2) + (candidate.by === 'serial' ? 0 : 1);
}

/** A board whose strings could not be read (the host refused it) is `refused`; any other is `ok`. */
export function access(identity: DeviceIdentity | null): BoardAccess {
  return identity === null ? 'refused' : 'ok';
}

/** `access`, keeping a refusal the board was given before its identity was assigned (`refused`, `no-driver`). */
export function refusedAs(
  identity: DeviceIdentity | null,
  provisional: TrackedBoard | undefined,
): BoardAccess {
  const refusal = provisional?.access;
  return refusal === 'refused' || refusal === 'no-driver' ? refusal : access(identity);
}

/** Port paths in natural order: `1-2` before `1-10`, `1-2` before `1-2.1`. */
export function slotOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
