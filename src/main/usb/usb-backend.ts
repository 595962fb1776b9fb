import type { DeviceIdentity } from './device-identity';
import type { UsbTransport } from './usb-transport';

/** A device seen on the bus, not opened. `key` is unique per enumeration: a re-enumerated board gets a new one. */
export interface UsbDeviceEntry {
  readonly key: string;
  readonly identity: DeviceIdentity;
  /**
   * Known before opening that the host refuses it (Linux: its device node is not readable and writable by this
   * user, so `open` would answer LIBUSB_ERROR_ACCESS): what the host says and what to do. Absent otherwise.
   */
  readonly openRefusal?: { readonly message: string; readonly hint: string };
}

export type UsbBackendEvent = 'attach' | 'detach';

/**
 * A known reason this host will not see a board arrive again after it leaves the bus. `udev-not-running`: npm
 * `usb`'s libusb is built with udev and learns of new devices only from udevd's events; with no udevd (a
 * container, a minimal system) a re-enumerated board stays invisible to it (found by the usb-stack tests).
 */
export type HotplugProblem = 'udev-not-running';

/** A source of USB devices: libusb for real hardware, the virtual board farm for `--sim`. */
export interface UsbBackend {
  /** Devices present now, without opening any. */
  list(): Promise<readonly UsbDeviceEntry[]>;
  /** Subscribes to arrivals or departures; answers the unsubscribe function. */
  on(event: UsbBackendEvent, listener: (device: UsbDeviceEntry) => void): () => void;
  /**
   * Opens a listed device. Rejects with `UsbError`: `no-device` when it has gone, `access` (Linux udev
   * rule, macOS permission) or `not-supported` (Windows driver) when the host refuses it.
   */
  open(device: UsbDeviceEntry): Promise<UsbTransport>;
  /** Checked when a run starts: a reason re-enumerated boards will not be seen, or null (also when unknown). */
  hotplugProblem?(): HotplugProblem | null;
}
