import type { BoardSummary } from '../../../shared/contract';
import type { LayoutCheckReport } from '../../../shared/layout';
import { boardBusyReason } from '../devices/board-busy';
import type { MemoryPlan } from '../layout/memory-plan';

export interface BlockerInput {
  readonly report: LayoutCheckReport | null;
  readonly board: BoardSummary | null;
  /** Every board listed: a board that left or finished a run is still one of them. */
  readonly boards: readonly BoardSummary[];
  readonly memories: readonly MemoryPlan[];
}

function boardBlocker(board: BoardSummary, boards: readonly BoardSummary[]): string | null {
  if (board.state === 'gone')
    return 'The selected board is not on the bus now: put it back in USB boot mode and reset it.';
  if (boardBusyReason(board, boards) !== null)
    return 'The selected board is in a run: wait for that run to end, or select another board.';
  switch (board.access) {
    case 'reading':
      return 'Reading the selected board…';
    case 'in-use':
      return 'Another program is using the selected board: close it (see Boards).';
    case 'refused':
      return 'The selected board cannot be opened: apply the fix shown under it in Boards.';
    case 'no-driver':
      return 'This computer has no driver for the selected board: install it as shown under it in Boards.';
    case 'ok':
      return null;
  }
}

/** Why Program cannot run now, in words shown beside the button; null when it can. */
export function programBlocker({ report, board, boards, memories }: BlockerInput): string | null {
  if (report === null) return 'Open a flash layout first.';
  if (!report.ok) {
    const errors = report.issues.filter((issue) => issue.severity === 'error').length;
    return `The layout has ${errors} ${errors === 1 ? 'error' : 'errors'}: fix ${errors === 1 ? 'it' : 'them'} first (each is shown on its row).`;
  }
  if (board === null) {
    return boards.length === 0
      ? 'No board is connected: put one in USB boot mode (see Boards) or start a virtual board.'
      : 'Select the board to program in Boards.';
  }
  const why = boardBlocker(board, boards);
  if (why !== null) return why;
  if (memories.length > 0 && memories.every((memory) => !memory.full && !memory.partial)) {
    return 'Every partition is left out: include at least one in the table.';
  }
  return null;
}
