/**
 * Why a USB operation failed, as a closed set of codes. Modelled on what npm `usb` 2.18 raises
 * (`LibUSBException.errno`), so a libusb adapter maps 1:1:
 * - control transfers report a `LIBUSB_TRANSFER_*` status: STALL → `stall`, TIMED_OUT → `timeout`,
 *   NO_DEVICE → `no-device`, ERROR → `io`, OVERFLOW → `overflow`, CANCELLED → `cancelled`;
 * - synchronous calls (open, claim, set alternate, strings) report a `LIBUSB_ERROR_*` code: IO → `io`,
 *   ACCESS → `access`, NO_DEVICE → `no-device`, NOT_FOUND → `not-found`, BUSY → `busy`,
 *   TIMEOUT → `timeout`, OVERFLOW → `overflow`, PIPE → `stall`, NOT_SUPPORTED → `not-supported`,
 *   INVALID_PARAM / INTERRUPTED / NO_MEM / OTHER → `other`;
 * - `no-driver` is the backend's reading of an `open` refusal, not a libusb code: on Windows, libusb answers
 *   NOT_SUPPORTED (or NOT_FOUND) when the device's driver is none it can use (WinUSB, libusbK, libusb0).
 */
export const usbErrorCodes = [
  'stall',
  'timeout',
  'no-device',
  'io',
  'overflow',
  'cancelled',
  'access',
  'not-supported',
  'not-found',
  'busy',
  'no-driver',
  'other',
] as const;
export type UsbErrorCode = (typeof usbErrorCodes)[number];

/** Codes an `open` may fail with because of the host (driver, permissions, VM filter), not the device. */
export const usbOpenRefusalCodes = [
  'access',
  'not-supported',
  'busy',
  'no-driver',
] as const satisfies readonly UsbErrorCode[];

/** The one error type every `UsbBackend` and `UsbTransport` rejects with. */
export class UsbError extends Error {
  override readonly name = 'UsbError';
  readonly code: UsbErrorCode;

  constructor(code: UsbErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isUsbError(error: unknown, code?: UsbErrorCode): error is UsbError {
  return error instanceof UsbError && (code === undefined || error.code === code);
}
