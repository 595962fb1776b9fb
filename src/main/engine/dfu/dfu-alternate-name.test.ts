import { describe, expect, it } from 'vitest';
import { parseDfuAlternateName } from './dfu-alternate-name';
import { DfuDevice } from './dfu-device';
import { FakeClock, FakeDfuTransport } from './dfu-transport.fake';

describe('parseDfuAlternateName', () => {
  it.each([
    [
      '@FSBL /0x01/1*1Me',
      { name: 'FSBL', phaseId: 0x01, sizeBytes: 1024 ** 2, readable: true, writable: true },
    ],
    ['@Partition0 /0x00/1*256Ke', { name: 'Partition0', phaseId: 0x00, sizeBytes: 256 * 1024 }],
    [
      '@virtual /0xF1/1*512Ba',
      { name: 'virtual', phaseId: 0xf1, sizeBytes: 512, readable: true, writable: false },
    ],
    ['@virtual/0xf1/1*512Be', { name: 'virtual', phaseId: 0xf1, sizeBytes: 512, writable: true }],
    ['@rootfs/0x23/1*3Ge', { name: 'rootfs', phaseId: 0x23, sizeBytes: 3 * 1024 ** 3 }],
    ['@DDR FIP /0x02/1*32Ke', { name: 'DDR FIP', phaseId: 0x02, sizeBytes: 32 * 1024 }],
    ['@OTP/0xf2/1*776Be', { name: 'OTP', phaseId: 0xf2, sizeBytes: 776 }],
    ['@empty/0x30/1*8Ma', { name: 'empty', phaseId: 0x30, readable: true, writable: false, erasable: false }],
  ])('%s', (text, expected) => {
    expect(parseDfuAlternateName(text)).toMatchObject(expected);
  });

  it.each(['DFU Interface', '@FSBL', '@x/0x1g/1*1Me', ''])('refuses %j', (text) => {
    expect(parseDfuAlternateName(text)).toBeNull();
  });
});

describe('DfuDevice alternates', () => {
  it('reads every alternate name of the interface and finds one by phase', async () => {
    const names = ['@fsbl1/0x01/1*256Ke', '@fip/0x03/1*4Me', '@rootfs/0x21/1*3Ge', '@virtual/0xf1/1*512Be'];
    const clock = new FakeClock();
    const device = await DfuDevice.open(new FakeDfuTransport({ alternates: names }, clock), { clock });
    const alternates = await device.readAlternates();
    expect(alternates.map((alt) => [alt.alternateSetting, alt.text, alt.parsed?.phaseId])).toEqual([
      [0, names[0], 0x01],
      [1, names[1], 0x03],
      [2, names[2], 0x21],
      [3, names[3], 0xf1],
    ]);
    expect((await device.findAlternate(0x21)).alternateSetting).toBe(2);
  });
});
