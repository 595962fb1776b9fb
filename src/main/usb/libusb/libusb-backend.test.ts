import { describe, expect, it } from 'vitest';
import type { UsbDeviceEntry } from '../usb-backend';
import { isUsbError } from '../usb-error';
import { LibusbBackend } from './libusb-backend';
import { FakeLibusbDevice, FakeUsbModule } from './libusb.fake';
import { hintFor, linuxUdevRule } from '../../../shared/errors';
import { UsbOpenError } from './open-refusal-hints';
import type { ReadDeviceAttributes } from './sysfs-device-attributes';

const attributes: ReadDeviceAttributes = (bus, ports) =>
  Promise.resolve({
    manufacturer: 'STMicroelectronics',
    product: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
    serial: `SERIAL-${bus}-${ports.join('.')}`,
    speed: 'full',
    nodeRefused: false,
  });

function backend(usb: FakeUsbModule, platform: NodeJS.Platform = 'linux') {
  return new LibusbBackend({ usb, readAttributes: attributes, platform, pollIntervalMs: 60_000 });
}

async function watch(target: LibusbBackend) {
  const seen: string[] = [];
  const record = (what: string) => (entry: UsbDeviceEntry) => seen.push(`${what} ${entry.key}`);
  const offAttach = target.on('attach', record('attach'));
  const offDetach = target.on('detach', record('detach'));
  await target.whenWatching();
  const settle = () => target.pollNow().then(() => undefined);
  return { seen, off: () => (offAttach(), offDetach()), settle };
}

describe('LibusbBackend.list', () => {
  it('lists ST DFU devices without opening them, with identity from bus, port path, serial and speed', async () => {
    const usb = new FakeUsbModule();
    const board = new FakeLibusbDevice({ bus: 3, ports: [1, 4], address: 9 });
    usb.devices = [board, new FakeLibusbDevice({ vendorId: 0x046d, productId: 0xc077 })];
    const entries = await backend(usb).list();
    expect(entries).toEqual([
      {
        key: 'usb:3-1.4@9',
        identity: {
          vendorId: 0x0483,
          productId: 0xdf11,
          bcdDevice: 0x0200,
          manufacturer: 'STMicroelectronics',
          product: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
          serial: 'SERIAL-3-1.4',
          busNumber: 3,
          portNumbers: [1, 4],
          speed: 'full',
          virtual: false,
        },
      },
    ]);
    expect(board.calls).toEqual([]);
  });

  it('lists U-Boot’s fastboot gadget 0483:0afb beside DFU devices, and nothing else of ST’s', async () => {
    const usb = new FakeUsbModule();
    usb.devices = [
      new FakeLibusbDevice({ address: 7 }),
      new FakeLibusbDevice({ address: 8, productId: 0x0afb }),
      new FakeLibusbDevice({ address: 9, productId: 0x5720 }),
    ];
    const entries = await backend(usb).list();
    expect(entries.map((entry) => [entry.key, entry.identity.productId])).toEqual([
      ['usb:1-2@7', 0xdf11],
      ['usb:1-2@8', 0x0afb],
    ]);
  });

  it('lists a device whose node this user may not open with the refusal and the udev rule, still unopened', async () => {
    const usb = new FakeUsbModule();
    const board = new FakeLibusbDevice({ bus: 3, ports: [1, 4], address: 9 });
    usb.devices = [board];
    const readAttributes: ReadDeviceAttributes = async (bus, ports) => ({
      ...(await attributes(bus, ports))!,
      nodeRefused: true,
    });
    const [entry] = await new LibusbBackend({
      usb,
      readAttributes,
      platform: 'linux',
      pollIntervalMs: 60_000,
    }).list();
    expect(entry?.identity.serial).toBe('SERIAL-3-1.4');
    expect(entry?.openRefusal?.message).toMatch(/^LIBUSB_ERROR_ACCESS: .*usb:3-1\.4@9/);
    expect(entry?.openRefusal?.hint).toContain(linuxUdevRule.path);
    expect(board.calls).toEqual([]);
  });

  it('lists nothing, and never throws, without a USB subsystem or native module', async () => {
    expect(await new LibusbBackend({ usb: null }).list()).toEqual([]);
    const broken = new LibusbBackend({ usb: () => Promise.reject(new Error('cannot load usb.node')) });
    expect(await broken.list()).toEqual([]);
    const off = broken.on('attach', () => undefined);
    await broken.whenWatching();
    off();
    const elsewhere = new FakeUsbModule();
    elsewhere.devices = [new FakeLibusbDevice()];
    const [entry] = await backend(elsewhere).list();
    const error = await broken.open(entry!).catch((e: unknown) => e);
    expect(isUsbError(error, 'no-device')).toBe(true);
  });

  it('lists nothing on this machine through the real npm usb module (no USB here)', async () => {
    const entries = await new LibusbBackend().list();
    expect(Array.isArray(entries)).toBe(true);
  });
});

