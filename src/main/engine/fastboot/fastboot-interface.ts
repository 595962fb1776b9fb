import { fastbootInterfaceClass } from '../../protocol/fastboot-usb';
import type {
  UsbConfigurationDescriptor,
  UsbEndpointDescriptor,
  UsbInterfaceDescriptor,
} from '../../usb/usb-descriptors';

/** Where a fastboot device takes commands and answers: its interface and its two bulk endpoints. */
export interface FastbootInterface {
  readonly interfaceNumber: number;
  /** Bulk IN endpoint address (e.g. 0x81). */
  readonly inEndpoint: number;
  /** Bulk OUT endpoint address (e.g. 0x01). */
  readonly outEndpoint: number;
  /** Of the IN endpoint: 512 at High Speed, 64 at Full Speed (f_fastboot.c). */
  readonly maxPacketSize: number;
}

const bulk = 2;
const isBulk = (endpoint: UsbEndpointDescriptor): boolean => (endpoint.bmAttributes & 3) === bulk;
const isIn = (endpoint: UsbEndpointDescriptor): boolean => (endpoint.bEndpointAddress & 0x80) !== 0;

const endpointDescriptorType = 5;

/**
 * The interface's endpoints: as parsed (`endpoints`), else read from the descriptors that follow the interface's own
 * (`extra`), where a parser that keeps only interface descriptors leaves them (the virtual board's does).
 */
function endpointsOf(alt: UsbInterfaceDescriptor): readonly UsbEndpointDescriptor[] {
  if (alt.endpoints !== undefined && alt.endpoints.length > 0) return alt.endpoints;
  const found: UsbEndpointDescriptor[] = [];
  const bytes = alt.extra;
  for (let at = 0; at + 1 < bytes.length;) {
    const length = bytes[at] ?? 0;
    if (length < 2) break;
    if (bytes[at + 1] === endpointDescriptorType && length >= 7)
      found.push({
        bEndpointAddress: bytes[at + 2] ?? 0,
        bmAttributes: bytes[at + 3] ?? 0,
        wMaxPacketSize: (bytes[at + 4] ?? 0) | ((bytes[at + 5] ?? 0) << 8),
      });
    at += length;
  }
  return found;
}

/**
 * Named choice: f_fastboot.c declares IN 0x81 and OUT 0x01 (the addresses its endpoint descriptors ask for) and
 * 512-byte packets at High Speed; an interface whose endpoints are not described at all is read so.
 */
const declared = { inEndpoint: 0x81, outEndpoint: 0x01, maxPacketSize: 512 } as const;

/**
 * The fastboot interface of a configuration: class 0xff, subclass 0x42, protocol 0x03 (the AOSP protocol's
 * identification, which U-Boot's f_fastboot.c uses), with one bulk IN and one bulk OUT endpoint; null when the
 * configuration has none.
 */
export function findFastbootInterface(config: UsbConfigurationDescriptor): FastbootInterface | null {
  for (const alternates of config.interfaces) {
    for (const alt of alternates) {
      if (
        alt.bInterfaceClass !== fastbootInterfaceClass.class ||
        alt.bInterfaceSubClass !== fastbootInterfaceClass.subClass ||
        alt.bInterfaceProtocol !== fastbootInterfaceClass.protocol
      )
        continue;
      const endpoints = endpointsOf(alt);
      if (endpoints.length === 0) return { interfaceNumber: alt.bInterfaceNumber, ...declared };
      const input = endpoints.find((endpoint) => isBulk(endpoint) && isIn(endpoint));
      const output = endpoints.find((endpoint) => isBulk(endpoint) && !isIn(endpoint));
      if (input === undefined || output === undefined) continue;
      return {
        interfaceNumber: alt.bInterfaceNumber,
        inEndpoint: input.bEndpointAddress,
        outEndpoint: output.bEndpointAddress,
        maxPacketSize: input.wMaxPacketSize & 0x7ff,
      };
    }
  }
  return null;
}
