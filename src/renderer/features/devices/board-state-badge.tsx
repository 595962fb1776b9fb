import type { BoardState, BoardSummary } from '../../../shared/contract';
import { stageNames } from '../program/stage-names';

/** The state in a word; its colour comes from `board-state-<state>` in theme.css, never alone. */
const stateWords: Record<BoardState, string> = {
  idle: 'idle',
  programming: 'programming',
  're-enumerating': 're-enumerating',
  passed: 'passed',
  failed: 'failed',
  gone: 'gone',
};

/**
 * `programming`, `passed`…; while re-enumerating, `re-enumerating — back as TF-A within 12 s`, the seconds
 * as the server last sent them (it updates them every second: no timer here).
 */
export function boardStateText(board: Pick<BoardSummary, 'state' | 'reconnect'>): string {
  if (board.state === 're-enumerating' && board.reconnect !== null) {
    const { expectedStage, secondsLeft } = board.reconnect;
    return `re-enumerating — back as ${stageNames[expectedStage]} within ${secondsLeft} s`;
  }
  return stateWords[board.state];
}

export function BoardStateBadge({ board }: { board: BoardSummary }) {
  return <span className={`board-state board-state-${board.state}`}>{boardStateText(board)}</span>;
}
