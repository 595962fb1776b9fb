import type { Readable } from 'node:stream';
import { FlasherError } from '../../shared/errors';
import type { BoardSource } from '../services/board-directory';
import type { SimOptions } from './sim/sim-options';
import { startSimulation, type Simulation, type SimulationContext } from './sim/start-simulation';
import { simulationBoardSource } from './simulation-board-source';

/** What an app offers a simulation: its board directory and its consoles. */
export interface SimulationHost {
  addSource(source: BoardSource): () => void;
  attachConsole(id: string, uart: Readable): void;
}

/**
 * The app's one simulation: started from `--sim` or from "Start a virtual board", put into the app through its
 * host (its boards tracked like real ones, each board's UART a console under `virtual-N`), closed with the app.
 * A second start while one runs or starts is refused (`VIRTUAL_BOARD_RUNNING`). Board ids are counted over the
 * app's life: a board of a later simulation never takes an id a client may still hold for an earlier one.
 */
export class SimulationSlot {
  readonly #host: SimulationHost;
  #running: { simulation: Simulation; source: BoardSource; close: () => void } | null = null;
  /** Claimed synchronously by `start`, before its first await: a second start at once is refused too. */
  #starting: Promise<unknown> | null = null;
  #boardCount = 0;

  constructor(host: SimulationHost) {
    this.#host = host;
  }

  /** Starts what `options` ask for (nothing without `--sim`); answers the boards' ids and the lines to show. */
  async start(
    options: SimOptions,
    context: SimulationContext = {},
  ): Promise<{ ids: string[]; messages: readonly string[] }> {
    if (this.#running !== null || this.#starting !== null) throw new FlasherError('VIRTUAL_BOARD_RUNNING');
    const starting = this.#start(options, context);
    this.#starting = starting;
    try {
      return await starting;
    } finally {
      this.#starting = null;
    }
  }

  async #start(
    options: SimOptions,
    context: SimulationContext,
  ): Promise<{ ids: string[]; messages: readonly string[] }> {
    const simulation = await startSimulation(options, context);
    if (simulation === null) return { ids: [], messages: [] };
    const source = await simulationBoardSource(simulation, {
      autoFirmware: options.simFirmware === 'auto',
      newId: () => `virtual-${++this.#boardCount}`,
    }).catch(async (error: unknown) => {
      await simulation.close();
      throw error;
    });
    for (const board of simulation.boards) this.#host.attachConsole(`virtual-${board.number}`, board.uart);
    const remove = this.#host.addSource(source);
    this.#running = {
      simulation,
      source,
      close: () => {
        remove();
        source.close();
      },
    };
    return { ids: source.tracker.boards().map((board) => board.id), messages: simulation.messages };
  }

  /**
   * `--sim-present`: plugs in the next board of the running simulation that waits outside its slot, and answers
   * its board id once tracked; null when no simulation runs or none waits.
   */
  async plugNext(): Promise<string[] | null> {
    const running = this.#running;
    const plugged = running?.simulation.plugNext() ?? null;
    if (running === null || plugged === null) return null;
    await running.source.tracker.settled();
    const board = running.source.tracker
      .boards()
      .find(
        (candidate) =>
          candidate.entry !== null && running.simulation.bus.boardOf(candidate.entry) === plugged.board,
      );
    return board === undefined ? [] : [board.id];
  }

  /** The running simulation's boards (a station runs on them), or null. */
  get source(): BoardSource | null {
    return this.#running?.source ?? null;
  }

  async close(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    this.#running?.close();
    await this.#running?.simulation.close();
    this.#running = null;
  }
}
