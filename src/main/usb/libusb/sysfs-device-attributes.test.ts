import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  linkSpeedFromMbps,
  nodeRefusedByPermissions,
  sysfsDeviceAttributesReader,
} from './sysfs-device-attributes';

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
        nodeRefused: false,
      });
      expect(await read(1, [9])).toBeNull();
      expect(await sysfsDeviceAttributesReader('win32', root)(1, [2, 3])).toBeNull();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('tells when this user may not open the device node that busnum and devnum name', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'usb-sysfs-'));
    try {
      const device = path.join(root, '1-2');
      await mkdir(device);
      await writeFile(path.join(device, 'speed'), '480\n');
      const asked: string[] = [];
      const refuse = (node: string) => (asked.push(node), Promise.resolve(true));
      const read = sysfsDeviceAttributesReader('linux', root, refuse, '/dev/bus/usb');
      expect((await read(1, [2]))?.nodeRefused).toBe(false);
      expect(asked).toEqual([]);
      await writeFile(path.join(device, 'busnum'), '1\n');
      await writeFile(path.join(device, 'devnum'), '17\n');
      expect((await read(1, [2]))?.nodeRefused).toBe(true);
      expect(asked).toEqual(['/dev/bus/usb/001/017']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('counts only EACCES / EPERM as refused, not a missing node', async () => {
    expect(await nodeRefusedByPermissions('/dev/bus/usb/no-such-node')).toBe(false);
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
