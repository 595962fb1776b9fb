import { dfuErrorHints } from '../../../shared/errors';
import type { UsbErrorCode } from '../../usb/usb-error';
import type { DecodedDfuStatus } from './dfu-status-text';

/** Why a DFU operation failed, as a closed set of codes (each with its hint in the catalog, `shared/dfu-hints`). */
export type DfuErrorCode = keyof typeof dfuErrorHints;
export const dfuErrorCodes = Object.keys(dfuErrorHints) as DfuErrorCode[];

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

  constructor(
    code: DfuErrorCode,
    message: string,
    detail: DfuErrorDetail,
    hint: string = dfuErrorHints[code],
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.code = code;
    this.hint = hint;
    this.detail = detail;
  }
}

export function isDfuError(error: unknown, code?: DfuErrorCode): error is DfuError {
  return error instanceof DfuError && (code === undefined || error.code === code);
}
