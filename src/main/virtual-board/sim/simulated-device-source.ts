import { revisionOfProduct, type DeviceSummary } from '../../../shared/contract/devices';
import { formatPortPath } from '../../usb/device-identity';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { Simulation } from './start-simulation';

/**
 * The virtual boards as a device source for the app's device list (the shape of the services'
 * `DeviceSource`): one summary per board on the bus, marked virtual, with its stage and SoC.
 */
export function simulatedDeviceSource(simulation: Simulation): {
  list(): readonly DeviceSummary[];
  onChange(listener: () => void): () => void;
  /** The board listed as `virtual-N`, as it is on the bus now, with its UART's console id (the same id). */
  locate(deviceId: string): Promise<{ backend: UsbBackend; entry: UsbDeviceEntry; consoleId: string } | null>;
} {
  const present = new Map<string, DeviceSummary>();
  const listeners = new Set<() => void>();
  const refresh = async (): Promise<void> => {
    const entries = await simulation.backend.list();
    present.clear();
    for (const entry of entries) {
      const simulated = simulation.boards.find((candidate) =>
        entry.key.startsWith(`virtual:${candidate.number}:`),
      );
      const { identity } = entry;
      present.set(entry.key, {
        id: `virtual-${simulated?.number ?? 0}`,
        virtual: true,
        vendorId: identity.vendorId,
        productId: identity.productId,
        product: identity.product,
        serial: identity.serial,
        portPath: formatPortPath(identity),
        speed: identity.speed,
        stage: simulated?.board.stage ?? null,
        soc: simulated?.board.soc ?? null,
        revision: revisionOfProduct(identity.product),
        openable: !(simulated?.board.openRefused ?? false),
      });
    }
    for (const listener of listeners) listener();
  };
  const update = (): void => void refresh();
  simulation.backend.on('attach', update);
  simulation.backend.on('detach', update);
  void refresh();
  return {
    list: () => [...present.values()],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async locate(deviceId) {
      const number = /^virtual-(\d+)$/.exec(deviceId)?.[1];
      if (number === undefined) return null;
      const entry = (await simulation.backend.list()).find((candidate) =>
        candidate.key.startsWith(`virtual:${number}:`),
      );
      return entry === undefined ? null : { backend: simulation.backend, entry, consoleId: deviceId };
    },
  };
}
