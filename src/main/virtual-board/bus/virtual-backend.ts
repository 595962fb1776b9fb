import type { UsbBackend, UsbBackendEvent, UsbDeviceEntry } from '../../usb/usb-backend';
import { UsbError } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';
import type { VirtualBus } from './virtual-bus';
import { VirtualTransport } from './virtual-transport';

/** The seam's `UsbBackend` over the virtual boards' bus. */
export class VirtualBackend implements UsbBackend {
  readonly #bus: VirtualBus;

  constructor(bus: VirtualBus) {
    this.#bus = bus;
  }

  async list(): Promise<readonly UsbDeviceEntry[]> {
    return this.#bus.entries();
  }

  on(event: UsbBackendEvent, listener: (device: UsbDeviceEntry) => void): () => void {
    return this.#bus.on(event, listener);
  }

  async open(device: UsbDeviceEntry): Promise<UsbTransport> {
    const board = this.#bus.boardOf(device);
    if (!board) throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE: the device is no longer on the bus');
    // `unopenable`: visible, but the host refuses it as with a missing udev rule or driver.
    if (board.openRefused) throw new UsbError('access', 'LIBUSB_ERROR_ACCESS: the device cannot be opened');
    return new VirtualTransport(board, device.identity);
  }
}
