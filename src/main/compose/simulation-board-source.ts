import { BoardTracker } from '../engine/boards/board-tracker';
import type { BoardSource } from '../services/board-directory';
import type { Simulation } from './sim/start-simulation';
import { firmwareForSsbl } from '../virtual-board/board/firmware-for-ssbl';
import { boardForLayout } from './sim/board-for-layout';

/** The virtual board behind an enumeration's key (`virtual:<n>:<enumeration>`), by its number. */
export function simulatedBoardOfKey(
  simulation: Simulation,
  key: string,
): Simulation['boards'][number] | undefined {
  return simulation.boards.find((board) => key.startsWith(`virtual:${board.number}:`));
}

/**
 * A simulation's boards as a board source: tracked like real ones (`virtual-N`), each with its UART as its own
 * console (`virtual-N`, the board's number). Resolves once the boards on the bus are tracked.
 */
export async function simulationBoardSource(
  simulation: Simulation,
  options: {
    readonly autoFirmware: boolean;
    /** Board ids, where they must not repeat across simulations (the app's slot); else `virtual-1` on. */
    readonly newId?: () => string;
  },
): Promise<BoardSource & { close(): void }> {
  const tracker = new BoardTracker({
    backend: simulation.backend,
    idPrefix: 'virtual-',
    ...(options.newId === undefined ? {} : { newId: options.newId }),
  });
  const consoles = new Map<string, string>();
  const stop = tracker.onChange(() => {
    for (const board of tracker.boards()) {
      const simulated = board.entry === null ? undefined : simulatedBoardOfKey(simulation, board.entry.key);
      if (simulated !== undefined) consoles.set(board.id, `virtual-${simulated.number}`);
    }
  });
  await tracker.start();
  return {
    backend: simulation.backend,
    tracker,
    inProcess: true,
    consoleOf: (boardId) => consoles.get(boardId) ?? null,
    // When a run starts, the board boots firmware for that run's layout: built for the board the layout names
    // (its banner says so), and with `--sim-firmware auto` of the generation of its SSBL (`.stm32` 2019, FIP current).
    beforeRun: async (boardId, { ssblHead, layoutPath }) => {
      const key = tracker.get(boardId)?.entry?.key;
      const simulated = key === undefined ? undefined : simulatedBoardOfKey(simulation, key);
      if (simulated === undefined) return;
      const { board } = simulated;
      const named = boardForLayout(layoutPath, board.soc) ?? undefined;
      const wanted = options.autoFirmware ? firmwareForSsbl(ssblHead) : board.generation;
      // The 2019 flow exists for MP15 only: another SoC keeps today's firmware, which refuses the image itself.
      board.loadFirmware(wanted === '2019' && board.soc !== 'mp15' ? board.generation : wanted, named);
    },
    close: () => {
      stop();
      tracker.dispose();
    },
  };
}
