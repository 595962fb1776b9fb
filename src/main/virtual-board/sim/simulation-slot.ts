import { FlasherError } from '../../../shared/errors';
import { attachSimulation, type SimulationHost } from './attach-simulation';
import type { SimOptions } from './sim-options';
import { startSimulation, type Simulation, type SimulationContext } from './start-simulation';

/**
 * The app's one simulation: started from `--sim` or from "Start a virtual board", put into the app through its
 * host, closed with the app. A second start while one runs is refused (`VIRTUAL_BOARD_RUNNING`).
 */
export class SimulationSlot {
  readonly #host: SimulationHost;
  #simulation: Simulation | null = null;

  constructor(host: SimulationHost) {
    this.#host = host;
  }

  /** Starts what `options` ask for (nothing without `--sim`); answers the boards' ids and the lines to show. */
  async start(
    options: SimOptions,
    context: SimulationContext,
  ): Promise<{ ids: string[]; messages: readonly string[] }> {
    if (this.#simulation !== null) throw new FlasherError('VIRTUAL_BOARD_RUNNING');
    const simulation = await startSimulation(options, context);
    if (simulation === null) return { ids: [], messages: [] };
    this.#simulation = simulation;
    return { ids: attachSimulation(simulation, this.#host), messages: simulation.messages };
  }

  async close(): Promise<void> {
    await this.#simulation?.close();
  }
}
