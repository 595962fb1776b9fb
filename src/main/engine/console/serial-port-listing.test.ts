import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandOnPath, listSerialPorts, listSerialPortsFromSysfs } from './serial-port-listing';
import type { RawPortInfo, SerialPortListingDeps } from './serial-port-listing';

const stLink: RawPortInfo = {
  path: '/dev/ttyACM0',
  vendorId: '0483',
  productId: '374b',
  manufacturer: 'STMicroelectronics',
};
const ftdi: RawPortInfo = { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' };
const builtIn: RawPortInfo = { path: '/dev/ttyS0' };

function deps(overrides: Partial<SerialPortListingDeps>): SerialPortListingDeps {
  return {
    platform: 'linux',
    commandExists: () => Promise.resolve(true),
    listWithSerialport: () => Promise.resolve([builtIn, ftdi, stLink]),
    listFromSysfs: () => Promise.resolve([]),
    ...overrides,
  };
}

describe('listSerialPorts', () => {
  it('puts ST-Link virtual COM ports first', async () => {
    const ports = await listSerialPorts(deps({}));
    expect(ports.map((port) => port.path)).toEqual(['/dev/ttyACM0', '/dev/ttyUSB0', '/dev/ttyS0']);
    expect(ports[0]).toMatchObject({ stLink: true, vendorId: 0x0483, productId: 0x374b });
  });

  it('never calls SerialPort.list() on Linux without udevadm, and lists from sysfs instead', async () => {
    const ports = await listSerialPorts(
      deps({
        commandExists: (command) => Promise.resolve(command !== 'udevadm'),
        listWithSerialport: () => Promise.reject(new Error('spawn udevadm ENOENT')),
        listFromSysfs: () => Promise.resolve([stLink]),
      }),
    );
    expect(ports.map((port) => port.path)).toEqual(['/dev/ttyACM0']);
  });

  it('falls back to sysfs when the listing fails, and to nothing elsewhere', async () => {
    const failing = { listWithSerialport: () => Promise.reject(new Error('boom')) };
    const linux = await listSerialPorts(deps({ ...failing, listFromSysfs: () => Promise.resolve([ftdi]) }));
    expect(linux.map((port) => port.path)).toEqual(['/dev/ttyUSB0']);
    expect(await listSerialPorts(deps({ ...failing, platform: 'win32' }))).toEqual([]);
  });

  it('finds commands on PATH', async () => {
    expect(await commandOnPath('sh')).toBe(true);
    expect(await commandOnPath('definitely-not-a-command-here')).toBe(false);
  });
});

describe('listSerialPortsFromSysfs', () => {
  it('reads the USB attributes of the device a tty belongs to', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'sysfs-'));
    try {
      const usbDevice = path.join(root, 'devices', 'usb1', '1-2');
      await mkdir(path.join(usbDevice, '1-2:1.2'), { recursive: true });
      await writeFile(path.join(usbDevice, 'idVendor'), '0483\n');
      await writeFile(path.join(usbDevice, 'idProduct'), '3752\n');
      await writeFile(path.join(usbDevice, 'serial'), '0668FF\n');
      await mkdir(path.join(root, 'class', 'ttyACM0'), { recursive: true });
      await symlink(path.join(usbDevice, '1-2:1.2'), path.join(root, 'class', 'ttyACM0', 'device'));
      await mkdir(path.join(root, 'class', 'tty1'), { recursive: true });
      expect(await listSerialPortsFromSysfs(path.join(root, 'class'))).toEqual([
        {
          path: '/dev/ttyACM0',
          manufacturer: undefined,
          serialNumber: '0668FF',
          vendorId: '0483',
          productId: '3752',
        },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
