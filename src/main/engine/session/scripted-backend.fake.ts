import type { DeviceIdentity } from '../../usb/device-identity';
import { fakeUbootIdentity } from '../dfu/dfu-transport.fake';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { UsbError } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';

/** For the session's unit tests: a device entry with the identity fields a test cares about. */
export function entry(key: string, identity: Partial<DeviceIdentity> = {}): UsbDeviceEntry {
  return {
    key,
    identity: { ...fakeUbootIdentity, ...identity },
  };
}

/**
 * A scripted bus: `present` is what `list` answers (a test changes it between polls, or `timeline` does on its own
 * after N lists); `open` answers the transport the test made for an entry, or refuses.
 */
export class ScriptedBackend implements UsbBackend {
  present: UsbDeviceEntry[];
  readonly transports = new Map<string, () => UsbTransport>();
  readonly refused = new Set<string>();
  lists = 0;
  readonly #timeline: ((backend: ScriptedBackend) => void)[];

  constructor(present: UsbDeviceEntry[], timeline: ((backend: ScriptedBackend) => void)[] = []) {
    this.present = present;
    this.#timeline = timeline;
  }

  async list(): Promise<readonly UsbDeviceEntry[]> {
    this.#timeline[this.lists]?.(this);
    this.lists += 1;
    return [...this.present];
  }

  on(): () => void {
    return () => undefined;
  }

  async open(device: UsbDeviceEntry): Promise<UsbTransport> {
    if (this.refused.has(device.key)) throw new UsbError('access', 'LIBUSB_ERROR_ACCESS');
    const make = this.transports.get(device.key);
    if (make === undefined) throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE');
    return make();
  }
}

/** A GetPhase answer: phase, address (LE), offset 0, then extra bytes. */
export function phaseBytes(phase: number, extra: readonly number[] = [], address = 0xffffffff): Uint8Array {
  const bytes = new Uint8Array(9 + extra.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = phase;
  view.setUint32(1, address, true);
  bytes.set(extra, 9);
  return bytes;
}
