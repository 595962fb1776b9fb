import { mapBlockBytes } from './block-map';
import { HashWorker } from './hash-worker';

/** One `<Range>` of a bmap: blocks [first, last] and the sha256 of their bytes. */
export interface RangeChecksum {
  readonly first: number;
  readonly last: number;
  readonly chksum: string;
}

/**
 * The sha256 of each range of mapped blocks, computed from the bytes as they are written (no second pass over
 * the image), on a worker thread (`HashWorker`) while the next bytes are read and written. Writes must come in
 * ascending order and never overlap; bytes between them inside a mapped block are the file's holes (zeros). A
 * write out of order marks the result unusable (`finish` answers null), and the caller reads the image back.
 */
export class RangeChecksums {
  readonly #imageBytes: number;
  readonly #done: Promise<RangeChecksum>[] = [];
  readonly #worker = new HashWorker();
  #open = false;
  #first = 0;
  /** The image offset hashed up to (exclusive). */
  #end = 0;
  #broken = false;

  constructor(imageBytes: number) {
    this.#imageBytes = imageBytes;
  }

  /**
   * Records `bytes` written at image offset `at`; resolves when they are hashed (a SharedArrayBuffer is read in
   * place, so it must not change before then).
   */
  add(at: number, bytes: Uint8Array): Promise<void> {
    if (this.#broken || bytes.length === 0) return Promise.resolve();
    if (this.#open && at < this.#end) {
      this.#broken = true;
      return Promise.resolve();
    }
    const block = Math.floor(at / mapBlockBytes);
    const lastBlock = Math.floor((this.#end - 1) / mapBlockBytes);
    if (!this.#open || block > lastBlock + 1) {
      this.#close();
      this.#worker.begin();
      this.#open = true;
      this.#first = block;
      this.#end = block * mapBlockBytes;
    }
    this.#worker.zeros(at - this.#end);
    this.#end = at + bytes.length;
    return this.#worker.update(bytes);
  }

  /** Every range, or null when the writes could not be hashed in one pass; stops the worker. */
  async finish(): Promise<RangeChecksum[] | null> {
    try {
      this.#close();
      const done = await Promise.all(this.#done);
      return this.#broken ? null : done;
    } finally {
      await this.#worker.close();
    }
  }

  /** Stops the worker without waiting for the sums (an export that failed or was cancelled). */
  async abandon(): Promise<void> {
    await this.#worker.close();
    await Promise.allSettled(this.#done);
  }

  #close(): void {
    if (!this.#open) return;
    const last = Math.floor((this.#end - 1) / mapBlockBytes);
    this.#worker.zeros(Math.min((last + 1) * mapBlockBytes, this.#imageBytes) - this.#end);
    const first = this.#first;
    const sum = this.#worker.digest().then((chksum) => ({ first, last, chksum }));
    sum.catch(() => undefined); // awaited by finish; abandon lets it fail unobserved
    this.#done.push(sum);
    this.#open = false;
  }
}
