import type { DeviceIdentity } from '../../../usb/device-identity';
import type { UsbConfigurationDescriptor, UsbDeviceDescriptor } from '../../../usb/usb-descriptors';
import { UsbError } from '../../../usb/usb-error';
import type { ControlSetup, UsbTransport } from '../../../usb/usb-transport';
import { packetType, redirStatus } from '../usbredir-protocol';
import type { RedirGuest } from './usbredir-guest';

const statusError = (status: number): UsbError =>
  status === redirStatus.stall
    ? new UsbError('stall', 'STALL over usbredir')
    : status === redirStatus.timeout
      ? new UsbError('timeout', 'timeout over usbredir')
      : new UsbError('io', `usbredir status ${status}`);

/** Test support: the device a `RedirGuest` has connected, read as a host would (`RedirGuest.open`). */
export class GuestTransport implements UsbTransport {
  readonly #guest: RedirGuest;

  constructor(
    guest: RedirGuest,
    readonly deviceDescriptor: UsbDeviceDescriptor,
    readonly configurationDescriptor: UsbConfigurationDescriptor,
    readonly identity: DeviceIdentity,
  ) {
    this.#guest = guest;
  }

  async getStringDescriptor(index: number): Promise<string | null> {
    return index === 0 ? null : this.#guest.string(index);
  }

  async claimInterface(): Promise<void> {
    // usbredir has no claim: QEMU claims on the guest kernel's behalf.
  }

  async releaseInterface(): Promise<void> {
    // Nothing to release (see claimInterface).
  }

  async setAlternateSetting(iface: number, alt: number): Promise<void> {
    const [status] = await this.#guest.setAltSetting(iface, alt);
    if (status !== 0) throw statusError(status ?? 255);
  }

  async controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array> {
    const answer = await this.#guest.control(setup, length, timeoutMs);
    if (answer.status !== 0) throw statusError(answer.status);
    return answer.data;
  }

  async controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number> {
    const answer = await this.#guest.control(setup, data, timeoutMs);
    if (answer.status !== 0) throw statusError(answer.status);
    return data.length;
  }

  async bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number> {
    const answer = await this.#guest.bulk(endpoint, data, timeoutMs);
    if (answer.status !== 0) throw statusError(answer.status);
    return answer.length;
  }

  async bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    const answer = await this.#guest.bulk(endpoint, length, timeoutMs);
    if (answer.status !== 0) throw statusError(answer.status);
    return answer.data;
  }

  async reset(): Promise<void> {
    this.#guest.send(packetType.reset);
  }

  async close(): Promise<void> {
    // The guest owns the connection; a transport is one view of it.
  }
}
