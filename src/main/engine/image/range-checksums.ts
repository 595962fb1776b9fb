import { checksumRangeBlocks, mapBlockBytes } from './block-map';
import { HashWorker } from './hash-worker';

/** One `<Range>` of a bmap: blocks [first, last] and the sha256 of their bytes. */
export interface RangeChecksum {
  readonly first: number;
  readonly last: number;
  readonly chksum: string;
}

/**
 * The sha256 of each range of mapped blocks, computed from the bytes as they are written (no second pass over
 * the image), on two worker threads (`HashWorker`) while the next bytes are read and written: a range is cut
 * every `checksumRangeBlocks` blocks (as `checksumRanges` lists them in the bmap) and the pieces go to the threads
 * in turn, so two cores hash at once (one sha256 cannot be split; a 1 GiB one alone takes longer than `cp`). Writes must come in
 * ascending order and never overlap; bytes between them inside a mapped block are the file's holes (zeros). A
 * write out of order marks the result unusable (`finish` answers null), and the caller reads the image back.
 */
export class RangeChecksums {
  readonly #imageBytes: number;
  readonly #done: Promise<RangeChecksum>[] = [];
  readonly #workers = [new HashWorker(), new HashWorker()];
  /** The thread hashing the open range. */
  #current = 0;
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
    if (!this.#open || block > lastBlock + 1) this.#start(block);
    const hashed: Promise<void>[] = [];
    let offset = at;
    let rest = bytes;
    for (;;) {
      const limit = (this.#first + checksumRangeBlocks) * mapBlockBytes;
      if (offset + rest.length <= limit) break;
      if (offset < limit) {
        const head = rest.subarray(0, limit - offset);
        hashed.push(this.#append(offset, head));
        offset = limit;
        rest = rest.subarray(head.length);
      } else this.#append(limit, new Uint8Array(0));
      this.#close();
      this.#start(limit / mapBlockBytes);
    }
    if (rest.length > 0) hashed.push(this.#append(offset, rest));
    return Promise.all(hashed).then(() => undefined);
  }

  /** Every range, or null when the writes could not be hashed in one pass; stops the worker. */
  async finish(): Promise<RangeChecksum[] | null> {
    try {
      this.#close();
      const done = await Promise.all(this.#done);
      return this.#broken ? null : done;
    } finally {
      await this.#closeWorkers();
    }
  }

  /** Stops the worker without waiting for the sums (an export that failed or was cancelled). */
  async abandon(): Promise<void> {
    await this.#closeWorkers();
    await Promise.allSettled(this.#done);
  }

  async #closeWorkers(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.close()));
  }

  get #worker(): HashWorker {
    const worker = this.#workers[this.#current];
    if (worker === undefined) throw new Error('no hashing thread');
    return worker;
  }

  /** Opens a range at `block` on the next thread. */
  #start(block: number): void {
    this.#close();
    this.#current = (this.#current + 1) % this.#workers.length;
    this.#worker.begin();
    this.#open = true;
    this.#first = block;
    this.#end = block * mapBlockBytes;
  }

  /** Hashes the zeros up to `at`, then `bytes`, into the open range. */
  #append(at: number, bytes: Uint8Array): Promise<void> {
    this.#worker.zeros(at - this.#end);
    this.#end = at + bytes.length;
    return bytes.length === 0 ? Promise.resolve() : this.#worker.update(bytes);
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
