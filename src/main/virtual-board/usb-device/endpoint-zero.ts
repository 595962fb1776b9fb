import {
  dfuFunctionalDescriptor,
  dfuRequestType,
  usbDescriptorType,
  usbStandardRequest,
} from '../../protocol/dfu';
import { UsbError } from '../../usb/usb-error';
import type { DfuMachine } from '../dfu/dfu-machine';
import {
  configurationDescriptorBytes,
  deviceDescriptorBytes,
  deviceQualifierBytes,
  functionalDescriptorBytes,
  osStringBytes,
  stringDescriptorBytes,
} from './descriptor-bytes';
import type { UsbPersonality } from './usb-personality';

export interface ControlRequest {
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly index: number;
  /** wLength for IN requests; the data's length for OUT. */
  readonly length: number;
  readonly data: Uint8Array;
}

const stall = (why: string): UsbError => new UsbError('stall', `device stalled: ${why}`);

/** Endpoint 0 of one enumeration: standard requests from the personality, DFU class requests to the machine. */
export async function handleControl(
  request: ControlRequest,
  personality: UsbPersonality,
  machine: DfuMachine,
): Promise<Uint8Array> {
  const { requestType, value, index, length } = request;
  if (requestType === 0x80 && request.request === usbStandardRequest.getDescriptor) {
    const type = value >> 8;
    const descriptorIndex = value & 0xff;
    let bytes: Uint8Array | null = null;
    if (type === usbDescriptorType.device) bytes = deviceDescriptorBytes(personality);
    else if (type === usbDescriptorType.configuration && descriptorIndex === 0)
      bytes = configurationDescriptorBytes(personality);
    else if (type === usbDescriptorType.string && descriptorIndex === 0xee && index === 0)
      bytes = osStringBytes(personality);
    else if (type === usbDescriptorType.string) bytes = stringDescriptorBytes(personality, descriptorIndex);
    else if (type === usbDescriptorType.deviceQualifier) bytes = deviceQualifierBytes();
    if (bytes === null) throw stall(`no descriptor 0x${value.toString(16)}`);
    return bytes.subarray(0, length);
  }
  // GET_DESCRIPTOR(DFU functional) to the interface: TF-A's class setup answers the last 9 bytes of its
  // configuration descriptor (`usb_dfu_setup`, USB_REQ_TYPE_STANDARD, plat/st/common/usb_dfu.c); U-Boot's
  // `dfu_handle` copies `dfu_func` (drivers/usb/gadget/f_dfu.c). To the device it stays a STALL in both
  // (`usb_core_get_desc` default; `composite_setup` knows no type 0x21). ROM: model choice `romStandardRequestsAsTfa`.
  if (
    personality.dfu !== null &&
    requestType === 0x81 &&
    request.request === usbStandardRequest.getDescriptor &&
    value >> 8 === dfuFunctionalDescriptor.type &&
    (index & 0xff) === 0
  )
    return functionalDescriptorBytes(personality).subarray(0, length);
  // GET_STATUS (device): self powered (bit 0), matching bmAttributes 0xC0. TF-A `usb_core_get_status` sets
  // USB_CONFIG_SELF_POWERED (drivers/usb/usb_device.c); U-Boot's DWC2 gadget `udc_get_status` answers 0x1 "Self
  // powered" for USB_RECIP_DEVICE (drivers/usb/gadget/dwc2_udc_otg_xfer_dma.c). ROM: `romStandardRequestsAsTfa`.
  if (requestType === 0x80 && request.request === usbStandardRequest.getStatus)
    return Uint8Array.of(1, 0).subarray(0, length);
  if (requestType === 0x80 && request.request === usbStandardRequest.getConfiguration)
    return Uint8Array.of(1).subarray(0, length);
  if (requestType === 0x00 && request.request === usbStandardRequest.setConfiguration)
    return new Uint8Array(0);
  if (requestType === 0x01 && request.request === usbStandardRequest.setInterface) {
    // The fastboot interface has one setting (`fastboot_set_alt` re-arms its endpoints): nothing reaches DFU.
    if (personality.bulk !== null) {
      if (index !== 0 || value !== 0) throw stall(`no alternate ${value}`);
      return new Uint8Array(0);
    }
    if (index !== 0 || value >= personality.alternates.length) throw stall(`no alternate ${value}`);
    machine.selectAlternate(value);
    return new Uint8Array(0);
  }
  if (
    personality.dfu !== null &&
    (requestType === dfuRequestType.out || requestType === dfuRequestType.in) &&
    (index & 0xff) === 0
  )
    return machine.handle(request.request, value, length, request.data);
  throw stall(`request 0x${requestType.toString(16)}/${request.request}`);
}
