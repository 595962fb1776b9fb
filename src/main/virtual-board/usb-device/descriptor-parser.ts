import { usbDescriptorType } from '../../protocol/dfu';
import type {
  UsbConfigurationDescriptor,
  UsbDeviceDescriptor,
  UsbInterfaceDescriptor,
} from '../../usb/usb-descriptors';

const u16 = (bytes: Uint8Array, at: number): number => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);

/** Parses an 18-byte device descriptor into the seam's structure. */
export function parseDeviceDescriptor(bytes: Uint8Array): UsbDeviceDescriptor {
  return {
    bcdUSB: u16(bytes, 2),
    bDeviceClass: bytes[4] ?? 0,
    bDeviceSubClass: bytes[5] ?? 0,
    bDeviceProtocol: bytes[6] ?? 0,
    bMaxPacketSize0: bytes[7] ?? 0,
    idVendor: u16(bytes, 8),
    idProduct: u16(bytes, 10),
    bcdDevice: u16(bytes, 12),
    iManufacturer: bytes[14] ?? 0,
    iProduct: bytes[15] ?? 0,
    iSerialNumber: bytes[16] ?? 0,
    bNumConfigurations: bytes[17] ?? 0,
  };
}

/** Parses a full configuration descriptor: interfaces grouped by number, class descriptors into `extra`. */
export function parseConfigurationDescriptor(bytes: Uint8Array): UsbConfigurationDescriptor {
  const interfaces: { alt: Omit<UsbInterfaceDescriptor, 'extra'>; extra: number[] }[][] = [];
  const configExtra: number[] = [];
  let current: { extra: number[] } | null = null;
  for (let at = bytes[0] ?? 9; at < bytes.length;) {
    const length = bytes[at] ?? 0;
    if (length === 0) break;
    const type = bytes[at + 1];
    if (type === usbDescriptorType.interface) {
      const number = bytes[at + 2] ?? 0;
      const entry = {
        alt: {
          bInterfaceNumber: number,
          bAlternateSetting: bytes[at + 3] ?? 0,
          bNumEndpoints: bytes[at + 4] ?? 0,
          bInterfaceClass: bytes[at + 5] ?? 0,
          bInterfaceSubClass: bytes[at + 6] ?? 0,
          bInterfaceProtocol: bytes[at + 7] ?? 0,
          iInterface: bytes[at + 8] ?? 0,
        },
        extra: [],
      };
      (interfaces[number] ??= []).push(entry);
      current = entry;
    } else {
      (current?.extra ?? configExtra).push(...bytes.subarray(at, at + length));
    }
    at += length;
  }
  return {
    bConfigurationValue: bytes[5] ?? 0,
    iConfiguration: bytes[6] ?? 0,
    bmAttributes: bytes[7] ?? 0,
    bMaxPower: bytes[8] ?? 0,
    interfaces: interfaces.map((alts) =>
      alts.map(({ alt, extra }) => ({ ...alt, extra: Uint8Array.from(extra) })),
    ),
    extra: Uint8Array.from(configExtra),
  };
}
