import type { DeviceIdentity } from '../../usb/device-identity';
import type { UsbTransport } from '../../usb/usb-transport';

/**
 * A board's identity as its open handle gives it: the strings the listing lacked (npm `usb` 2.18 reads none before
 * opening on Windows and macOS) read from the device itself. Speed stays what the bus said (`unknown` there).
 */
export async function openedIdentity(transport: UsbTransport): Promise<DeviceIdentity> {
  const known = transport.identity;
  if (known.product !== null) return known;
  const read = async (index: number): Promise<string | null> =>
    index === 0 ? null : transport.getStringDescriptor(index).catch(() => null);
  const descriptor = transport.deviceDescriptor;
  return {
    ...known,
    manufacturer: known.manufacturer ?? (await read(descriptor.iManufacturer)),
    product: await read(descriptor.iProduct),
    serial: known.serial ?? (await read(descriptor.iSerialNumber)),
  };
}
