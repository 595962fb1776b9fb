import type { BoardSummary } from '../../../shared/contract';
import { useAppInfo } from '../../app/use-app-info';
import { useSettings } from '../settings/settings-context';
import { boardBusyReason } from './board-busy';
import { BoardRow } from './board-row';
import { NoBoardGuidance } from './no-board-guidance';
import { VirtualMachineNote } from './virtual-machine-note';
import type { BoardsState } from './use-boards';

interface Props {
  readonly state: BoardsState;
  readonly selected: BoardSummary | null;
  readonly onSelect: (id: string) => void;
}

/**
 * The live list of boards, real and virtual, in the server's order (by slot) and keyed by board id: a board
 * that re-enumerates keeps its row. The one selected is the one Program writes to.
 */
export function BoardsPanel({ state, selected, onSelect }: Props) {
  const { boards, loaded, error } = state;
  const info = useAppInfo();
  const { settings } = useSettings();
  return (
    <section className="panel" aria-labelledby="boards-heading">
      <h2 id="boards-heading">Boards</h2>
      <VirtualMachineNote virtualMachine={info?.virtualMachine} />
      {error !== null && <p role="alert">Could not list boards: {error}</p>}
      {loaded && boards.length === 0 && error === null && <NoBoardGuidance />}
      <ul className="device-list" aria-label="Boards">
        {boards.map((board) => (
          <BoardRow
            key={board.id}
            board={board}
            selected={selected?.id === board.id}
            onSelect={() => onSelect(board.id)}
            busyReason={boardBusyReason(board, boards)}
            nickname={board.serial === null ? null : (settings.nicknames[board.serial] ?? null)}
            platform={info?.platform ?? 'linux'}
          />
        ))}
      </ul>
    </section>
  );
}
