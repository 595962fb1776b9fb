import type { DeviceIdentity } from '../../usb/device-identity';
import type { UsbDeviceDescriptor } from '../../usb/usb-descriptors';

/** A U-Boot gadget as the bus reports it (an MP15 board with a serial, High Speed). */
export const fakeUbootIdentity: DeviceIdentity = {
  vendorId: 0x0483,
  productId: 0xdf11,
  bcdDevice: 0x0200,
  manufacturer: 'STMicroelectronics',
  product: 'USB download gadget@Device ID /0x500, @Revision ID /0x2000, @Name /STM32MP157CAA Rev.B,',
  serial: '002700223239511737383434',
  busNumber: 1,
  portNumbers: [2],
  speed: 'high',
  virtual: false,
};

export const deviceDescriptor: UsbDeviceDescriptor = {
  bcdUSB: 0x0200,
  bDeviceClass: 0,
  bDeviceSubClass: 0,
  bDeviceProtocol: 0,
  bMaxPacketSize0: 64,
  idVendor: 0x0483,
  idProduct: 0xdf11,
  bcdDevice: 0x0200,
  iManufacturer: 1,
  iProduct: 2,
  iSerialNumber: 3,
  bNumConfigurations: 1,
};

export function functionalDescriptor(transferSize: number): Uint8Array {
  return Uint8Array.of(9, 0x21, 0x0f, 0xff, 0x00, transferSize & 0xff, transferSize >> 8, 0x10, 0x01);
}
