import { dfuFunctionalDescriptor, dfuInterfaceClass, usbDescriptorType } from '../../protocol/dfu';
import type { BulkInterfaceFacts, UsbPersonality } from './usb-personality';
import { configurationString, iConfiguration, stringIndex } from './usb-personality';

/** USB_DT_ENDPOINT (include/linux/usb/ch9.h). */
const endpointDescriptorType = 5;
const lo = (value: number): number => value & 0xff;
const hi = (value: number): number => (value >> 8) & 0xff;

/** Device descriptor, 18 bytes (spec §2.1: bcdUSB 0x0200, class 0, EP0 64 bytes, one configuration). */
export function deviceDescriptorBytes(personality: UsbPersonality): Uint8Array {
  return Uint8Array.of(
    18,
    usbDescriptorType.device,
    0x00,
    0x02,
    0,
    0,
    0,
    64,
    lo(personality.vendorId),
    hi(personality.vendorId),
    lo(personality.productId),
    hi(personality.productId),
    lo(personality.bcdDevice),
    hi(personality.bcdDevice),
    stringIndex.manufacturer,
    stringIndex.product,
    personality.serial === null ? 0 : stringIndex.serial,
    1,
  );
}

/**
 * Configuration descriptor with one DFU interface, one alternate setting per alt name, and the DFU
 * functional descriptor last (spec §2.2, §2.4: bmAttributes 0xC0, MaxPower 0x32).
 */
export function configurationDescriptorBytes(personality: UsbPersonality): Uint8Array {
  if (personality.bulk !== null) return bulkConfigurationBytes(personality.bulk);
  const interfaces = personality.alternates.flatMap((_, alt) => [
    9,
    usbDescriptorType.interface,
    0,
    alt,
    0,
    dfuInterfaceClass.class,
    dfuInterfaceClass.subClass,
    dfuInterfaceClass.protocol,
    stringIndex.firstAlternate + alt,
  ]);
  return withConfigurationHeader([...interfaces, ...functionalDescriptorBytes(personality)]);
}

/** One configuration (value 1, one interface) in front of `body`: bmAttributes 0xC0, MaxPower 0x32 (spec §2.2). */
function withConfigurationHeader(body: readonly number[]): Uint8Array {
  const total = 9 + body.length;
  return Uint8Array.of(
    9,
    usbDescriptorType.configuration,
    lo(total),
    hi(total),
    1,
    1,
    iConfiguration,
    0xc0,
    0x32,
    ...body,
  );
}

/**
 * The DFU functional descriptor, 9 bytes (spec §2.4), as the configuration descriptor ends with it and as
 * GET_DESCRIPTOR(0x21) to the interface answers it.
 */
export function functionalDescriptorBytes(personality: UsbPersonality): Uint8Array {
  const { dfu } = personality;
  if (dfu === null) return new Uint8Array(0);
  return Uint8Array.of(
    dfuFunctionalDescriptor.length,
    dfuFunctionalDescriptor.type,
    dfu.attributes,
    lo(dfu.detachTimeoutMs),
    hi(dfu.detachTimeoutMs),
    lo(dfu.transferSize),
    hi(dfu.transferSize),
    lo(dfu.bcdDfuVersion),
    hi(dfu.bcdDfuVersion),
  );
}

/**
 * A configuration with one vendor interface and its two bulk endpoints, in `fb_hs_function` / `fb_fs_function`
 * order (drivers/usb/gadget/f_fastboot.c): interface, IN, OUT. Configuration header as U-Boot's other gadget
 * (g_dnl.c's configuration: same attributes and power as the DFU stages).
 */
function bulkConfigurationBytes(bulk: BulkInterfaceFacts): Uint8Array {
  const endpoint = (address: number): number[] => [
    7,
    endpointDescriptorType,
    address,
    0x02, // USB_ENDPOINT_XFER_BULK
    lo(bulk.maxPacketSize),
    hi(bulk.maxPacketSize),
    0,
  ];
  const body = [
    9,
    usbDescriptorType.interface,
    0,
    0,
    2,
    bulk.interfaceClass,
    bulk.interfaceSubClass,
    bulk.interfaceProtocol,
    bulk.stringIndex,
    ...endpoint(bulk.inEndpoint),
    ...endpoint(bulk.outEndpoint),
  ];
  return withConfigurationHeader(body);
}

/**
 * Device qualifier, 10 bytes: bcdUSB 0x0200, class 0/0/0, EP0 64 bytes, one configuration, reserved 0. TF-A:
 * `usbd_stm32mp1_qualifier_desc` returned by `stm32mp1_get_qualifier_desc` (plat/st/stm32mp1/stm32mp1_usb_dfu.c);
 * U-Boot: `device_qual()` in drivers/usb/gadget/composite.c, answered because the DWC2 gadget selects
 * `USB_GADGET_DUALSPEED` (same bcdUSB and class as the device descriptor, EP0 maxpacket, one full-speed config).
 * The ROM: model choice `romStandardRequestsAsTfa`.
 */
export function deviceQualifierBytes(): Uint8Array {
  return Uint8Array.of(10, usbDescriptorType.deviceQualifier, 0x00, 0x02, 0, 0, 0, 64, 1, 0);
}

/** The string a descriptor index names in this personality, or null when there is none. */
export function stringFor(personality: UsbPersonality, index: number): string | null {
  if (personality.bulk !== null) {
    if (index === personality.bulk.stringIndex) return personality.bulk.name;
    if (index === stringIndex.manufacturer) return personality.manufacturer;
    if (index === stringIndex.product) return personality.product;
    return index === stringIndex.serial ? personality.serial : null;
  }
  if (index === stringIndex.manufacturer) return personality.manufacturer;
  if (index === stringIndex.product) return personality.product;
  if (index === stringIndex.serial) return personality.serial;
  if (index === stringIndex.configuration) return configurationString;
  return personality.alternates[index - stringIndex.firstAlternate] ?? null;
}

/**
 * The Microsoft OS string descriptor (index 0xEE asked with language 0), 18 bytes: `MSFT100` and the vendor code.
 * U-Boot's composite answers it once a function sets `use_os_string` (f_fastboot's bind does; `composite_bind` sets
 * vendor code 0x40: drivers/usb/gadget/composite.c `get_string`). The vendor request that would follow is answered
 * only with CONFIG_USB_GADGET_OS_DESCRIPTORS, which ST's defconfigs leave off: it STALLs.
 */
export function osStringBytes(personality: UsbPersonality): Uint8Array | null {
  const code = personality.bulk?.osStringVendorCode ?? null;
  if (code === null) return null;
  return Uint8Array.of(18, usbDescriptorType.string, ...Buffer.from('MSFT100', 'utf16le'), code, 0);
}

/** String descriptor bytes (UTF-16LE); index 0 is the LANGID list (0x0409). */
export function stringDescriptorBytes(personality: UsbPersonality, index: number): Uint8Array | null {
  if (index === 0) return Uint8Array.of(4, usbDescriptorType.string, 0x09, 0x04);
  const text = stringFor(personality, index);
  if (text === null) return null;
  const utf16 = Buffer.from(text, 'utf16le');
  const bytes = new Uint8Array(2 + utf16.length);
  bytes[0] = bytes.length;
  bytes[1] = usbDescriptorType.string;
  bytes.set(utf16, 2);
  return bytes;
}
