import type { BoardSummary } from '../../../shared/contract';
import { BoardAccessNote } from './board-access-note';
import { socName, speedLabel } from './board-names';
import { BoardStateBadge } from './board-state-badge';

interface Props {
  readonly board: BoardSummary;
  readonly selected: boolean;
  readonly onSelect: () => void;
  /** Why it cannot be picked now (it is in a run), else null. */
  readonly busyReason: string | null;
  readonly nickname: string | null;
  readonly platform: string;
}

/** One board: what it is, what it is doing, where, how fast its link is, and what is wrong with it. */
export function BoardRow({ board, selected, onSelect, busyReason, nickname, platform }: Props) {
  const soc = socName(board);
  const inputId = `board-${board.id}`;
  const describedBy = busyReason === null ? `${inputId}-facts` : `${inputId}-facts ${inputId}-busy`;
  return (
    <li className={selected ? 'device-row device-selected' : 'device-row'} data-board-id={board.id}>
      <label htmlFor={inputId} className="device-choice">
        <input
          id={inputId}
          type="radio"
          name="board"
          checked={selected}
          disabled={busyReason !== null}
          onChange={() => busyReason === null && onSelect()}
          aria-describedby={describedBy}
        />
        <span className="device-name">
          {nickname === null ? soc : `${nickname} (${soc})`}
          {board.revision !== null && <span className="device-stage"> rev. {board.revision}</span>}
          {board.virtual && <span className="badge">virtual</span>}
          {board.stage !== null && <span className="device-stage"> · {board.stage}</span>}
        </span>
        <BoardStateBadge board={board} />
      </label>
      <span className="device-facts" id={`${inputId}-facts`}>
        serial {board.serial ?? 'none'} · slot {board.slot} · {speedLabel(board)}
        {board.product === null ? '' : ` · ${board.product}`}
      </span>
      {busyReason !== null && (
        <p className="board-busy" id={`${inputId}-busy`}>
          {busyReason}
        </p>
      )}
      {board.speed === 'full' && (
        <p className="device-warning" role="note">
          <strong>Full Speed link (12 Mbit/s)</strong>: programming will be about 40 times slower, and a stage
          change may take longer than the reconnect deadline. Connect the board directly to a USB 2.0 or 3.x
          port of this computer, without a hub or a virtual machine's USB 1.1 controller.
        </p>
      )}
      <BoardAccessNote board={board} platform={platform} />
    </li>
  );
}
