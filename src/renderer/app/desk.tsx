import { useState } from 'react';
import { ConsolePanel } from '../features/console/console-panel';
import { BoardsPanel } from '../features/devices/boards-panel';
import { DoctorPanel } from '../features/doctor/doctor-panel';
import { useBoardSelection } from '../features/devices/use-board-selection';
import { useBoards } from '../features/devices/use-boards';
import { LayoutPanel } from '../features/layout/layout-panel';
import { useLayout } from '../features/layout/use-layout';
import { ProgramPanel } from '../features/program/program-panel';
import { SettingsPanel } from '../features/settings/settings-panel';

interface Exclusions {
  readonly layoutPath: string | null;
  readonly lines: ReadonlySet<number>;
}

/** The desk: one board at a time (boards, layout, program, console, settings). */
export function Desk() {
  const boards = useBoards();
  const layout = useLayout();
  const { selected, select } = useBoardSelection(boards.boards);
  const [exclusions, setExclusions] = useState<Exclusions>({ layoutPath: null, lines: new Set() });

  // The console's port list is asked again when a board comes or goes, not on every countdown second.
  const boardIds = boards.boards.map((board) => board.id).join(' ');
  // Lines left out belong to one layout: opening another starts with every line included.
  const layoutPath = layout.report?.layout.path ?? null;
  const excludedLines = exclusions.layoutPath === layoutPath ? exclusions.lines : new Set<number>();
  const toggleLine = (line: number) => {
    const next = new Set(excludedLines);
    if (next.has(line)) next.delete(line);
    else next.add(line);
    setExclusions({ layoutPath, lines: next });
  };

  return (
    <main className="app-main">
      <div className="app-column">
        <BoardsPanel state={boards} selected={selected} onSelect={select} />
        <LayoutPanel layout={layout} excludedLines={excludedLines} onToggleLine={toggleLine} />
      </div>
      <div className="app-column">
        <ProgramPanel
          report={layout.report}
          excludedLines={excludedLines}
          board={selected}
          boards={boards.boards}
        />
        <ConsolePanel refreshKey={boardIds} />
        <SettingsPanel boards={boards.boards} />
        <DoctorPanel />
      </div>
    </main>
  );
}
