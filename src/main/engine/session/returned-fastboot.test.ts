import { describe, expect, it } from 'vitest';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { UsbError } from '../../usb/usb-error';
import { FakeClock } from '../dfu/clock.fake';
import { openReturnedFastboot } from './returned-fastboot';

const entry = {
  key: 'fastboot-1',
  identity: {
    vendorId: 0x0483,
    productId: 0x0afb,
    bcdDevice: 0x0200,
    manufacturer: 'STMicroelectronics',
    product: 'USB download gadget',
    serial: '002700223239511737383434',
    busNumber: 1,
    portNumbers: [2],
    speed: 'high',
    virtual: false,
  },
} satisfies UsbDeviceEntry;

/** A host that lists the fastboot device but refuses to open it, as libusb does without a udev rule or WinUSB. */
const refusing = (code: 'access' | 'not-supported'): UsbBackend => ({
  list: () => Promise.resolve([entry]),
  on: () => () => undefined,
  open: () => Promise.reject(new UsbError(code, `LIBUSB_ERROR_${code.toUpperCase()}`)),
});

describe('opening the board come back as its fastboot gadget', () => {
  it.each([
    ['linux', 'access', /udev rule/],
    ['win32', 'not-supported', /WinUSB/],
  ] as const)(
    'a refused open on %s says how to open 0483:0afb, not 0483:df11',
    async (platform, code, fix) => {
      const outcome = await openReturnedFastboot(entry, {
        backend: refusing(code),
        clock: new FakeClock(),
        readyMs: 1000,
        pollMs: 100,
        platform,
        onMessage: () => undefined,
      });
      expect(outcome).toMatchObject({ kind: 'refused', code });
      const hint = outcome.kind === 'refused' ? (outcome.hint ?? '') : '';
      expect(hint).toContain('0483:0afb');
      expect(hint).toMatch(fix);
    },
  );
});