describe('LibusbBackend hotplug', () => {
  it('announces arrivals and departures from libusb events', async () => {
    const usb = new FakeUsbModule();
    const target = backend(usb);
    const { seen, off, settle } = await watch(target);
    const board = new FakeLibusbDevice({ ports: [2], address: 7 });
    usb.plug(board);
    await settle();
    usb.unplug(board);
    await settle();
    expect(seen).toEqual(['attach usb:1-2@7', 'detach usb:1-2@7']);
    off();
    expect(usb.listenerCount('attach') + usb.listenerCount('detach')).toBe(0);
  });

  it('catches lost events by polling, and never announces a device twice', async () => {
    const usb = new FakeUsbModule();
    const target = backend(usb);
    const { seen, off, settle } = await watch(target);
    const quiet = new FakeLibusbDevice({ ports: [3], address: 11 });
    usb.plug(quiet, false);
    await settle();
    expect(seen).toEqual(['attach usb:1-3@11']);
    usb.emit('attach', quiet);
    await settle();
    usb.unplug(quiet, false);
    await settle();
    await settle();
    expect(seen).toEqual(['attach usb:1-3@11', 'detach usb:1-3@11']);
    off();
  });

  it('sees a re-enumerated board (new address, same port) as a departure and an arrival', async () => {
    const usb = new FakeUsbModule();
    const before = new FakeLibusbDevice({ ports: [2], address: 7 });
    usb.devices = [before];
    const target = backend(usb);
    const { seen, off, settle } = await watch(target);
    usb.unplug(before, false);
    usb.plug(new FakeLibusbDevice({ ports: [2], address: 8 }), false);
    await settle();
    expect(seen).toEqual(['detach usb:1-2@7', 'attach usb:1-2@8']);
    off();
  });
});

describe('LibusbBackend.hotplugProblem', () => {
  it('on Linux without udevd (no /run/udev/control), re-enumerated boards cannot be seen: it says so', () => {
    const on = (platform: NodeJS.Platform, udevRunning: boolean) =>
      new LibusbBackend({ usb: null, platform, udevRunning: () => udevRunning }).hotplugProblem();
    expect(on('linux', false)).toBe('udev-not-running');
    expect(on('linux', true)).toBeNull();
    expect(on('darwin', false)).toBeNull();
    expect(on('win32', false)).toBeNull();
  });
});

describe('LibusbBackend.open', () => {
  async function refusal(errno: number, platform: NodeJS.Platform): Promise<UsbOpenError> {
    const usb = new FakeUsbModule();
    usb.devices = [new FakeLibusbDevice({ openErrno: errno })];
    const target = backend(usb, platform);
    const [entry] = await target.list();
    const error: unknown = await target.open(entry!).catch((caught: unknown) => caught);
    if (!(error instanceof UsbOpenError)) throw new Error(`expected UsbOpenError, got ${String(error)}`);
    return error;
  }

  it('maps LIBUSB_ERROR_ACCESS on Linux to access, with the udev rule that sorts before 73-seat-late', async () => {
    const error = await refusal(-3, 'linux');
    expect(error.code).toBe('access');
    expect(error.message).toContain('LIBUSB_ERROR_ACCESS');
    expect(error.hint).toContain(
      'SUBSYSTEM=="usb", ATTR{idVendor}=="0483", ATTR{idProduct}=="df11", TAG+="uaccess"',
    );
    expect(error.hint).toContain('/etc/udev/rules.d/70-stm32mp-flasher.rules');
    expect(error.hint).toContain("sudo sh -c 'set -e");
    expect(error.hint).toContain('udevadm control --reload-rules && udevadm trigger');
    expect('70-stm32mp-flasher.rules' < '73-seat-late.rules').toBe(true);
    expect(linuxUdevRule.path.endsWith('70-stm32mp-flasher.rules')).toBe(true);
  });

  it.each([
    [-12, 'LIBUSB_ERROR_NOT_SUPPORTED'],
    [-5, 'LIBUSB_ERROR_NOT_FOUND'],
  ] as const)('maps open errno %i on Windows to no-driver, with the Zadig steps', async (errno, name) => {
    const error = await refusal(errno, 'win32');
    expect(error.code).toBe('no-driver');
    expect(error.message).toContain(name);
    expect(error.hint).toBe(hintFor('DEVICE_NO_DRIVER', 'win32'));
    expect(error.hint).toMatch(/WinUSB/);
    expect(error.hint).toContain('https://zadig.akeo.ie/');
  });

  it('keeps NOT_SUPPORTED and NOT_FOUND as they are on Linux (no driver to install there)', async () => {
    expect((await refusal(-12, 'linux')).code).toBe('not-supported');
    expect((await refusal(-5, 'linux')).code).toBe('not-found');
  });

  it.each([
    [-6, 'busy'],
    [-4, 'no-device'],
    [-1, 'io'],
    [-99, 'other'],
  ] as const)('maps open errno %i to %s', async (errno, code) => {
    expect((await refusal(errno, 'linux')).code).toBe(code);
  });

  it('fails with no-device for a board that left since it was listed', async () => {
    const usb = new FakeUsbModule();
    const board = new FakeLibusbDevice();
    usb.devices = [board];
    const target = backend(usb);
    const [entry] = await target.list();
    usb.unplug(board, false);
    const error = await target.open(entry!).catch((caught: unknown) => caught);
    expect(isUsbError(error, 'no-device')).toBe(true);
  });
});

describe('LibusbBackend hotplug', () => {
  it.each([
    [true, 'listens only to events where the platform has hotplug'],
    [false, 'polls the bus, bounded, where it has none'],
  ])('hotplug %s: %s', async (hotplug) => {
    const usb = new FakeUsbModule();
    usb.hotplug = hotplug;
    const target = new LibusbBackend({
      usb,
      readAttributes: attributes,
      platform: 'linux',
      pollIntervalMs: 10,
    });
    const stop = target.on('attach', () => undefined);
    await target.whenWatching();
    const before = usb.lists;
    await new Promise((resolve) => setTimeout(resolve, 80));
    stop();
    if (hotplug) expect(usb.lists).toBe(before);
    else expect(usb.lists).toBeGreaterThan(before + 2);
  });
});
