import {
  bothHave,
  capability,
  helloVersionLength,
  maxBulkBodyLength,
  maxPacketBodyLength,
  packetType,
} from './usbredir-protocol';

/** One packet as read from the peer: its type header and data apart. */
export interface RedirPacket {
  readonly type: number;
  readonly name: string;
  readonly id: bigint;
  readonly header: Uint8Array;
  readonly data: Uint8Array;
}

/** The peer broke the protocol; the connection is closed with `message`. */
export class RedirProtocolError extends Error {}

type Caps = (cap: number) => boolean;

interface InboundShape {
  readonly name: string;
  /** Length of the type-specific header, which may depend on the negotiated capabilities. */
  readonly header: number | ((both: Caps) => number);
  /** Whether data may follow the header. */
  readonly data: boolean;
  /** What else the packet must satisfy (usbredirparser's checks); answers why it does not, or null. */
  readonly check?: (header: Uint8Array, data: Uint8Array) => string | null;
  /** The longest body accepted (header and data); `maxPacketBodyLength` when absent. */
  readonly maxLength?: number;
}

/** Data follows a control packet's header only towards the device: all of wLength for OUT, none for IN. */
function checkControl(header: Uint8Array, data: Uint8Array): string | null {
  const length = (header[8] ?? 0) | ((header[9] ?? 0) << 8);
  if (((header[0] ?? 0) & 0x80) !== 0)
    return data.length === 0 ? null : `IN control_packet carrying ${data.length} data bytes`;
  return data.length === length
    ? null
    : `OUT control_packet with ${data.length} data bytes for a length of ${length}`;
}

/**
 * Data follows a bulk packet's header only towards the device, all of its length (`length | length_high << 16`
 * when the header has `length_high`); an IN packet carries none.
 */
function checkBulk(header: Uint8Array, data: Uint8Array): string | null {
  const length = bulkLength(header);
  if (((header[0] ?? 0) & 0x80) !== 0)
    return data.length === 0 ? null : `IN bulk_packet carrying ${data.length} data bytes`;
  return data.length === length
    ? null
    : `OUT bulk_packet with ${data.length} data bytes for a length of ${length}`;
}

/** A bulk_packet header's length: `length`, plus `length_high << 16` when the header has it (10 bytes). */
export function bulkLength(header: Uint8Array): number {
  const low = (header[2] ?? 0) | ((header[3] ?? 0) << 8);
  const high = header.length >= 10 ? (header[8] ?? 0) | ((header[9] ?? 0) << 8) : 0;
  return low + high * 0x10000;
}

/** What the usb-guest (QEMU) may send to the usb-host, and each packet's shape (usbredirparser's table). */
const inbound: ReadonlyMap<number, InboundShape> = new Map<number, InboundShape>([
  [packetType.hello, { name: 'hello', header: helloVersionLength, data: true }],
  [packetType.reset, { name: 'reset', header: 0, data: false }],
  [packetType.setConfiguration, { name: 'set_configuration', header: 1, data: false }],
  [packetType.getConfiguration, { name: 'get_configuration', header: 0, data: false }],
  [packetType.setAltSetting, { name: 'set_alt_setting', header: 2, data: false }],
  [packetType.getAltSetting, { name: 'get_alt_setting', header: 1, data: false }],
  [packetType.startIsoStream, { name: 'start_iso_stream', header: 3, data: false }],
  [packetType.stopIsoStream, { name: 'stop_iso_stream', header: 1, data: false }],
  [packetType.startInterruptReceiving, { name: 'start_interrupt_receiving', header: 1, data: false }],
  [packetType.stopInterruptReceiving, { name: 'stop_interrupt_receiving', header: 1, data: false }],
  [packetType.allocBulkStreams, { name: 'alloc_bulk_streams', header: 8, data: false }],
  [packetType.freeBulkStreams, { name: 'free_bulk_streams', header: 4, data: false }],
  [packetType.cancelDataPacket, { name: 'cancel_data_packet', header: 0, data: false }],
  [packetType.filterReject, { name: 'filter_reject', header: 0, data: false }],
  [packetType.filterFilter, { name: 'filter_filter', header: 0, data: true }],
  [packetType.deviceDisconnectAck, { name: 'device_disconnect_ack', header: 0, data: false }],
  [packetType.startBulkReceiving, { name: 'start_bulk_receiving', header: 10, data: false }],
  [packetType.stopBulkReceiving, { name: 'stop_bulk_receiving', header: 5, data: false }],
  [packetType.controlPacket, { name: 'control_packet', header: 10, data: true, check: checkControl }],
  [
    packetType.bulkPacket,
    {
      name: 'bulk_packet',
      header: (both) => (both(capability.bulkLength32) ? 10 : 8),
      data: true,
      check: checkBulk,
      maxLength: maxBulkBodyLength,
    },
  ],
  [packetType.isoPacket, { name: 'iso_packet', header: 4, data: true }],
  [packetType.interruptPacket, { name: 'interrupt_packet', header: 4, data: true }],
]);

/** The name of a packet type, for logs. */
export function packetName(type: number): string {
  return (
    inbound.get(type)?.name ??
    Object.entries(packetType).find(([, value]) => value === type)?.[0] ??
    `type ${type}`
  );
}

