import type { DeviceIdentity } from '../device-identity';
import type { UsbDeviceEntry } from '../usb-backend';
import { openRefusalHint } from './open-refusal-hints';
import type { ReadDeviceAttributes } from './sysfs-device-attributes';
import type { LibusbDevice } from './usb-module';

/**
 * Unique per enumeration: the bus, the port path, and the address the host gave the device (a
 * re-enumerated board gets a new address, so a new key).
 */
export function libusbDeviceKey(device: LibusbDevice): string {
  const ports = device.portNumbers ?? [];
  return `usb:${device.busNumber}-${ports.length === 0 ? '?' : ports.join('.')}@${device.deviceAddress}`;
}

/** The identity of an enumerated device, without opening it (strings and speed from sysfs on Linux). */
export async function libusbDeviceEntry(
  device: LibusbDevice,
  readAttributes: ReadDeviceAttributes,
): Promise<UsbDeviceEntry> {
  const portNumbers = [...(device.portNumbers ?? [])];
  const attributes = await readAttributes(device.busNumber, portNumbers).catch(() => null);
  const descriptor = device.deviceDescriptor;
  const identity: DeviceIdentity = {
    vendorId: descriptor.idVendor,
    productId: descriptor.idProduct,
    bcdDevice: descriptor.bcdDevice,
    manufacturer: attributes?.manufacturer ?? null,
    product: attributes?.product ?? null,
    serial: attributes?.serial ?? null,
    busNumber: device.busNumber,
    portNumbers,
    speed: attributes?.speed ?? 'unknown',
    virtual: false,
  };
  const key = libusbDeviceKey(device);
  if (attributes?.nodeRefused !== true) return { key, identity };
  // Only Linux's sysfs reader tells it.
  const message = `LIBUSB_ERROR_ACCESS: this user may not open ${key}'s device node (no udev rule)`;
  return { key, identity, openRefusal: { message, hint: openRefusalHint('access', 'linux') } };
}
