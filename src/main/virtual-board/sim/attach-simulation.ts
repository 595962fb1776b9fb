import type { Readable } from 'node:stream';
import type { DeviceSummary } from '../../../shared/contract/devices';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { simulatedDeviceSource } from './simulated-device-source';
import type { Simulation } from './start-simulation';

/** What an app offers a simulation (the shapes of its device directory, board locators and consoles). */
export interface SimulationHost {
  addSource(source: { list(): readonly DeviceSummary[]; onChange(listener: () => void): () => void }): void;
  addLocator(
    locate: (
      deviceId: string,
    ) => Promise<{ backend: UsbBackend; entry: UsbDeviceEntry; consoleId: string | null } | null>,
  ): void;
  attachConsole(id: string, uart: Readable): void;
}

/**
 * Puts running virtual boards into an app: listed with the real ones, found again by `program.start`, and each
 * board's UART a console under the board's own id (`virtual-N`). Answers the ids.
 */
export function attachSimulation(simulation: Simulation, host: SimulationHost): string[] {
  const source = simulatedDeviceSource(simulation);
  host.addSource(source);
  host.addLocator((deviceId) => source.locate(deviceId));
  const ids = simulation.boards.map((board) => `virtual-${board.number}`);
  for (const board of simulation.boards) host.attachConsole(`virtual-${board.number}`, board.uart);
  return ids;
}
