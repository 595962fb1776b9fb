import type { BoardSummary } from '../../../shared/contract';
import { boardTitle } from '../devices/board-names';
import type { RunState } from './run-state';

interface Props {
  readonly run: RunState;
  /** The board of the run (while it lasts and after), else the one selected. */
  readonly board: BoardSummary | null;
}

function verb(run: RunState): string {
  if (run.phase === 'starting' || run.phase === 'running') return 'Programming';
  if (run.result === null) return 'Board to program:';
  if (run.result.ok) return 'Programmed';
  return run.result.code === 'CANCELLED' ? 'Cancelled on' : 'Failed on';
}

/** Which board Program writes (or wrote) to: "Programming STM32MP15 · 0036004A… · slot 1-2". */
export function ProgramTarget({ run, board }: Props) {
  if (board === null) return null;
  return (
    <p className="program-target" data-board-id={board.id}>
      {verb(run)} <span className="program-target-board">{boardTitle(board)}</span>
    </p>
  );
}
