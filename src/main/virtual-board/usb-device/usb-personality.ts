import type { DeviceIdentity } from '../../usb/device-identity';
import { dfuAttribute, dfuVersion11, stDfuUsbId } from '../../protocol/dfu';

/** How one stage presents itself on the bus: device facts, strings, DFU alternates and functional descriptor. */
export interface UsbPersonality {
  readonly vendorId: number;
  readonly productId: number;
  readonly bcdDevice: number;
  readonly manufacturer: string;
  readonly product: string;
  /** `null`: no serial string (iSerialNumber 0), as with the `no-serial` fault. */
  readonly serial: string | null;
  /** DFU alternate names (interface 0's settings); empty for a stage without a DFU interface. */
  readonly alternates: readonly string[];
  /** The DFU functional descriptor; null for a stage without a DFU interface (U-Boot's fastboot gadget). */
  readonly dfu: DfuFunctionalFacts | null;
  /** The one vendor interface with two bulk endpoints, for U-Boot's fastboot gadget; null for DFU stages. */
  readonly bulk: BulkInterfaceFacts | null;
}

/** An interface with one bulk IN and one bulk OUT endpoint, as `f_fastboot.c` declares its interface. */
export interface BulkInterfaceFacts {
  readonly interfaceClass: number;
  readonly interfaceSubClass: number;
  readonly interfaceProtocol: number;
  /** iInterface: the interface's own string (`Android Fastboot`), numbered after the device's strings. */
  readonly stringIndex: number;
  readonly name: string;
  readonly inEndpoint: number;
  readonly outEndpoint: number;
  /** wMaxPacketSize of both endpoints at the speed the board enumerated at (512 High Speed, 64 Full Speed). */
  readonly maxPacketSize: number;
  /** The Microsoft OS string (index 0xEE, language 0) carries this vendor code; null: no OS string. */
  readonly osStringVendorCode: number | null;
}

export interface DfuFunctionalFacts {
  readonly attributes: number;
  readonly detachTimeoutMs: number;
  readonly transferSize: number;
  readonly bcdDfuVersion: number;
}

/** String descriptor indices (spec §2.1: 1 manufacturer, 2 product, 3 serial; then configuration; alts after). */
export const stringIndex = {
  manufacturer: 1,
  product: 2,
  serial: 3,
  /** TF-A's `USBD_IDX_CONFIG_STR`, answering `DFU Config`; no descriptor points at it (see iConfiguration). */
  configuration: 4,
  firstAlternate: 6,
} as const;

export const configurationString = 'DFU Config';

/**
 * The configuration descriptor's iConfiguration: 2, the product string's index, in every stage (spec §2.1,
 * findings §13). TF-A: `0x02, iConfiguration` in `usb_stm32mp1_config_desc` (plat/st/stm32mp1/stm32mp1_usb_dfu.c);
 * U-Boot: `config->iConfiguration = STRING_USBDOWN` with `#define STRING_USBDOWN 2` (drivers/usb/gadget/g_dnl.c).
 * The ROM: model choice `romStandardRequestsAsTfa`.
 */
export const iConfiguration = stringIndex.product;

/** What differs between the ROM, TF-A and U-Boot on the bus; the rest is common to every stage (spec §2.1, §2.4). */
export interface StageIdentity {
  readonly product: string;
  readonly serial: string | null;
  readonly alternates: readonly string[];
  readonly detachTimeoutMs: number;
  readonly transferSize: number;
}

/** Every stage: 0483:df11, bcdDevice 0x0200, STMicroelectronics, DFU 1.1 with attributes 0x0F. */
export function stDfuPersonality(stage: StageIdentity): UsbPersonality {
  return {
    ...stDfuUsbId,
    bcdDevice: 0x0200,
    manufacturer: 'STMicroelectronics',
    product: stage.product,
    serial: stage.serial,
    alternates: stage.alternates,
    dfu: {
      attributes:
        dfuAttribute.canDownload |
        dfuAttribute.canUpload |
        dfuAttribute.manifestationTolerant |
        dfuAttribute.willDetach,
      detachTimeoutMs: stage.detachTimeoutMs,
      transferSize: stage.transferSize,
      bcdDfuVersion: dfuVersion11,
    },
    bulk: null,
  };
}

/** Where a board sits on the bus and how fast its link is: what the listing adds to its personality. */
export interface BusPlace {
  readonly busNumber: number;
  readonly port: number;
  readonly fullSpeed: boolean;
}

/** A personality as the bus lists it (with strings: Linux's view; other platforms strip them when listing). */
export function personalityIdentity(personality: UsbPersonality, place: BusPlace): DeviceIdentity {
  return {
    vendorId: personality.vendorId,
    productId: personality.productId,
    bcdDevice: personality.bcdDevice,
    manufacturer: personality.manufacturer,
    product: personality.product,
    serial: personality.serial,
    busNumber: place.busNumber,
    portNumbers: [place.port],
    speed: place.fullSpeed ? 'full' : 'high',
    virtual: true,
  };
}
