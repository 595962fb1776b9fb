import { usbDescriptorType } from '../../protocol/dfu';
import { redirEndpointType } from './usbredir-protocol';

/** One interface as interface_info lists it, at the alternate setting now selected. */
export interface RedirInterface {
  readonly number: number;
  readonly class: number;
  readonly subClass: number;
  readonly protocol: number;
}

/** One endpoint other than endpoint 0, as ep_info describes it. */
export interface RedirEndpoint {
  /** bEndpointAddress: direction bit 0x80 and number. */
  readonly address: number;
  /** usbredir's endpoint type (bmAttributes bits 0–1 are the same numbers: control, iso, bulk, interrupt). */
  readonly type: number;
  readonly interval: number;
  readonly interfaceNumber: number;
  readonly maxPacketSize: number;
}

export interface RedirEndpointLayout {
  readonly interfaces: readonly RedirInterface[];
  readonly endpoints: readonly RedirEndpoint[];
}

const endpointDescriptorType = 5;

/**
 * What a configuration descriptor (as the board answers GET_DESCRIPTOR) says is active: each interface at the
 * alternate `alternateOf` gives (0 when unset), and the endpoints that alternate declares. This is what
 * usbredirhost sends from libusb's view of the active configuration (usbredirhost_send_interface_n_ep_info).
 */
export function endpointLayout(
  configuration: Uint8Array,
  alternateOf: (interfaceNumber: number) => number,
): RedirEndpointLayout {
  const interfaces: RedirInterface[] = [];
  const endpoints: RedirEndpoint[] = [];
  let active: number | null = null;
  for (let at = configuration[0] ?? 9; at + 1 < configuration.length;) {
    const length = configuration[at] ?? 0;
    if (length < 2) break;
    const type = configuration[at + 1];
    if (type === usbDescriptorType.interface) {
      const number = configuration[at + 2] ?? 0;
      const selected = (configuration[at + 3] ?? 0) === alternateOf(number);
      active = selected ? number : null;
      if (selected)
        interfaces.push({
          number,
          class: configuration[at + 5] ?? 0,
          subClass: configuration[at + 6] ?? 0,
          protocol: configuration[at + 7] ?? 0,
        });
    } else if (type === endpointDescriptorType && active !== null && length >= 7) {
      endpoints.push({
        address: configuration[at + 2] ?? 0,
        type: (configuration[at + 3] ?? 0) & 0x03,
        maxPacketSize: ((configuration[at + 4] ?? 0) | ((configuration[at + 5] ?? 0) << 8)) & 0x7ff,
        interval: configuration[at + 6] ?? 0,
        interfaceNumber: active,
      });
    }
    at += length;
  }
  return { interfaces, endpoints };
}

/** ep_info's slot of an endpoint address: 0–15 OUT, 16–31 IN (usbredir's EP2I). */
const slotOf = (address: number): number => ((address & 0x80) >> 3) | (address & 0x0f);

/**
 * ep_info (usb_redir_ep_info_header): type, interval, interface of the 32 endpoints, then with cap 4 their max
 * packet sizes (u16 each). Endpoint 0 is control both ways with `ep0Size`; an endpoint not declared is invalid.
 */
export function epInfoBody(
  layout: RedirEndpointLayout,
  ep0Size: number,
  withMaxPacketSize: boolean,
): Uint8Array {
  const bytes = new Uint8Array(96 + (withMaxPacketSize ? 64 : 0));
  const view = new DataView(bytes.buffer);
  bytes.fill(redirEndpointType.invalid, 0, 32);
  const describe = (slot: number, type: number, interval: number, iface: number, size: number): void => {
    bytes[slot] = type;
    bytes[32 + slot] = interval;
    bytes[64 + slot] = iface;
    if (withMaxPacketSize) view.setUint16(96 + 2 * slot, size, true);
  };
  describe(0, redirEndpointType.control, 0, 0, ep0Size);
  describe(16, redirEndpointType.control, 0, 0, ep0Size);
  for (const endpoint of layout.endpoints)
    describe(
      slotOf(endpoint.address),
      endpoint.type,
      endpoint.interval,
      endpoint.interfaceNumber,
      endpoint.maxPacketSize,
    );
  return bytes;
}

/** interface_info (usb_redir_interface_info_header): a count, then number, class, subclass, protocol of each. */
export function interfaceInfoBody(layout: RedirEndpointLayout): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * 32);
  new DataView(bytes.buffer).setUint32(0, layout.interfaces.length, true);
  layout.interfaces.slice(0, 32).forEach((iface, index) => {
    bytes[4 + index] = iface.number;
    bytes[4 + 32 + index] = iface.class;
    bytes[4 + 64 + index] = iface.subClass;
    bytes[4 + 96 + index] = iface.protocol;
  });
  return bytes;
}
