import { BoardTracker } from '../engine/boards/board-tracker';
import type { BoardSource } from '../services/board-directory';
import type { Simulation } from './sim/start-simulation';
import { firmwareForSsbl } from '../virtual-board/board/firmware-for-ssbl';

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
    // `--sim-firmware auto`: the board boots the generation of the run's SSBL (`.stm32` 2019, FIP current),
    // decided when that run starts, from that run's layout.
    beforeRun: async (boardId, ssblHead) => {
      const key = tracker.get(boardId)?.entry?.key;
      const simulated = key === undefined ? undefined : simulatedBoardOfKey(simulation, key);
      if (!options.autoFirmware || simulated === undefined) return;
      const generation = firmwareForSsbl(ssblHead);
      // The 2019 flow exists for MP15 only: another SoC keeps today's firmware, which refuses the image itself.
      if (generation === '2019' && simulated.board.soc !== 'mp15') return;
      simulated.board.loadFirmware(generation);
    },
    close: () => {
      stop();
      tracker.dispose();
    },
  };
}
