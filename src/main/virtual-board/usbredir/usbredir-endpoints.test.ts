import { describe, expect, it } from 'vitest';
import { configurationDescriptorBytes } from '../usb-device/descriptor-bytes';
import { stDfuPersonality } from '../usb-device/usb-personality';
import { endpointLayout, epInfoBody, interfaceInfoBody } from './usbredir-endpoints';

/**
 * The configuration U-Boot's fastboot gadget answers (drivers/usb/gadget/f_fastboot.c): one interface, class
 * 0xff subclass 0x42 protocol 0x03, bulk IN and OUT with 512-byte packets at High Speed (`hs_ep_in`,
 * `hs_ep_out`) and 64 at Full Speed (`fs_ep_in`, `fs_ep_out`); on the DWC2 of MP13/MP15 the addresses are 0x81
 * and 0x02 (`ep1in-bulk`, `ep2out-bulk` in drivers/usb/gadget/dwc2_udc_otg.c).
 */
const fastbootConfiguration = (maxPacket: number): Uint8Array =>
  Uint8Array.of(
    ...[9, 2, 32, 0, 1, 1, 0, 0xc0, 0x32],
    ...[9, 4, 0, 0, 2, 0xff, 0x42, 0x03, 4],
    ...[7, 5, 0x81, 0x02, maxPacket & 0xff, maxPacket >> 8, 0],
    ...[7, 5, 0x02, 0x02, maxPacket & 0xff, maxPacket >> 8, 0],
  );

const u16 = (bytes: Uint8Array, at: number): number => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);

/** ep_info of one endpoint slot: [type, interval, interface, max packet size]. */
const slot = (info: Uint8Array, index: number): number[] => [
  info[index] ?? -1,
  info[32 + index] ?? -1,
  info[64 + index] ?? -1,
  u16(info, 96 + 2 * index),
];

describe('ep_info and interface_info from the configuration the board answers', () => {
  it.each([
    ['High', 512],
    ['Full', 64],
  ])(
    'the fastboot gadget at %s Speed: bulk OUT 0x02 in slot 2, bulk IN 0x81 in slot 17, %i-byte packets, interface 0 ff/42/03',
    (_speed, size) => {
      const layout = endpointLayout(fastbootConfiguration(size), () => 0);
      const info = epInfoBody(layout, 64, true);
      expect(info.length).toBe(160);
      expect(slot(info, 0)).toEqual([0, 0, 0, 64]);
      expect(slot(info, 16)).toEqual([0, 0, 0, 64]);
      expect(slot(info, 2)).toEqual([2, 0, 0, size]);
      expect(slot(info, 17)).toEqual([2, 0, 0, size]);
      const invalid = [...info.subarray(0, 32)].flatMap((type, index) => (type === 255 ? [] : [index]));
      expect(invalid).toEqual([0, 2, 16, 17]);
      const interfaces = interfaceInfoBody(layout);
      expect([u16(interfaces, 0), interfaces[4], interfaces[36], interfaces[68], interfaces[100]]).toEqual([
        1, 0, 0xff, 0x42, 0x03,
      ]);
    },
  );

  it('without cap 4 the max packet sizes are left out (96 bytes)', () => {
    expect(
      epInfoBody(
        endpointLayout(fastbootConfiguration(512), () => 0),
        64,
        false,
      ).length,
    ).toBe(96);
  });

  it('a DFU stage: endpoint 0 only, one interface fe/01/02 whatever alternate is selected', () => {
    const personality = stDfuPersonality({
      product: 'DFU in HS Mode',
      serial: null,
      alternates: ['@a', '@b', '@c'],
      detachTimeoutMs: 1,
      transferSize: 1024,
    });
    for (const alternate of [0, 2]) {
      const layout = endpointLayout(configurationDescriptorBytes(personality), () => alternate);
      expect(layout.endpoints).toEqual([]);
      expect(layout.interfaces).toEqual([{ number: 0, class: 0xfe, subClass: 0x01, protocol: 0x02 }]);
    }
  });

  it('only the endpoints of the alternate selected count', () => {
    const twoAlternates = Uint8Array.of(
      ...[9, 2, 41, 0, 1, 1, 0, 0xc0, 0x32],
      ...[9, 4, 0, 0, 0, 0xff, 0, 0, 0],
      ...[9, 4, 0, 1, 2, 0xff, 0, 0, 0],
      ...[7, 5, 0x82, 0x03, 16, 0, 4],
      ...[7, 5, 0x02, 0x02, 0, 2, 0],
    );
    expect(endpointLayout(twoAlternates, () => 0).endpoints).toEqual([]);
    expect(endpointLayout(twoAlternates, () => 1).endpoints).toEqual([
      { address: 0x82, type: 3, interval: 4, interfaceNumber: 0, maxPacketSize: 16 },
      { address: 0x02, type: 2, interval: 0, interfaceNumber: 0, maxPacketSize: 512 },
    ]);
  });
});
