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

/** One endpoint of an interface (npm `usb` 2.x's `EndpointDescriptor`, the fields the engine reads). */
export interface UsbEndpointDescriptor {
  /** Bit 7 set: IN (device to host), e.g. 0x81; clear: OUT, e.g. 0x01. */
  readonly bEndpointAddress: number;
  /** Bits 1..0: 2 = bulk, 3 = interrupt. */
  readonly bmAttributes: number;
  readonly wMaxPacketSize: number;
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
  /**
   * Its endpoints besides endpoint 0 (the fastboot gadget's two bulk ones). Optional: a DFU interface has none,
   * and a source that does not describe them leaves it out.
   */
  readonly endpoints?: readonly UsbEndpointDescriptor[];
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
