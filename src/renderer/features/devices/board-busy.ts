import type { BoardSummary } from '../../../shared/contract';

const inRun = (board: BoardSummary) => board.state === 'programming' || board.state === 're-enumerating';

/**
 * Why a board cannot be picked for another run, or null when it can: it is being programmed or
 * re-enumerating, or the run that holds it is still running (another of its boards is in it).
 */
export function boardBusyReason(board: BoardSummary, boards: readonly BoardSummary[]): string | null {
  if (inRun(board)) return 'In a run: it can be picked for another run when this one ends.';
  if (board.runId !== null && boards.some((other) => inRun(other) && other.runId === board.runId))
    return 'Held by a run still in progress: it can be picked when that run ends.';
  return null;
}
