import type { UsbErrorCode } from '../../usb/usb-error';
import type { DecodedDfuStatus } from './dfu-status-text';

/** Why a DFU operation failed, as a closed set of codes (each with a message and a hint below). */
export const dfuErrorCodes = [
  'DFU_ERROR_STATUS',
  'DFU_TRANSFER_ERROR',
  'DFU_DEVICE_GONE',
  'DFU_CANCELLED',
  'DFU_NO_DFU_INTERFACE',
  'DFU_BAD_ANSWER',
  'DFU_UNEXPECTED_STATE',
  'DFU_ALTERNATE_NOT_FOUND',
  'DFU_STILL_BUSY',
  'DFU_SOURCE_ERROR',
] as const;
export type DfuErrorCode = (typeof dfuErrorCodes)[number];

/** The DFU request or step that failed. */
export type DfuStep =
  | 'open'
  | 'read-source'
  | 'read-alternates'
  | 'select-alternate'
  | 'dnload'
  | 'get-status'
  | 'manifest'
  | 'upload'
  | 'get-phase'
  | 'clear-status'
  | 'get-state'
  | 'abort'
  | 'detach';

export const dfuErrorHints: Readonly<Record<DfuErrorCode, string>> = {
  DFU_ERROR_STATUS:
    'The board refused the data; its console (UART) usually says why. Reset the board and program again.',
  DFU_TRANSFER_ERROR:
    'A USB control transfer failed while the board stayed on the bus: try another cable, a port on the computer itself (no hub), and check the board supply (5 V / 3 A).',
  DFU_DEVICE_GONE:
    'The board left the USB bus: check the cable and the power supply, then reset the board and program again.',
  DFU_CANCELLED:
    'The transfer was cancelled; the partition is incomplete. Reset the board, then program again.',
  DFU_NO_DFU_INTERFACE:
    'The device has no DFU interface: it is not an STM32MP in USB boot (check the boot switches).',
  DFU_BAD_ANSWER:
    'The board answered with fewer bytes than DFU requires; reset the board. If it persists, report it with the log.',
  DFU_UNEXPECTED_STATE:
    'The board is in a DFU state this step cannot continue from (possibly left from an earlier run): reset it and program again.',
  DFU_ALTERNATE_NOT_FOUND:
    'The board offers no DFU alternate setting for this phase: the board and the FlashLayout do not match, or the board was left from an earlier run. Reset it.',
  DFU_STILL_BUSY: 'The board stayed busy past the deadline; reset the board and program again.',
  DFU_SOURCE_ERROR:
    'The image could not be read while it was being sent (moved, truncated, or on a drive that went away): check the file, reset the board and program again.',
};

export interface DfuErrorDetail {
  readonly step: DfuStep;
  /** The underlying USB failure, when the error comes from a control transfer. */
  readonly usbCode?: UsbErrorCode;
  /** What the board's GETSTATUS said, when it said something. */
  readonly status?: DecodedDfuStatus;
  readonly state?: number;
  /** Download progress when it failed. */
  readonly bytesSent?: number;
  readonly blockNumber?: number;
  /** The write deadline that passed, when a request during which the board writes timed out. */
  readonly writeDeadlineMs?: number;
  readonly cause?: unknown;
}

/** The one error type of the DFU driver: a stable code, a message, a hint a person can act on, and the facts. */
export class DfuError extends Error {
  override readonly name = 'DfuError';
  readonly code: DfuErrorCode;
  readonly hint: string;
  readonly detail: DfuErrorDetail;

  constructor(code: DfuErrorCode, message: string, detail: DfuErrorDetail, hint = dfuErrorHints[code]) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.code = code;
    this.hint = hint;
    this.detail = detail;
  }
}

export function isDfuError(error: unknown, code?: DfuErrorCode): error is DfuError {
  return error instanceof DfuError && (code === undefined || error.code === code);
}
