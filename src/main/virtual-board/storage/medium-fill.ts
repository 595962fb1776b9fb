import { readFile, rm, writeFile } from 'node:fs/promises';
import { ExtentSet } from './extent-set';

/** The longest `--sim-fill` pattern, in bytes. */
export const maxFillPatternBytes = 64;

/**
 * `--sim-fill` text: 1 to 64 bytes in hex (`a5`, `0xdeadbeef`); null when it is not that. The pattern repeats
 * from byte 0 of each memory: byte `p` holds `pattern[p % length]`.
 */
export function parseFillPattern(text: string): Uint8Array | null {
  const hex = text.replace(/^0x/i, '');
  if (!/^([0-9a-f]{2})+$/i.test(hex) || hex.length / 2 > maxFillPatternBytes) return null;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

interface FillRecord {
  readonly pattern: string;
  /** [start, end) byte ranges the board wrote or erased since the fill: everywhere else reads the pattern. */
  readonly touched: readonly (readonly [number, number])[];
}

const sidecarOf = (mediumPath: string): string => `${mediumPath}.fill.json`;
const chunkBytes = 64 * 1024;

/**
 * Model choice `simFillPattern` (a test aid, `--sim-fill`): a real SD card or eMMC holds arbitrary bytes before
 * it is programmed; the filled memory holds a known pattern instead, so a test sees which ranges a run left alone.
 * The memory file stays sparse: the ranges the board wrote or erased are kept in `<memory>.img.fill.json`
 * beside it, and every other byte reads as the pattern (`sparse-medium.ts` asks `overlay` on each read).
 */
export class MediumFill {
  readonly pattern: Uint8Array;
  readonly #sidecar: string;
  readonly #touched = new ExtentSet();
  /** The pattern repeated over a chunk and one more pattern length, so any phase can be cut from it. */
  readonly #repeated: Uint8Array;
  readonly #chunk: number;

  private constructor(mediumPath: string, pattern: Uint8Array) {
    this.pattern = pattern;
    this.#sidecar = sidecarOf(mediumPath);
    this.#chunk = chunkBytes - (chunkBytes % pattern.length);
    this.#repeated = new Uint8Array(this.#chunk + pattern.length);
    for (let at = 0; at < this.#repeated.length; at++) this.#repeated[at] = pattern[at % pattern.length] ?? 0;
  }

  /** A fresh fill of a memory (its file just emptied): nothing touched yet; the record is written now. */
  static async start(mediumPath: string, pattern: Uint8Array): Promise<MediumFill> {
    const fill = new MediumFill(mediumPath, pattern);
    await fill.save();
    return fill;
  }

  /** The fill recorded beside a memory file by an earlier run, or null when it was never filled. */
  static async load(mediumPath: string): Promise<MediumFill | null> {
    const text = await readFile(sidecarOf(mediumPath), 'utf8').catch(() => null);
    if (text === null) return null;
    const record = JSON.parse(text) as FillRecord;
    const pattern = parseFillPattern(record.pattern);
    if (pattern === null) throw new Error(`${sidecarOf(mediumPath)}: not a fill record`);
    const fill = new MediumFill(mediumPath, pattern);
    for (const [start, end] of record.touched) fill.touch(start, end);
    return fill;
  }

  /** A memory file made anew holds zeros, not an older fill: its record goes. */
  static forget(mediumPath: string): Promise<void> {
    return rm(sidecarOf(mediumPath), { force: true });
  }

  /** The board wrote or erased [start, end): those bytes are the file's from now on. */
  touch(start: number, end: number): void {
    this.#touched.add(start, end);
  }

  /** Puts the pattern into the parts of `bytes` (read at `offset`) that the board never touched. */
  overlay(offset: number, bytes: Uint8Array): void {
    const end = offset + bytes.length;
    let at = offset;
    for (const [start, stop] of [...this.#touched.intersect(offset, end), [end, end] as const]) {
      this.#fillGap(bytes, offset, at, start);
      at = Math.max(at, stop);
    }
  }

  async save(): Promise<void> {
    const record: FillRecord = {
      pattern: Buffer.from(this.pattern).toString('hex'),
      touched: this.#touched.intersect(0, Number.MAX_SAFE_INTEGER),
    };
    await writeFile(this.#sidecar, `${JSON.stringify(record)}\n`);
  }

  #fillGap(bytes: Uint8Array, offset: number, start: number, end: number): void {
    const phase = start % this.pattern.length;
    for (let at = start; at < end; at += this.#chunk) {
      const length = Math.min(this.#chunk, end - at);
      bytes.set(this.#repeated.subarray(phase, phase + length), at - offset);
    }
  }
}