/**
 * Reads the peer's byte stream into packets: `u32 type, u32 length, u32 id` (the id a u64 once both hellos
 * advertised `64bits_ids`), then the type's header and data; `length` counts both. The first packet must be
 * the hello, which is always read with a 32-bit id and decides the header size of every later packet.
 */
export class RedirReader {
  readonly #ourCaps: number;
  #peerCaps: number | null = null;
  /** Bytes received and not read yet, in the chunks they came in (joined only once a packet is whole). */
  readonly #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** Bytes the next packet needs before it can be read: its header, then its whole body. */
  #wanted = 0;

  constructor(ourCaps: number) {
    this.#ourCaps = ourCaps;
  }

  /** The peer's capabilities, once its hello was read. */
  get peerCaps(): number | null {
    return this.#peerCaps;
  }

  /** Whether both sides have `cap` (false before the peer's hello). */
  both(cap: number): boolean {
    return this.#peerCaps !== null && bothHave(this.#ourCaps, this.#peerCaps, cap);
  }

  /**
   * Adds bytes; answers every complete packet. Throws `RedirProtocolError` on a packet no peer may send, as soon
   * as its header shows it. A long packet's chunks are joined once, when its last one arrived.
   */
  push(chunk: Uint8Array): RedirPacket[] {
    if (chunk.length > 0) {
      this.#chunks.push(Uint8Array.from(chunk));
      this.#buffered += chunk.length;
    }
    const packets: RedirPacket[] = [];
    while (this.#buffered > 0 && this.#buffered >= this.#wanted) {
      const packet = this.#next(this.#joined());
      if (packet === null) return packets;
      packets.push(packet);
    }
    return packets;
  }

  #joined(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0] ?? new Uint8Array(0);
    const joined = new Uint8Array(this.#buffered);
    let at = 0;
    for (const part of this.#chunks) {
      joined.set(part, at);
      at += part.length;
    }
    this.#chunks.splice(0, this.#chunks.length, joined);
    return joined;
  }

  /** Reads one packet from `pending` (all buffered bytes), or sets how many bytes it still needs. */
  #next(pending: Uint8Array): RedirPacket | null {
    const headerLength = this.both(capability.ids64) ? 16 : 12;
    this.#wanted = headerLength;
    if (pending.length < headerLength) return null;
    const view = new DataView(pending.buffer, pending.byteOffset, pending.byteLength);
    const type = view.getUint32(0, true);
    const length = view.getUint32(4, true);
    const shape = inbound.get(type);
    if (shape === undefined) throw new RedirProtocolError(`unknown or unexpected packet type ${type}`);
    if (this.#peerCaps === null && type !== packetType.hello)
      throw new RedirProtocolError(`${shape.name} before the hello`);
    if (this.#peerCaps !== null && type === packetType.hello) throw new RedirProtocolError('a second hello');
    const typeHeader =
      typeof shape.header === 'number' ? shape.header : shape.header((cap) => this.both(cap));
    if (length < typeHeader)
      throw new RedirProtocolError(
        `${shape.name} of length ${length}, shorter than its ${typeHeader}-byte header`,
      );
    if (!shape.data && length > typeHeader)
      throw new RedirProtocolError(`${shape.name} of length ${length} carries data it may not have`);
    const maxLength = shape.maxLength ?? maxPacketBodyLength;
    if (length > maxLength)
      throw new RedirProtocolError(`${shape.name} of length ${length}, over the ${maxLength} accepted`);
    this.#wanted = headerLength + length;
    if (pending.length < this.#wanted) return null;
    const id = headerLength === 16 ? view.getBigUint64(8, true) : BigInt(view.getUint32(8, true));
    const body = pending.subarray(headerLength, this.#wanted);
    const rest = pending.subarray(this.#wanted);
    this.#chunks.splice(0, this.#chunks.length, ...(rest.length > 0 ? [rest] : []));
    this.#buffered = rest.length;
    this.#wanted = 0;
    const packet: RedirPacket = {
      type,
      name: shape.name,
      id,
      header: body.slice(0, typeHeader),
      data: body.slice(typeHeader),
    };
    const problem = shape.check?.(packet.header, packet.data) ?? null;
    if (problem !== null) throw new RedirProtocolError(problem);
    if (type === packetType.hello) {
      const caps = packet.data;
      this.#peerCaps = caps.length >= 4 ? new DataView(caps.buffer, caps.byteOffset).getUint32(0, true) : 0;
    }
    return packet;
  }
}

/** One packet to the peer; `ids64` once both hellos advertised it (never for the hello itself). */
export function encodePacket(
  type: number,
  id: bigint,
  header: Uint8Array,
  data: Uint8Array,
  ids64: boolean,
): Uint8Array {
  const headerLength = ids64 ? 16 : 12;
  const bytes = new Uint8Array(headerLength + header.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, header.length + data.length, true);
  if (ids64) view.setBigUint64(8, id, true);
  else view.setUint32(8, Number(id & 0xffffffffn), true);
  bytes.set(header, headerLength);
  bytes.set(data, headerLength + header.length);
  return bytes;
}

/** The hello: a version string in 64 bytes, then our capability word. */
export function helloPacket(version: string, caps: number): Uint8Array {
  const header = new Uint8Array(helloVersionLength);
  header.set(new TextEncoder().encode(version).subarray(0, helloVersionLength - 1));
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, caps, true);
  return encodePacket(packetType.hello, 0n, header, data, false);
}
