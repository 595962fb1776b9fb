import { useState } from 'react';
import type { BoardSummary } from '../../../shared/contract';

export interface BoardSelection {
  readonly selected: BoardSummary | null;
  readonly select: (id: string) => void;
}

/**
 * The board Program writes to, chosen by its id (stable across re-enumerations, so a run's stage changes
 * never lose it): the one chosen while it is listed, else the only board there is.
 */
export function useBoardSelection(boards: readonly BoardSummary[]): BoardSelection {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected =
    boards.find((board) => board.id === selectedId) ?? (boards.length === 1 ? (boards[0] ?? null) : null);
  return { selected, select: setSelectedId };
}
