import type { DeviceIdentity } from '../../usb/device-identity';
import { isUsbError } from '../../usb/usb-error';
import { redirSpeed, redirStatus } from './usbredir-protocol';

/** The bodies of what the device side announces about itself (usbredirproto.h layouts), and statuses. */

/**
 * device_connect: speed (full under the `full-speed` fault, else high), the device class triple from the
 * device descriptor, vendor, product, and bcdDevice with cap 1.
 */
export function deviceConnectBody(
  identity: DeviceIdentity,
  deviceDescriptor: Uint8Array,
  withVersion: boolean,
): Uint8Array {
  const bytes = new Uint8Array(withVersion ? 10 : 8);
  const view = new DataView(bytes.buffer);
  bytes[0] = identity.speed === 'full' ? redirSpeed.full : redirSpeed.high;
  bytes.set(deviceDescriptor.subarray(4, 7), 1);
  view.setUint16(4, identity.vendorId, true);
  view.setUint16(6, identity.productId, true);
  if (withVersion) view.setUint16(8, identity.bcdDevice, true);
  return bytes;
}

/** A failed transfer's usbredir status; null when the device has left (no reply: it is dropped). */
export function statusOf(error: unknown): number | null {
  if (isUsbError(error, 'no-device')) return null;
  if (isUsbError(error, 'stall')) return redirStatus.stall;
  if (isUsbError(error, 'timeout')) return redirStatus.timeout;
  return redirStatus.ioerror;
}

/** `0483:df11 bcdDevice 0200 high speed`: a device_connect as the log shows it. */
export function describeConnect(identity: DeviceIdentity): string {
  const hex = (value: number): string => value.toString(16).padStart(4, '0');
  return `${hex(identity.vendorId)}:${hex(identity.productId)} bcdDevice ${hex(identity.bcdDevice)} ${identity.speed} speed`;
}
