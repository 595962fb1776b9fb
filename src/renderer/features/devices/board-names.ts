import type { Soc } from '../../../shared/board';
import type { BoardSummary } from '../../../shared/contract';

export const socNames: Record<Soc, string> = { mp13: 'STM32MP13', mp15: 'STM32MP15', mp25: 'STM32MP25' };

/** `STM32MP15`, or `STM32MP board` while the SoC is not known. */
export function socName(board: Pick<BoardSummary, 'soc'>): string {
  return board.soc === null ? 'STM32MP board' : socNames[board.soc];
}

/** `high speed`; `speed unknown` where the OS does not say (Windows, macOS): never a guess. */
export function speedLabel(board: Pick<BoardSummary, 'speed'>): string {
  return board.speed === 'unknown' ? 'speed unknown' : `${board.speed} speed`;
}

/** What names one board on the desk: `STM32MP15 · 0036004A3338510939303401 · slot 1-2`. */
export function boardTitle(board: Pick<BoardSummary, 'soc' | 'serial' | 'slot'>): string {
  return `${socName(board)} · ${board.serial ?? 'no serial'} · slot ${board.slot}`;
}
