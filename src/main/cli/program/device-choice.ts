import type { BoardTracker, TrackedBoard } from '../../engine/boards/board-tracker';

/** STM32MP boards on the bus now, in slot order: `usb1`, `usb2`, … are indexes into it. */
export function presentBoards(tracker: BoardTracker): TrackedBoard[] {
  return tracker.boards().filter((board) => board.entry !== null);
}

export type DeviceChoice =
  | { readonly kind: 'chosen'; readonly board: TrackedBoard }
  | { readonly kind: 'none'; readonly message: string }
  | { readonly kind: 'ambiguous'; readonly message: string }
  | { readonly kind: 'interrupted' };

/** Whether `--device` (`usbN`, a serial, or a slot like `1-2.3`) names this board. */
function names(wanted: string, board: TrackedBoard, index: number): boolean {
  const usb = /^usb(\d+)$/i.exec(wanted);
  if (usb?.[1] !== undefined) return Number(usb[1]) === index + 1;
  if (board.serial !== null && board.serial.toLowerCase() === wanted.toLowerCase()) return true;
  return board.slot === wanted;
}

export interface DeviceChoiceOptions {
  readonly wanted?: string;
  /** `--wait-for-device`: seconds to wait for a board to appear (default: look once). */
  readonly waitSeconds?: number;
  readonly signal: AbortSignal;
  /** Told the whole seconds left while `waitSeconds` runs and no board is there yet (the countdown). */
  readonly onWait?: (secondsLeft: number) => void;
}

/**
 * The boards present once `ready` says they will do, or when `waitSeconds` has run out (at once without it), or
 * null when interrupted. Tells `onWait` the seconds left while it waits (the countdown).
 */
export async function waitForBoards(
  tracker: BoardTracker,
  options: Pick<DeviceChoiceOptions, 'waitSeconds' | 'signal' | 'onWait'>,
  ready: (boards: TrackedBoard[]) => boolean,
): Promise<TrackedBoard[] | null> {
  const deadline = performance.now() + (options.waitSeconds ?? 0) * 1000;
  for (;;) {
    if (options.signal.aborted) return null;
    await tracker.settled();
    const boards = presentBoards(tracker);
    const left = deadline - performance.now();
    if (ready(boards) || left <= 0) return boards;
    options.onWait?.(Math.ceil(left / 1000));
    await tracker.nextChange(Math.min(left, 1000), options.signal).catch(() => undefined);
  }
}

/** The board a run programs: the one named by `--device`, or the only one present. */
export async function chooseDevice(
  tracker: BoardTracker,
  options: DeviceChoiceOptions,
): Promise<DeviceChoice> {
  const { wanted } = options;
  const named = (boards: TrackedBoard[]): TrackedBoard[] =>
    wanted === undefined ? boards : boards.filter((board, index) => names(wanted, board, index));
  const boards = await waitForBoards(tracker, options, (present) => named(present).length > 0);
  if (boards === null) return { kind: 'interrupted' };
  const found = named(boards);
  if (found.length === 1 && found[0] !== undefined) return { kind: 'chosen', board: found[0] };
  if (found.length > 1)
    return {
      kind: 'ambiguous',
      message: `${found.length} boards are present (${found.map((board, index) => `usb${index + 1} ${board.slot}`).join(', ')}): choose one with --device <usbN|serial|port>`,
    };
  const what =
    wanted === undefined ? 'No STM32MP board in USB boot (0483:df11)' : `No board matches --device ${wanted}`;
  const waited = options.waitSeconds === undefined ? '' : ` after waiting ${options.waitSeconds} s`;
  // Naming a board that is not there: say which ones are, as --device can name them.
  const present =
    wanted === undefined || boards.length === 0
      ? ''
      : ` Boards present: ${boards.map((board, index) => `usb${index + 1} (port ${board.slot}${board.serial === null ? '' : `, serial ${board.serial}`})`).join(', ')}.`;
  return { kind: 'none', message: `${what} was found${waited}.${present}` };
}
