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
