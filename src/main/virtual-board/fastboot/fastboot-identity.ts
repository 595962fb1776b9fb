import type { Soc } from '../../../shared/board';
import type { UsbPersonality } from '../usb-device/usb-personality';
import { stringIndex } from '../usb-device/usb-personality';

/**
 * 0483:0afb: `CONFIG_USB_GADGET_VENDOR_NUM=0x0483` (configs/stm32mp1*_defconfig, stm32mp25_defconfig) and
 * `STM32MP1_G_DNL_FASTBOOT_PRODUCT_NUM 0x0afb` set by `g_dnl_bind_fixup` for `usb_dnl_fastboot`
 * (board/st/stm32mp1/stm32mp1.c, board/st/stm32mp2/stm32mp2.c).
 */
export const fastbootUsbId = { vendorId: 0x0483, productId: 0x0afb } as const;

/** `FASTBOOT_INTERFACE_CLASS/SUB_CLASS/PROTOCOL` (drivers/usb/gadget/f_fastboot.c). */
export const fastbootInterfaceClass = { class: 0xff, subClass: 0x42, protocol: 0x03 } as const;

/** `EP_BUFFER_SIZE`: every OUT request U-Boot queues is at most 4096 bytes (f_fastboot.c). */
export const fastbootRequestSize = 4096;

/**
 * The endpoints `usb_ep_autoconfig` gives `fs_ep_in`/`fs_ep_out` (drivers/usb/gadget/epautoconf.c takes the
 * number from the first matching endpoint's name): the DWC2 gadget of MP13/MP15 lists `ep1in-bulk` then
 * `ep2out-bulk` (drivers/usb/gadget/dwc2_udc_otg.c), so IN 0x81 and OUT 0x02; the DWC3 of MP25
 * (`st,stm32mp25-dwc3`) names its endpoints `ep1out`, `ep1in`… (drivers/usb/dwc3/gadget.c), so IN 0x81, OUT 0x01.
 */
export function fastbootEndpoints(soc: Soc): { readonly inEndpoint: number; readonly outEndpoint: number } {
  return { inEndpoint: 0x81, outEndpoint: soc === 'mp25' ? 0x01 : 0x02 };
}

/**
 * The fastboot gadget on the bus. Strings as g_dnl.c numbers them (`usb_string_id`): manufacturer 1, product 2,
 * serial 3 when `serial#` is set, then f_fastboot's interface string `Android Fastboot`. bcdDevice, configuration
 * attributes and power as the stm32prog gadget (same g_dnl, same controller). Endpoints 512 bytes at High Speed,
 * 64 at Full Speed (`hs_ep_in`/`fs_ep_in`). f_fastboot's bind sets `use_os_string`: the Microsoft OS string is
 * answered (see `osStringBytes`), its vendor request is not.
 *
 * Model choice `fastbootProductString`: stm32prog's `stm32prog_usb_loop` returns after the FlashLayout gadget when
 * the phase left PHASE_FLASHLAYOUT (a script received) without `g_dnl_set_product(NULL)`, leaving g_dnl's product
 * pointing at its own stack buffer, which later calls overwrite: what the host reads is not known from the
 * source. The board answers g_dnl's default `USB download gadget` (no ST device and revision fields).
 */
export function fastbootPersonality(soc: Soc, serial: string | null, fullSpeed: boolean): UsbPersonality {
  return {
    ...fastbootUsbId,
    bcdDevice: 0x0200,
    manufacturer: 'STMicroelectronics',
    product: 'USB download gadget',
    serial,
    alternates: [],
    dfu: null,
    bulk: {
      interfaceClass: fastbootInterfaceClass.class,
      interfaceSubClass: fastbootInterfaceClass.subClass,
      interfaceProtocol: fastbootInterfaceClass.protocol,
      stringIndex: serial === null ? stringIndex.serial : stringIndex.serial + 1,
      name: 'Android Fastboot',
      ...fastbootEndpoints(soc),
      maxPacketSize: fullSpeed ? 64 : 512,
      osStringVendorCode: 0x40,
    },
  };
}

/** `FASTBOOT_RESPONSE_LEN` (64 + 1): `fastboot_response` keeps the 4-byte tag and at most 59 more characters. */
export function fastbootResponse(tag: 'OKAY' | 'FAIL' | 'DATA' | 'INFO', text = ''): string {
  return tag + text.slice(0, 65 - tag.length - 2);
}
