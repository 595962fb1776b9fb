import { describe, expect, it } from 'vitest';
import { RedirProtocolError, RedirReader, encodePacket, helloPacket } from './usbredir-framing';
import { deviceCapabilities, packetType } from './usbredir-protocol';

const u32 = (value: number): number[] => [
  value & 0xff,
  (value >> 8) & 0xff,
  (value >> 16) & 0xff,
  value >>> 24,
];
const u64 = (value: number): number[] => [...u32(value), 0, 0, 0, 0];

/** The peer's hello: 12-byte header (32-bit id), 64-byte version, caps word. */
const hello = (caps: number): number[] => [
  ...u32(0),
  ...u32(68),
  ...u32(0),
  ...new Array<number>(64).fill(0x41),
  ...u32(caps),
];

describe('usbredir framing', () => {
  it('reads the hello with a 32-bit id, then 64-bit ids once both sides have 64bits_ids', () => {
    const reader = new RedirReader(deviceCapabilities);
    const reset = [...u32(packetType.reset), ...u32(0), ...u64(7)];
    const packets = reader.push(Uint8Array.from([...hello(0xff), ...reset]));
    expect(packets.map((packet) => [packet.name, packet.id])).toEqual([
      ['hello', 0n],
      ['reset', 7n],
    ]);
    expect(reader.peerCaps).toBe(0xff);
    expect(reader.both(5)).toBe(true);
  });

  it('keeps 32-bit ids when the peer lacks 64bits_ids', () => {
    const reader = new RedirReader(deviceCapabilities);
    const reset = [...u32(packetType.reset), ...u32(0), ...u32(9)];
    expect(reader.push(Uint8Array.from([...hello(0x0f), ...reset])).at(-1)?.id).toBe(9n);
  });

  it('splits a control packet into header and data, across chunks of any size', () => {
    const reader = new RedirReader(deviceCapabilities);
    reader.push(Uint8Array.from(hello(0xff)));
    const control = [0, 1, 0x21, 0, 2, 0, 0, 0, 3, 0];
    const bytes = [...u32(packetType.controlPacket), ...u32(13), ...u64(42), ...control, 0xaa, 0xbb, 0xcc];
    const packets = bytes.flatMap((byte) => reader.push(Uint8Array.of(byte)));
    expect(packets).toHaveLength(1);
    expect(packets[0]?.name).toBe('control_packet');
    expect(packets[0]?.id).toBe(42n);
    expect([...(packets[0]?.header ?? [])]).toEqual(control);
    expect([...(packets[0]?.data ?? [])]).toEqual([0xaa, 0xbb, 0xcc]);
  });

  it('bulk_packet header is 10 bytes with 32bits_bulk_length on both sides, else 8', () => {
    const reader = new RedirReader(deviceCapabilities);
    reader.push(Uint8Array.from(hello(0xff)));
    const bulkOut = [0x01, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    const packet = reader.push(
      Uint8Array.from([...u32(packetType.bulkPacket), ...u32(11), ...u64(1), ...bulkOut, 0x5a]),
    )[0];
    expect([packet?.header.length, [...(packet?.data ?? [])]]).toEqual([10, [0x5a]]);
    const without = new RedirReader(deviceCapabilities);
    without.push(Uint8Array.from(hello(0xff & ~(1 << 6))));
    const short = without.push(
      Uint8Array.from([...u32(packetType.bulkPacket), ...u32(9), ...u64(1), ...bulkOut.slice(0, 8), 0x5a]),
    )[0];
    expect([short?.header.length, [...(short?.data ?? [])]]).toEqual([8, [0x5a]]);
  });

  it('reads a 1 MiB bulk OUT packet (length_high 0x10) arriving in 4 KiB chunks, joined once', () => {
    const reader = new RedirReader(deviceCapabilities);
    reader.push(Uint8Array.from(hello(0xff)));
    const size = 1024 * 1024;
    const bytes = new Uint8Array(16 + 10 + size);
    bytes.set([...u32(packetType.bulkPacket), ...u32(10 + size), ...u64(3)]);
    bytes.set([0x01, 0, 0, 0, 0, 0, 0, 0, 0x10, 0], 16);
    for (let at = 26; at < bytes.length; at++) bytes[at] = at & 0xff;
    const packets = [];
    for (let at = 0; at < bytes.length; at += 4096)
      packets.push(...reader.push(bytes.subarray(at, at + 4096)));
    expect(packets).toHaveLength(1);
    expect(packets[0]?.data.length).toBe(size);
    expect(Buffer.from(packets[0]?.data ?? []).equals(Buffer.from(bytes.subarray(26)))).toBe(true);
  });

  it.each([
    ['an unknown type', [...u32(77), ...u32(0), ...u64(1)], /unknown or unexpected packet type 77/],
    [
      'a packet only the device side sends',
      [...u32(packetType.deviceConnect), ...u32(10), ...u64(1)],
      /type 1/,
    ],
    [
      'a length shorter than the header',
      [...u32(packetType.controlPacket), ...u32(4), ...u64(1)],
      /shorter than its 10-byte header/,
    ],
    ['data on a packet without data', [...u32(packetType.reset), ...u32(3), ...u64(1)], /carries data/],
    [
      'a huge length, refused before its body',
      [...u32(packetType.controlPacket), ...u32(0xfffffff0), ...u64(1)],
      /over the/,
    ],
    [
      'an IN control packet with data',
      [...u32(packetType.controlPacket), ...u32(11), ...u64(1), 0x80, 6, 0x80, 0, 0, 1, 0, 0, 18, 0, 7],
      /IN control_packet carrying 1 data bytes/,
    ],
    [
      'an OUT control packet short of its data',
      [...u32(packetType.controlPacket), ...u32(11), ...u64(1), 0, 1, 0x21, 0, 0, 0, 0, 0, 2, 0, 7],
      /OUT control_packet with 1 data bytes for a length of 2/,
    ],
    [
      'an IN bulk packet with data',
      [...u32(packetType.bulkPacket), ...u32(11), ...u64(1), 0x81, 0, 0, 2, 0, 0, 0, 0, 0, 0, 7],
      /IN bulk_packet carrying 1 data bytes/,
    ],
    [
      'an OUT bulk packet short of its data (length_high counted)',
      [...u32(packetType.bulkPacket), ...u32(11), ...u64(1), 0x01, 0, 1, 0, 0, 0, 0, 0, 1, 0, 7],
      /OUT bulk_packet with 1 data bytes for a length of 65537/,
    ],
    [
      'a bulk packet over the bulk limit, refused before its body',
      [...u32(packetType.bulkPacket), ...u32(0x03000000), ...u64(1)],
      /bulk_packet of length 50331648, over the 33554448 accepted/,
    ],
    ['a second hello', hello(0xff).map((byte, index) => (index === 4 ? 68 : byte)), /second hello/],
  ])('throws a protocol error on %s', (_what, bytes, message) => {
    const reader = new RedirReader(deviceCapabilities);
    reader.push(Uint8Array.from(hello(0xff)));
    expect(() => reader.push(Uint8Array.from(bytes))).toThrow(RedirProtocolError);
    expect(() =>
      new RedirReader(deviceCapabilities).push(Uint8Array.from([...hello(0xff), ...bytes])),
    ).toThrow(message);
  });

  it('refuses any packet before the hello', () => {
    const reset = [...u32(packetType.reset), ...u32(0), ...u32(1)];
    expect(() => new RedirReader(deviceCapabilities).push(Uint8Array.from(reset))).toThrow(
      /reset before the hello/,
    );
  });

  it('encodes a header with a 32- or 64-bit id, length covering header and data', () => {
    expect([...encodePacket(8, 5n, Uint8Array.of(0, 1), Uint8Array.of(9), false)]).toEqual([
      ...u32(8),
      ...u32(3),
      ...u32(5),
      0,
      1,
      9,
    ]);
    expect([...encodePacket(8, 5n, Uint8Array.of(0, 1), new Uint8Array(0), true)]).toEqual([
      ...u32(8),
      ...u32(2),
      ...u64(5),
      0,
      1,
    ]);
  });

  it('our hello: version NUL padded to 64 bytes, then caps 1, 3, 4, 5, 6', () => {
    const bytes = helloPacket('vb', deviceCapabilities);
    expect(bytes.length).toBe(12 + 68);
    expect([...bytes.subarray(0, 12)]).toEqual([...u32(0), ...u32(68), ...u32(0)]);
    expect([...bytes.subarray(12, 15)]).toEqual([0x76, 0x62, 0]);
    expect([...bytes.subarray(76)]).toEqual(u32(0b1111010));
  });
});
