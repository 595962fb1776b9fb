import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkSpeedFromMbps, sysfsDeviceAttributesReader } from './sysfs-device-attributes';

describe('sysfsDeviceAttributesReader', () => {
  it('reads serial, strings and the negotiated speed of bus-port without opening the device', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'usb-sysfs-'));
    try {
      const device = path.join(root, '1-2.3');
      await mkdir(device);
      await writeFile(path.join(device, 'speed'), '12\n');
      await writeFile(path.join(device, 'serial'), '002700223239511737383434\n');
      await writeFile(
        path.join(device, 'product'),
        'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000\n',
      );
      const read = sysfsDeviceAttributesReader('linux', root);
      expect(await read(1, [2, 3])).toEqual({
        manufacturer: null,
        product: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
        serial: '002700223239511737383434',
        speed: 'full',
      });
      expect(await read(1, [9])).toBeNull();
      expect(await sysfsDeviceAttributesReader('win32', root)(1, [2, 3])).toBeNull();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('maps sysfs speeds, never guessing', () => {
    expect(['1.5', '12', '480', '5000', '42'].map(linkSpeedFromMbps)).toEqual([
      'low',
      'full',
      'high',
      'super',
      'unknown',
    ]);
  });
});
