import { EventEmitter } from 'node:events';
import type { UsbBackend, UsbBackendEvent, UsbDeviceEntry } from '../../../usb/usb-backend';
import { UsbError } from '../../../usb/usb-error';
import type { UsbTransport } from '../../../usb/usb-transport';
import { packetType } from '../usbredir-protocol';
import type { RedirGuest } from './usbredir-guest';

/**
 * Test support: the devices a usb-guest sees, as a `UsbBackend` (what QEMU plus the guest kernel would list),
 * so the conformance hosts can run a whole board over usbredir. Each device_connect is an attach; each
 * device_disconnect a detach, acknowledged at once as QEMU does.
 */
export class RedirGuestBackend implements UsbBackend {
  readonly #guest: RedirGuest;
  readonly #events = new EventEmitter();
  #current: UsbDeviceEntry | null = null;
  #connects = 0;

  /**
   * `resetsAfterConnect`: port resets sent after each device_connect, as the Linux kernel sends while it
   * enumerates a new device (four per enumeration were seen from QEMU 7.2's xHCI).
   */
  constructor(guest: RedirGuest, options: { readonly resetsAfterConnect?: number } = {}) {
    this.#guest = guest;
    guest.onPacket((packet) => {
      if (packet.type === packetType.deviceConnect) {
        for (let n = 0; n < (options.resetsAfterConnect ?? 0); n++) guest.send(packetType.reset);
        const body = Buffer.from(packet.body);
        this.#connects++;
        this.#current = {
          key: `redir:${this.#connects}`,
          identity: {
            vendorId: body.readUInt16LE(4),
            productId: body.readUInt16LE(6),
            bcdDevice: body.length >= 10 ? body.readUInt16LE(8) : 0,
            manufacturer: null,
            product: null,
            serial: null,
            busNumber: 1,
            portNumbers: [1],
            speed: body[0] === 1 ? 'full' : 'high',
            virtual: false,
          },
        };
        this.#events.emit('attach', this.#current);
      } else if (packet.type === packetType.deviceDisconnect) {
        const gone = this.#current;
        this.#current = null;
        guest.send(packetType.deviceDisconnectAck);
        if (gone) this.#events.emit('detach', gone);
      }
    });
  }

  /** How many device_connect packets were seen. */
  get connects(): number {
    return this.#connects;
  }

  async list(): Promise<readonly UsbDeviceEntry[]> {
    return this.#current ? [this.#current] : [];
  }

  on(event: UsbBackendEvent, listener: (device: UsbDeviceEntry) => void): () => void {
    this.#events.on(event, listener);
    return () => this.#events.off(event, listener);
  }

  async open(device: UsbDeviceEntry): Promise<UsbTransport> {
    if (device !== this.#current) throw new UsbError('no-device', 'the device has been disconnected');
    return this.#guest.open();
  }
}
