import type { VirtualBoard } from '../board/virtual-board';
import type { ControlRequest } from '../usb-device/endpoint-zero';
import { statusOf } from './usbredir-device-packets';
import { redirStatus } from './usbredir-protocol';

/** A control_packet reply's header: the request's header with its status and actual length set. */
export function controlReplyHeader(header: Uint8Array, status: number, length: number): Uint8Array {
  const reply = Uint8Array.from(header);
  reply[3] = status;
  new DataView(reply.buffer).setUint16(8, length, true);
  return reply;
}

/** A standard request without data (SET_CONFIGURATION, SET_INTERFACE) through the board's endpoint 0, as a status. */
export function standardRequestStatus(
  board: VirtualBoard,
  enumeration: number,
  setup: {
    readonly requestType: number;
    readonly request: number;
    readonly value: number;
    readonly index: number;
  },
): Promise<number | null> {
  return board.control(enumeration, { ...setup, length: 0, data: new Uint8Array(0) }).then(
    () => redirStatus.success as number,
    (error: unknown) => statusOf(error),
  );
}

/**
 * The request a control_packet carries (header: endpoint, request, requesttype, status, value, index, length),
 * or null when its endpoint is not endpoint 0 in the request's own direction (which decides where data travels).
 */
export function controlRequestOf(header: Uint8Array, data: Uint8Array): ControlRequest | null {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const requestType = header[2] ?? 0;
  const isIn = (requestType & 0x80) !== 0;
  if ((header[0] ?? 0) !== (isIn ? 0x80 : 0x00)) return null;
  return {
    requestType,
    request: header[1] ?? 0,
    value: view.getUint16(4, true),
    index: view.getUint16(6, true),
    length: isIn ? view.getUint16(8, true) : data.length,
    data: isIn ? new Uint8Array(0) : data,
  };
}

/** One line of the control-packet trace: `at` is `performance.now()` when it arrived or left. */
export interface RedirControlTrace {
  readonly at: number;
  readonly kind: 'request' | 'reply';
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  /** Request: wLength; reply: the bytes answered (IN) or taken (OUT). */
  readonly length: number;
  /** Reply only: the usbredir status (0 success, 4 stall). */
  readonly status?: number;
}

export interface RedirControlOptions {
  readonly board: VirtualBoard;
  /** The enumeration presented to the peer now, or null. */
  readonly presented: () => number | null;
  readonly reply: (id: bigint, header: Uint8Array, data: Uint8Array) => void;
  /** A packet whose device left before its answer: logged, never answered (`redirGoneDevicePackets`). */
  readonly drop: (id: bigint, name: string) => void;
  readonly fail: (why: string) => void;
  readonly trace?: (event: RedirControlTrace) => void;
}

const empty = new Uint8Array(0);

/** Control packets of one usbredir connection, carried to the board's endpoint 0 (`VirtualBoard.control`). */
export class RedirControlPackets {
  readonly #options: RedirControlOptions;
  /** Control packets handed to the board and not yet answered, by id: their headers. */
  readonly #inFlight = new Map<bigint, Uint8Array>();

  constructor(options: RedirControlOptions) {
    this.#options = options;
  }

  /** One control_packet of the device presented as `enumeration`. */
  transfer(id: bigint, header: Uint8Array, data: Uint8Array, enumeration: number): void {
    const { board, trace, reply } = this.#options;
    const request = controlRequestOf(header, data);
    if (request === null) return reply(id, controlReplyHeader(header, redirStatus.inval, 0), empty);
    const isIn = (request.requestType & 0x80) !== 0;
    const traced = { requestType: request.requestType, request: request.request, value: request.value };
    trace?.({ at: performance.now(), kind: 'request', ...traced, length: request.length });
    this.#inFlight.set(id, header);
    board
      .control(enumeration, request)
      .then(
        (answer) => ({ status: redirStatus.success as number, answer }),
        (error: unknown) => ({ status: statusOf(error), answer: empty }),
      )
      .then(({ status, answer }) => {
        if (!this.#inFlight.delete(id)) return;
        if (status === null || this.#options.presented() !== enumeration)
          return this.#options.drop(id, 'control_packet');
        const length = isIn ? answer.length : data.length;
        trace?.({ at: performance.now(), kind: 'reply', ...traced, length, status });
        reply(id, controlReplyHeader(header, status, length), isIn ? answer : empty);
      })
      .catch((error: unknown) => this.#options.fail(`internal error: ${String(error)}`));
  }

  /** cancel_data_packet for a control packet in flight: answered `cancelled`. Answers whether `id` was one. */
  cancel(id: bigint): boolean {
    const header = this.#inFlight.get(id);
    if (header === undefined) return false;
    this.#inFlight.delete(id);
    this.#options.reply(id, controlReplyHeader(header, redirStatus.cancelled, 0), empty);
    return true;
  }

  /** The connection is gone: late answers are never sent. */
  forget(): void {
    this.#inFlight.clear();
  }
}
