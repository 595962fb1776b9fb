import { forOs, openRefusalHints, type PerOs } from '../../../shared/errors';
import { UsbError } from '../usb-error';
import type { UsbErrorCode } from '../usb-error';

/** Which of the catalog's per-OS hints answers each reason the host refused to open the board. */
const hintOf: Partial<Record<UsbErrorCode, PerOs>> = {
  access: openRefusalHints.access,
  'not-supported': openRefusalHints.notSupported,
  busy: openRefusalHints.busy,
  'no-device': openRefusalHints.noDevice,
  'no-driver': openRefusalHints.noDriver,
};

/**
 * Why `open` was refused, as the seam says it. On Windows libusb answers NOT_SUPPORTED when the device's driver is
 * none it can drive (libusb 1.0.30 `windows_winusb.c`: `CHECK_SUPPORTED_API(priv->apib, open)`; its WinUSB-like
 * drivers are libusbK, libusb0 and WinUSB), and NOT_FOUND when no usable interface of it is found: both mean "no
 * driver libusb can use", which has its own fix.
 */
export function openRefusalCode(code: UsbErrorCode, platform: NodeJS.Platform): UsbErrorCode {
  return platform === 'win32' && (code === 'not-supported' || code === 'not-found') ? 'no-driver' : code;
}

/** What a person can do when the host refuses to open the board, for this OS. */
export function openRefusalHint(code: UsbErrorCode, platform: NodeJS.Platform): string {
  return forOs(hintOf[code] ?? openRefusalHints.other, platform);
}

/** A `UsbError` from `open`, carrying the hint for this OS. */
export class UsbOpenError extends UsbError {
  readonly hint: string;

  constructor(code: UsbErrorCode, message: string, hint: string) {
    super(code, message);
    this.hint = hint;
  }
}
