import type { BulkStageHandler } from '../../board/board-stage';
import { UsbError } from '../../../usb/usb-error';

/**
 * Test support: a stage's bulk endpoints that echo. What goes OUT on endpoint N comes back IN on N | 0x80, in
 * order; an IN waits until there is something to give. `outDelayMs` makes each OUT take that long (the
 * first entry for the first OUT, and so on), to see order kept when answers would overtake each other.
 */
export class BulkEcho implements BulkStageHandler {
  readonly #waiting = new Map<number, Uint8Array[]>();
  readonly #wakers = new Set<() => void>();
  readonly #outDelayMs: number[];
  /** Every transfer as it reached the stage: `out 0x01 3000`, `in 0x81 4096`. */
  readonly calls: string[] = [];

  constructor(options: { readonly outDelayMs?: readonly number[] } = {}) {
    this.#outDelayMs = [...(options.outDelayMs ?? [])];
  }

  async out(endpoint: number, data: Uint8Array): Promise<number> {
    if ((endpoint & 0x80) !== 0) throw new UsbError('stall', 'LIBUSB_TRANSFER_STALL: an IN endpoint');
    this.calls.push(`out 0x${endpoint.toString(16).padStart(2, '0')} ${data.length}`);
    const delay = this.#outDelayMs.shift() ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const queue = this.#waiting.get(endpoint | 0x80) ?? [];
    queue.push(Uint8Array.from(data));
    this.#waiting.set(endpoint | 0x80, queue);
    for (const wake of [...this.#wakers]) wake();
    return data.length;
  }

  async in(endpoint: number, length: number): Promise<Uint8Array> {
    if ((endpoint & 0x80) === 0) throw new UsbError('stall', 'LIBUSB_TRANSFER_STALL: an OUT endpoint');
    this.calls.push(`in 0x${endpoint.toString(16)} ${length}`);
    for (;;) {
      const queue = this.#waiting.get(endpoint) ?? [];
      const first = queue[0];
      if (first !== undefined) {
        if (first.length <= length) queue.shift();
        else queue[0] = first.subarray(length);
        return first.subarray(0, length);
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#wakers.delete(wake);
          resolve();
        };
        this.#wakers.add(wake);
      });
    }
  }
}
