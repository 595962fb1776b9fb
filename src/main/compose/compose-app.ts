import type { Soc } from '../../shared/board';
import { createServices, type ServiceOptions, type Services } from '../services/create-services';
import { BoardDirectory } from '../services/board-directory';
import type { FileAccessPolicy } from '../services/file-access-policy';
import type { SimOptions } from './sim/sim-options';
import { defaultSimOptions } from './sim/sim-options';
import { libusbBoardSource } from './libusb-board-source';
import { SimulationSlot } from './simulation-slot';
import { openStation, StationRefused, type OpenedStation } from './open-station';
import { FlasherError } from '../../shared/errors';
import { hostVirtualMachine } from '../engine/host/host-facts';

export type AppOptions = Omit<ServiceOptions, 'boards' | 'startVirtualBoard' | 'fileAccess'> & {
  /** What the contract may read on a client's word; every front end decides (serve: folders, Electron: chosen files). */
  readonly fileAccess: FileAccessPolicy;
  /** Lines to show the person (where virtual boards keep their memories). */
  readonly say?: (line: string) => void;
};

export interface App {
  readonly services: Services;
  /** Starts the `--sim` boards (nothing without `--sim`); throws a user-facing Error on bad options. */
  startSimulation(options: SimOptions): Promise<void>;
  /**
   * `serve --station <recipe>`: a station on the `--sim` boards if they run, else on the real ones. Throws
   * `StationRefused` (the recipe's problems) or a user-facing Error.
   */
  startStation(recipePath: string): Promise<OpenedStation>;
  close(): Promise<void>;
}

/**
 * The app as both front ends build it (the browser shell's `serve` and the Electron window): the services over one
 * board directory holding real boards (libusb) and, on demand, virtual ones, in one place.
 */
export function composeApp(options: AppOptions): App {
  const boards = new BoardDirectory();
  const libusb = libusbBoardSource();
  boards.addSource(libusb);
  const say = options.say ?? (() => undefined);
  const simulations = new SimulationSlot({
    addSource: (source) => boards.addSource(source),
    attachConsole: (id, uart) => services.consoles.attachStream(id, uart),
  });
  const services = createServices({
    virtualMachine: hostVirtualMachine,
    ...options,
    boards,
    openStation: async (recipePath) => {
      await app.startStation(recipePath);
    },
    teachStation: async (on) => {
      if (station === null) throw new FlasherError('NO_STATION');
      return station.teach(on);
    },
    // "Start a virtual board": one board beside the real ones, to learn the tool without hardware.
    startVirtualBoard: async (soc: Soc) => {
      // A station's simulation with empty slots (`--sim-present`): the next board is plugged into its slot.
      const plugged = await simulations.plugNext();
      if (plugged !== null) return plugged;
      const started = await simulations.start(defaultSimOptions(soc));
      for (const message of started.messages) say(message);
      return started.ids;
    },
  });
  let station: OpenedStation | null = null;
  const app: App = {
    services,
    async startStation(recipePath) {
      station = await openStation(recipePath, simulations.source ?? libusb, {
        cwd: options.cwd,
        consoles: services.consoles,
      }).catch((error: unknown) => {
        if (error instanceof StationRefused) throw new FlasherError('RECIPE_REFUSED', error.message);
        throw error;
      });
      station.runner.start();
      services.attachStation(station.runner);
      return station;
    },
    async startSimulation(simOptions) {
      const started = await simulations.start(simOptions);
      for (const message of started.messages) say(message);
    },
    async close() {
      await station?.close();
      services.dispose();
      libusb.close();
      await simulations.close();
    },
  };
  return app;
}
