import { dfuInterfaceClass } from '../../protocol/dfu';
import type { DeviceIdentity } from '../../usb/device-identity';
import { isUsbError } from '../../usb/usb-error';
import { redirEndpointType, redirSpeed, redirStatus } from './usbredir-protocol';

/**
 * The bodies of what the device side announces about itself (usbredirproto.h layouts), from the board's
 * descriptors: one DFU interface, endpoint 0 only.
 */

/** ep_info: type, interval, interface per endpoint (0–15 OUT, 16–31 IN), then max packet sizes with cap 4. */
export function epInfoBody(ep0Size: number, withMaxPacketSize: boolean): Uint8Array {
  const bytes = new Uint8Array(96 + (withMaxPacketSize ? 64 : 0));
  bytes.fill(redirEndpointType.invalid, 0, 32);
  bytes[0] = redirEndpointType.control;
  bytes[16] = redirEndpointType.control;
  if (withMaxPacketSize) {
    const view = new DataView(bytes.buffer);
    view.setUint16(96, ep0Size, true);
    view.setUint16(96 + 32, ep0Size, true);
  }
  return bytes;
}

/** interface_info: a count, then number, class, subclass, protocol of each (here the DFU interface 0). */
export function interfaceInfoBody(): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * 32);
  new DataView(bytes.buffer).setUint32(0, 1, true);
  bytes[4] = 0;
  bytes[4 + 32] = dfuInterfaceClass.class;
  bytes[4 + 64] = dfuInterfaceClass.subClass;
  bytes[4 + 96] = dfuInterfaceClass.protocol;
  return bytes;
}

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
