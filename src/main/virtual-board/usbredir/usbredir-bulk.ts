import type { VirtualBoard } from '../board/virtual-board';
import { statusOf } from './usbredir-device-packets';
import { bulkLength } from './usbredir-framing';
import { redirStatus } from './usbredir-protocol';

export interface RedirBulkOptions {
  readonly board: VirtualBoard;
  /** A bulk_packet reply: the request's header with status and length set, then the IN data. */
  readonly reply: (id: bigint, header: Uint8Array, data: Uint8Array) => void;
  /** A packet whose device left before its answer: logged, never answered (`redirGoneDevicePackets`). */
  readonly drop: (id: bigint) => void;
  readonly fail: (why: string) => void;
}

interface InFlight {
  readonly header: Uint8Array;
  cancelled: boolean;
}

const empty = new Uint8Array(0);

/**
 * Bulk packets of one usbredir connection, carried to the board's bulk endpoints (`VirtualBoard.bulkOut` and
 * `bulkIn`, which STALL where the stage has none). Transfers on one endpoint reach the board one after the other,
 * in the order they arrived, as a USB endpoint's queue does (QEMU may pipeline several OUT packets).
 *
 * Model choice `redirCancelledBulkIn`: a cancelled IN packet is answered `cancelled` at once; when the board's
 * answer to it comes later, its bytes wait for the next IN packet on that endpoint, as data U-Boot queued on an
 * IN endpoint stays there for the next IN token when the host gives up its transfer.
 */
export class RedirBulk {
  readonly #options: RedirBulkOptions;
  readonly #inFlight = new Map<bigint, InFlight>();
  readonly #queues = new Map<number, Promise<void>>();
  /** IN bytes the board answered to a cancelled packet, by endpoint, for the next IN packet there. */
  readonly #leftOver = new Map<number, Uint8Array>();

  constructor(options: RedirBulkOptions) {
    this.#options = options;
  }

  /** One bulk_packet of the device presented as `enumeration` (header 8 or 10 bytes, OUT data). */
  transfer(id: bigint, header: Uint8Array, data: Uint8Array, enumeration: number): void {
    const endpoint = header[0] ?? 0;
    const isIn = (endpoint & 0x80) !== 0;
    const length = bulkLength(header);
    const entry: InFlight = { header, cancelled: false };
    this.#inFlight.set(id, entry);
    const run = async (): Promise<void> => {
      if (entry.cancelled) return;
      const outcome = await (isIn
        ? this.#in(enumeration, endpoint, length)
        : this.#out(enumeration, endpoint, data));
      if (entry.cancelled) {
        if (isIn && outcome.status === redirStatus.success && outcome.data.length > 0)
          this.#leftOver.set(endpoint, outcome.data);
        return;
      }
      this.#inFlight.delete(id);
      if (outcome.status === null) return this.#options.drop(id);
      this.#options.reply(id, replyHeader(header, outcome.status, outcome.length), outcome.data);
    };
    const queued = (this.#queues.get(endpoint) ?? Promise.resolve()).then(run);
    this.#queues.set(
      endpoint,
      queued.catch((error: unknown) => this.#options.fail(`internal error: ${String(error)}`)),
    );
  }

  /** cancel_data_packet for a bulk packet in flight: answered `cancelled`. Answers whether `id` was one. */
  cancel(id: bigint): boolean {
    const entry = this.#inFlight.get(id);
    if (entry === undefined) return false;
    entry.cancelled = true;
    this.#inFlight.delete(id);
    this.#options.reply(id, replyHeader(entry.header, redirStatus.cancelled, 0), empty);
    return true;
  }

  /**
   * The presented device left: its packets are never answered, its left-over IN bytes are gone with it, and the
   * next device's endpoints start with empty queues (a transfer the gone stage never answers blocks nothing).
   */
  forget(): void {
    for (const entry of this.#inFlight.values()) entry.cancelled = true;
    this.#inFlight.clear();
    this.#leftOver.clear();
    this.#queues.clear();
  }

  async #out(
    enumeration: number,
    endpoint: number,
    data: Uint8Array,
  ): Promise<{ status: number | null; length: number; data: Uint8Array }> {
    try {
      const sent = await this.#options.board.bulkOut(enumeration, endpoint, data);
      return { status: redirStatus.success, length: sent, data: empty };
    } catch (error) {
      return { status: statusOf(error), length: 0, data: empty };
    }
  }

  async #in(
    enumeration: number,
    endpoint: number,
    length: number,
  ): Promise<{ status: number | null; length: number; data: Uint8Array }> {
    const waiting = this.#leftOver.get(endpoint);
    if (waiting !== undefined) {
      const data = waiting.subarray(0, length);
      if (waiting.length > length) this.#leftOver.set(endpoint, waiting.subarray(length));
      else this.#leftOver.delete(endpoint);
      return { status: redirStatus.success, length: data.length, data };
    }
    try {
      const answer = await this.#options.board.bulkIn(enumeration, endpoint, length);
      const data = answer.length > length ? answer.subarray(0, length) : answer;
      return { status: redirStatus.success, length: data.length, data };
    } catch (error) {
      return { status: statusOf(error), length: 0, data: empty };
    }
  }
}

/** A bulk_packet reply's header: the request's with its status and actual length (length_high when 10 bytes). */
export function replyHeader(header: Uint8Array, status: number, length: number): Uint8Array {
  const reply = Uint8Array.from(header);
  const view = new DataView(reply.buffer);
  reply[1] = status;
  view.setUint16(2, length & 0xffff, true);
  if (reply.length >= 10) view.setUint16(8, Math.floor(length / 0x10000), true);
  return reply;
}
