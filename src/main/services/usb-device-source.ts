import type { Stage } from '../../shared/board';
import type { DeviceSummary } from '../../shared/contract';
import { revisionOfProduct } from '../../shared/contract/devices';
import { socOfProduct } from '../engine/session/board-reading';
import { formatPortPath } from '../usb/device-identity';
import type { UsbBackend, UsbDeviceEntry } from '../usb/usb-backend';
import { isUsbError, type UsbError } from '../usb/usb-error';
import type { DeviceSource } from './device-directory';
import type { BoardLocator } from './session-runner';

/**
 * The stage a product string names without opening the board (spec §2.1): the ROM says `DFU in HS Mode`,
 * TF-A `DFU @Device ID`, U-Boot `USB download gadget`, which cannot tell its two enumerations apart (null).
 */
export function stageOfProduct(product: string | null): Stage | null {
  if (product === null) return null;
  if (/^DFU in [HF]S Mode/.test(product)) return 'rom';
  if (product.startsWith('DFU @Device ID')) return 'tfa';
  return null;
}

/** The id a board keeps in the app's list while it stays on one port: its serial, else its port path. */
export function deviceIdOf(entry: UsbDeviceEntry): string {
  return entry.identity.serial === null
    ? `usb:port:${formatPortPath(entry.identity)}`
    : `usb:serial:${entry.identity.serial}`;
}

function summarize(entry: UsbDeviceEntry, unopenable: ReadonlySet<string>): DeviceSummary {
  const { identity } = entry;
  return {
    id: deviceIdOf(entry),
    virtual: identity.virtual,
    vendorId: identity.vendorId,
    productId: identity.productId,
    product: identity.product,
    serial: identity.serial,
    portPath: formatPortPath(identity),
    speed: identity.speed,
    stage: stageOfProduct(identity.product),
    soc: socOfProduct(identity.product),
    revision: revisionOfProduct(identity.product),
    openable: !unopenable.has(entry.key),
  };
}

/**
 * A `UsbBackend` (libusb, or any other) as a source of the app's device list: refreshed on every attach and
 * detach. A board whose open was refused by the host (driver, udev, VM filter) stays listed as unopenable.
 */
export function usbDeviceSource(backend: UsbBackend): DeviceSource & {
  markUnopenable(entry: UsbDeviceEntry, error: UsbError): void;
  /** The board behind an id of this source's list, as it is on the bus now. */
  locate: BoardLocator;
  dispose(): void;
} {
  let present: readonly UsbDeviceEntry[] = [];
  const unopenable = new Set<string>();
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const refresh = async () => {
    present = await backend.list().catch(() => []);
    notify();
  };
  const stops = [backend.on('attach', () => void refresh()), backend.on('detach', () => void refresh())];
  void refresh();
  return {
    list: () => present.map((entry) => summarize(entry, unopenable)),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    markUnopenable(entry, error) {
      if (isUsbError(error, 'access') || isUsbError(error, 'not-supported') || isUsbError(error, 'busy')) {
        unopenable.add(entry.key);
        notify();
      }
    },
    locate: async (deviceId) => {
      const entry = (await backend.list()).find((candidate) => deviceIdOf(candidate) === deviceId);
      return entry === undefined ? null : { backend, entry, consoleId: null };
    },
    dispose: () => stops.forEach((stop) => stop()),
  };
}
