import { describe, expect, it } from 'vitest';
import type { DeviceIdentity } from '../usb/device-identity';
import type { UsbBackend, UsbBackendEvent, UsbDeviceEntry } from '../usb/usb-backend';
import { UsbError } from '../usb/usb-error';
import { stageOfProduct, usbDeviceSource } from './usb-device-source';

const identity = (over: Partial<DeviceIdentity> = {}): DeviceIdentity => ({
  vendorId: 0x0483,
  productId: 0xdf11,
  bcdDevice: 0x0200,
  manufacturer: 'STMicroelectronics',
  product: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
  serial: '003800000000000012345678',
  busNumber: 1,
  portNumbers: [2, 3],
  speed: 'high',
  virtual: false,
  ...over,
});

function fakeBackend() {
  let devices: UsbDeviceEntry[] = [];
  const listeners = new Map<UsbBackendEvent, Set<(d: UsbDeviceEntry) => void>>();
  const backend: UsbBackend = {
    list: async () => devices,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    open: async () => {
      throw new UsbError('access', 'LIBUSB_ERROR_ACCESS');
    },
  };
  return {
    backend,
    attach(entry: UsbDeviceEntry) {
      devices = [...devices, entry];
      listeners.get('attach')?.forEach((l) => l(entry));
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the USB device source', () => {
  it('reads the stage the product string names, and leaves U-Boot’s enumeration unknown', () => {
    expect(stageOfProduct('DFU in FS Mode @Device ID /0x501, @Revision ID /0x1003')).toBe('rom');
    expect(stageOfProduct('DFU @Device ID /0x500, @Revision ID /0x2000, @Name /STM32MP157CAA Rev.B,')).toBe(
      'tfa',
    );
    expect(
      stageOfProduct('USB download gadget@Device ID /0x500, @Revision ID /0x2000, @Name /X,'),
    ).toBeNull();
    expect(stageOfProduct(null)).toBeNull();
  });

  it('lists boards as they attach, with SoC, speed and a stable id, and marks refused ones unopenable', async () => {
    const { backend, attach } = fakeBackend();
    const source = usbDeviceSource(backend);
    let changes = 0;
    source.onChange(() => changes++);
    const entry = { key: 'usb:1-2.3@7', identity: identity() };
    attach(entry);
    attach({ key: 'usb:1-4@8', identity: identity({ serial: null, portNumbers: [4], speed: 'full' }) });
    await settle();
    expect(changes).toBeGreaterThan(0);
    expect(source.list()).toMatchObject([
      {
        id: 'usb:serial:003800000000000012345678',
        soc: 'mp15',
        revision: '0x0000',
        stage: 'rom',
        speed: 'high',
        openable: true,
      },
      { id: 'usb:port:1-4', serial: null, speed: 'full', openable: true },
    ]);
    source.markUnopenable(entry, new UsbError('access', 'LIBUSB_ERROR_ACCESS'));
    expect(source.list()[0]?.openable).toBe(false);
    source.dispose();
  });
});
