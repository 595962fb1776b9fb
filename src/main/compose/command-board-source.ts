import type { BoardSource } from '../services/board-directory';
import type { SimOptions } from './sim/sim-options';
import { startSimulation, type Simulation } from './sim/start-simulation';
import { libusbBoardSource } from './libusb-board-source';
import { simulationBoardSource } from './simulation-board-source';

/** The boards one CLI command sees: the `--sim` boards only when asked for (so `usbN` names the same board in `list` and `program`), else libusb's. */
export interface CommandBoards {
  readonly source: BoardSource;
  readonly simulation: Simulation | null;
  close(): Promise<void>;
}

/** Builds the command's board source and waits until the boards present now are tracked (their strings read). */
export async function openCommandBoards(options: SimOptions): Promise<CommandBoards> {
  const simulation = await startSimulation(options);
  if (simulation !== null) {
    const source = await simulationBoardSource(simulation, {
      autoFirmware: options.simFirmware === 'auto',
    }).catch(async (error: unknown) => {
      await simulation.close();
      throw error;
    });
    return {
      source,
      simulation,
      close: async () => {
        source.close();
        await simulation.close();
      },
    };
  }
  const source = libusbBoardSource();
  await source.tracker.start().catch(() => undefined);
  return { source, simulation: null, close: async () => source.close() };
}
