import { UsbError } from '../usb-error';
import type { UsbErrorCode } from '../usb-error';
import type { LibusbError } from './usb-module';

/** libusb's `LIBUSB_ERROR_*` values (libusb.h; stable ABI). */
const syncErrors: Readonly<Record<number, { name: string; code: UsbErrorCode }>> = {
  [-1]: { name: 'LIBUSB_ERROR_IO', code: 'io' },
  [-2]: { name: 'LIBUSB_ERROR_INVALID_PARAM', code: 'other' },
  [-3]: { name: 'LIBUSB_ERROR_ACCESS', code: 'access' },
  [-4]: { name: 'LIBUSB_ERROR_NO_DEVICE', code: 'no-device' },
  [-5]: { name: 'LIBUSB_ERROR_NOT_FOUND', code: 'not-found' },
  [-6]: { name: 'LIBUSB_ERROR_BUSY', code: 'busy' },
  [-7]: { name: 'LIBUSB_ERROR_TIMEOUT', code: 'timeout' },
  [-8]: { name: 'LIBUSB_ERROR_OVERFLOW', code: 'overflow' },
  [-9]: { name: 'LIBUSB_ERROR_PIPE', code: 'stall' },
  [-10]: { name: 'LIBUSB_ERROR_INTERRUPTED', code: 'other' },
  [-11]: { name: 'LIBUSB_ERROR_NO_MEM', code: 'other' },
  [-12]: { name: 'LIBUSB_ERROR_NOT_SUPPORTED', code: 'not-supported' },
  [-99]: { name: 'LIBUSB_ERROR_OTHER', code: 'other' },
};

/** libusb's `LIBUSB_TRANSFER_*` statuses, which npm `usb` reports as the errno of a failed transfer. */
const transferStatuses: Readonly<Record<number, { name: string; code: UsbErrorCode }>> = {
  1: { name: 'LIBUSB_TRANSFER_ERROR', code: 'io' },
  2: { name: 'LIBUSB_TRANSFER_TIMED_OUT', code: 'timeout' },
  3: { name: 'LIBUSB_TRANSFER_CANCELLED', code: 'cancelled' },
  4: { name: 'LIBUSB_TRANSFER_STALL', code: 'stall' },
  5: { name: 'LIBUSB_TRANSFER_NO_DEVICE', code: 'no-device' },
  6: { name: 'LIBUSB_TRANSFER_OVERFLOW', code: 'overflow' },
};

export function libusbErrorName(errno: number): string {
  return (errno < 0 ? syncErrors[errno] : transferStatuses[errno])?.name ?? `libusb errno ${errno}`;
}

export function usbErrorCodeOf(errno: number | undefined): UsbErrorCode {
  if (errno === undefined) return 'other';
  return (errno < 0 ? syncErrors[errno] : transferStatuses[errno])?.code ?? 'other';
}

function errnoOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('errno' in error)) return undefined;
  const errno = (error as LibusbError).errno;
  return typeof errno === 'number' ? errno : undefined;
}

/** Turns whatever npm `usb` threw or called back with into the seam's `UsbError`. */
export function toUsbError(error: unknown, what: string): UsbError {
  if (error instanceof UsbError) return error;
  const errno = errnoOf(error);
  const reason =
    errno === undefined ? (error instanceof Error ? error.message : String(error)) : libusbErrorName(errno);
  return new UsbError(usbErrorCodeOf(errno), `${what}: ${reason}`);
}
