/** Standard USB descriptors as parsed structures (the shape npm `usb` 2.x exposes), plus each interface's extra bytes. */
export interface UsbDeviceDescriptor {
  readonly bcdUSB: number;
  readonly bDeviceClass: number;
  readonly bDeviceSubClass: number;
  readonly bDeviceProtocol: number;
  readonly bMaxPacketSize0: number;
  readonly idVendor: number;
  readonly idProduct: number;
  readonly bcdDevice: number;
  readonly iManufacturer: number;
  readonly iProduct: number;
  readonly iSerialNumber: number;
  readonly bNumConfigurations: number;
}

export interface UsbInterfaceDescriptor {
  readonly bInterfaceNumber: number;
  readonly bAlternateSetting: number;
  readonly bNumEndpoints: number;
  readonly bInterfaceClass: number;
  readonly bInterfaceSubClass: number;
  readonly bInterfaceProtocol: number;
  readonly iInterface: number;
  /** Class-specific descriptors that follow this interface (the DFU functional descriptor, type 0x21). */
  readonly extra: Uint8Array;
}

export interface UsbConfigurationDescriptor {
  readonly bConfigurationValue: number;
  readonly iConfiguration: number;
  readonly bmAttributes: number;
  readonly bMaxPower: number;
  /** One entry per interface number; each holds that interface's alternate settings in order. */
  readonly interfaces: readonly (readonly UsbInterfaceDescriptor[])[];
  /** Class-specific descriptors after the configuration descriptor itself. */
  readonly extra: Uint8Array;
}
