import type { DeviceIdentity } from '../device-identity';
import type { UsbConfigurationDescriptor } from '../usb-descriptors';
import { UsbError } from '../usb-error';
import type { LibusbDevice } from './usb-module';

/** The active configuration of an opened device, in the seam's shape. */
export function configurationOf(device: LibusbDevice): UsbConfigurationDescriptor {
  const config = device.configDescriptor;
  if (config === undefined) throw new UsbError('not-found', 'the device has no active configuration');
  return {
    bConfigurationValue: config.bConfigurationValue,
    iConfiguration: config.iConfiguration,
    bmAttributes: config.bmAttributes,
    bMaxPower: config.bMaxPower,
    extra: config.extra,
    interfaces: config.interfaces.map((alternates) => alternates.map((alt) => ({ ...alt }))),
  };
}

/** Fills the strings the enumeration could not read (everywhere but Linux) from the opened device. */
export async function readIdentityStrings(
  device: LibusbDevice,
  known: DeviceIdentity,
): Promise<DeviceIdentity> {
  const read = (index: number): Promise<string | null> =>
    index === 0
      ? Promise.resolve(null)
      : new Promise((resolve) => {
          device.getStringDescriptor(index, (error, value) => resolve(error ? null : (value ?? null)));
        });
  const descriptor = device.deviceDescriptor;
  return {
    ...known,
    manufacturer: known.manufacturer ?? (await read(descriptor.iManufacturer)),
    product: (await read(descriptor.iProduct)) ?? known.product,
    serial: known.serial ?? (await read(descriptor.iSerialNumber)),
  };
}
