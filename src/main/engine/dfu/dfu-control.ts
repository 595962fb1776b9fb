import { dfuRequest, dfuRequestType, dfuStatusLength } from '../../protocol/dfu';
import { isUsbError } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';
import { DfuError } from './dfu-error';
import type { DfuErrorDetail, DfuStep } from './dfu-error';
import { decodeDfuStatus, dfuStateLabel } from './dfu-status-text';
import type { DecodedDfuStatus } from './dfu-status-text';

/** A GETSTATUS answer, decoded. */
export interface DfuStatusReport {
  readonly status: DecodedDfuStatus;
  /** bwPollTimeout: how long the board asks the host to wait before the next GETSTATUS. */
  readonly pollTimeoutMs: number;
  readonly state: number;
  readonly stringIndex: number;
}

export function describeStatus(report: DfuStatusReport): string {
  return `state ${dfuStateLabel(report.state)}, status ${report.status.label}`;
}

/** Turns a failed control transfer into a `DfuError` naming the step. */
export function dfuTransferError(
  step: DfuStep,
  what: string,
  error: unknown,
  extra?: Partial<DfuErrorDetail>,
): DfuError {
  if (error instanceof DfuError) return error;
  const detail: DfuErrorDetail = { ...extra, step, cause: error };
  const reason = error instanceof Error ? error.message : String(error);
  if (isUsbError(error, 'no-device')) {
    return new DfuError('DFU_DEVICE_GONE', `${what}: the device left the bus (${reason})`, {
      ...detail,
      usbCode: 'no-device',
    });
  }
  const usbCode = isUsbError(error) ? error.code : 'other';
  return new DfuError('DFU_TRANSFER_ERROR', `${what} failed: ${reason} (${usbCode})`, { ...detail, usbCode });
}

/**
 * The seven DFU 1.1 class requests to one interface, one control transfer each, nothing more:
 * no retries, no sleeps. Every failure is a `DfuError`.
 */
export class DfuControl {
  readonly #transport: UsbTransport;
  readonly #interfaceNumber: number;
  readonly #requestTimeoutMs: number;

  constructor(transport: UsbTransport, interfaceNumber: number, requestTimeoutMs: number) {
    this.#transport = transport;
    this.#interfaceNumber = interfaceNumber;
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  get requestTimeoutMs(): number {
    return this.#requestTimeoutMs;
  }

  #out(request: number, value: number, data: Uint8Array, timeoutMs: number): Promise<number> {
    const setup = { requestType: dfuRequestType.out, request, value, index: this.#interfaceNumber };
    return this.#transport.controlTransferOut(setup, data, timeoutMs);
  }

  #in(request: number, value: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    const setup = { requestType: dfuRequestType.in, request, value, index: this.#interfaceNumber };
    return this.#transport.controlTransferIn(setup, length, timeoutMs);
  }

  /** DFU_DNLOAD of one block (a zero-length block ends the transfer). */
  async dnload(blockNumber: number, data: Uint8Array, timeoutMs = this.#requestTimeoutMs): Promise<void> {
    try {
      await this.#out(dfuRequest.dnload, blockNumber & 0xffff, data, timeoutMs);
    } catch (error) {
      throw dfuTransferError('dnload', `DNLOAD block ${blockNumber} (${data.length} bytes)`, error, {
        blockNumber,
      });
    }
  }

  async getStatus(timeoutMs = this.#requestTimeoutMs): Promise<DfuStatusReport> {
    let answer: Uint8Array;
    try {
      answer = await this.#in(dfuRequest.getStatus, 0, dfuStatusLength, timeoutMs);
    } catch (error) {
      throw dfuTransferError('get-status', 'GETSTATUS', error);
    }
    if (answer.length < dfuStatusLength) {
      throw new DfuError('DFU_BAD_ANSWER', `GETSTATUS answered ${answer.length} bytes instead of 6`, {
        step: 'get-status',
      });
    }
    const pollTimeoutMs = (answer[1] ?? 0) | ((answer[2] ?? 0) << 8) | ((answer[3] ?? 0) << 16);
    return {
      status: decodeDfuStatus(answer[0] ?? 0),
      pollTimeoutMs,
      state: answer[4] ?? 0,
      stringIndex: answer[5] ?? 0,
    };
  }

  async upload(blockNumber: number, length: number, timeoutMs = this.#requestTimeoutMs): Promise<Uint8Array> {
    try {
      return await this.#in(dfuRequest.upload, blockNumber & 0xffff, length, timeoutMs);
    } catch (error) {
      throw dfuTransferError('upload', `UPLOAD block ${blockNumber}`, error, { blockNumber });
    }
  }

  async clearStatus(): Promise<void> {
    try {
      await this.#out(dfuRequest.clrStatus, 0, new Uint8Array(0), this.#requestTimeoutMs);
    } catch (error) {
      throw dfuTransferError('clear-status', 'CLRSTATUS', error);
    }
  }

  async getState(): Promise<number> {
    let answer: Uint8Array;
    try {
      answer = await this.#in(dfuRequest.getState, 0, 1, this.#requestTimeoutMs);
    } catch (error) {
      throw dfuTransferError('get-state', 'GETSTATE', error);
    }
    const state = answer[0];
    if (state === undefined) {
      throw new DfuError('DFU_BAD_ANSWER', 'GETSTATE answered no byte', { step: 'get-state' });
    }
    return state;
  }

  async abort(): Promise<void> {
    try {
      await this.#out(dfuRequest.abort, 0, new Uint8Array(0), this.#requestTimeoutMs);
    } catch (error) {
      throw dfuTransferError('abort', 'ABORT', error);
    }
  }

  /** DFU_DETACH with wValue = wTimeout; never followed by a bus reset here (spec §1.4). */
  async detach(detachTimeoutMs: number): Promise<void> {
    try {
      await this.#out(dfuRequest.detach, detachTimeoutMs & 0xffff, new Uint8Array(0), this.#requestTimeoutMs);
    } catch (error) {
      throw dfuTransferError('detach', 'DETACH', error);
    }
  }
}
