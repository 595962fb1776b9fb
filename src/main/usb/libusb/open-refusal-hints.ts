import { forOs, openRefusalHints, type PerOs } from '../../../shared/errors';
import { UsbError } from '../usb-error';
import type { UsbErrorCode } from '../usb-error';

/** Which of the catalog's per-OS hints answers each reason the host refused to open the board. */
const hintOf: Partial<Record<UsbErrorCode, PerOs>> = {
  access: openRefusalHints.access,
  'not-supported': openRefusalHints.notSupported,
  busy: openRefusalHints.busy,
  'no-device': openRefusalHints.noDevice,
};

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
