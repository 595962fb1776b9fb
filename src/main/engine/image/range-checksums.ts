import { createHash, type Hash } from 'node:crypto';
import { mapBlockBytes } from './block-map';

/** One `<Range>` of a bmap: blocks [first, last] and the sha256 of their bytes. */
export interface RangeChecksum {
  readonly first: number;
  readonly last: number;
  readonly chksum: string;
}

const zeros = new Uint8Array(2 * mapBlockBytes);

/**
 * The sha256 of each range of mapped blocks, computed from the bytes as they are written (no second pass over
 * the image). Writes must come in ascending order and never overlap; bytes between them inside a mapped block
 * are the file's holes (zeros). A write out of order marks the result unusable (`finish` answers null), and the
 * caller reads the image back instead.
 */
export class RangeChecksums {
  readonly #imageBytes: number;
  readonly #done: RangeChecksum[] = [];
  #hash: Hash | null = null;
  #first = 0;
  /** The image offset hashed up to (exclusive). */
  #end = 0;
  #broken = false;

  constructor(imageBytes: number) {
    this.#imageBytes = imageBytes;
  }

  /** Records `bytes` written at image offset `at`. */
  add(at: number, bytes: Uint8Array): void {
    if (this.#broken || bytes.length === 0) return;
    if (this.#hash !== null && at < this.#end) {
      this.#broken = true;
      return;
    }
    const block = Math.floor(at / mapBlockBytes);
    const lastBlock = Math.floor((this.#end - 1) / mapBlockBytes);
    if (this.#hash === null || block > lastBlock + 1) {
      this.#close();
      this.#hash = createHash('sha256');
      this.#first = block;
      this.#end = block * mapBlockBytes;
    }
    this.#feedZeros(at - this.#end);
    this.#hash.update(bytes);
    this.#end = at + bytes.length;
  }

  /** Every range, or null when the writes could not be hashed in one pass. */
  finish(): RangeChecksum[] | null {
    this.#close();
    return this.#broken ? null : this.#done;
  }

  #feedZeros(count: number): void {
    for (let left = count; left > 0; left -= zeros.length)
      this.#hash?.update(zeros.subarray(0, Math.min(left, zeros.length)));
  }

  #close(): void {
    if (this.#hash === null) return;
    const last = Math.floor((this.#end - 1) / mapBlockBytes);
    this.#feedZeros(Math.min((last + 1) * mapBlockBytes, this.#imageBytes) - this.#end);
    this.#done.push({ first: this.#first, last, chksum: this.#hash.digest('hex') });
    this.#hash = null;
  }
}
