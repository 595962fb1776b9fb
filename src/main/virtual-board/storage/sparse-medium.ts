import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ExtentSet } from './extent-set';
import { MediumFill } from './medium-fill';

const zeroChunk = new Uint8Array(1024 * 1024);

function isAllZero(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; at += zeroChunk.length) {
    const part = bytes.subarray(at, Math.min(bytes.length, at + zeroChunk.length));
    if (Buffer.compare(part, zeroChunk.subarray(0, part.length)) !== 0) return false;
  }
  return true;
}

/** Linux: deallocates a range of a file (`fallocate --punch-hole`), so it reads as zeros and costs no disk. */
function punchHole(path: string, offset: number, length: number): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  return new Promise((resolve) => {
    execFile(
      'fallocate',
      ['--punch-hole', '--keep-size', '--offset', String(offset), '--length', String(length), path],
      (error) => resolve(error === null),
    );
  });
}

function symlinkRefused(path: string): Error {
  return new Error(
    `the virtual board's memory file ${path} is a symbolic link; it is not followed (the simulation would resize and overwrite its target). Remove the link or pick another --sim-storage.`,
  );
}

/**
 * One memory as a sparse file of a fixed size. An all-zero block is never written into a hole: over a region
 * this process never wrote (a fresh file) it is skipped; over an older file's bytes it is compared first.
 */
export class SparseMedium {
  readonly path: string;
  readonly size: number;
  readonly #file: FileHandle;
  readonly #written = new ExtentSet();
  readonly #preexisting: boolean;
  /** A failure every write answers instead of writing (the storage's test hook); null: none. */
  readonly #injectedFailure: (offset: number) => Error | null;
  /** `--sim-fill`: what the bytes the board never touched read as (null: zeros). */
  readonly #fill: MediumFill | null;

  private constructor(
    path: string,
    size: number,
    file: FileHandle,
    preexisting: boolean,
    injectedFailure: (offset: number) => Error | null,
    fill: MediumFill | null,
  ) {
    this.path = path;
    this.size = size;
    this.#file = file;
    this.#preexisting = preexisting;
    this.#injectedFailure = injectedFailure;
    this.#fill = fill;
  }

  /**
   * Opens (or creates) the memory file. A symbolic link is refused, never followed: the file is resized and
   * written, so a link would let the simulation overwrite whatever it points to (`O_NOFOLLOW` where the OS has it).
   * With `fill` (`--sim-fill`), whatever the file held is dropped and every byte reads as the pattern until the
   * board writes it; without, a fill recorded by an earlier run still answers for the bytes never touched since.
   */
  static async open(
    path: string,
    size: number,
    injectedFailure: (offset: number) => Error | null = () => null,
    fill: Uint8Array | null = null,
  ): Promise<SparseMedium> {
    const existing = await lstat(path).catch(() => null);
    if (existing?.isSymbolicLink() === true) throw symlinkRefused(path);
    if (existing !== null && !existing.isFile())
      throw new Error(`the virtual board's memory file ${path} is not a regular file; move it away.`);
    const flags =
      (existing ? constants.O_RDWR : constants.O_RDWR | constants.O_CREAT | constants.O_EXCL) |
      (constants.O_NOFOLLOW ?? 0);
    const file = await open(path, flags, 0o644).catch((error: unknown) => {
      // ELOOP: it became a symbolic link since lstat.
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ELOOP')
        throw symlinkRefused(path);
      throw error;
    });
    if (fill !== null) await file.truncate(0);
    if (!existing || existing.size !== size || fill !== null) await file.truncate(size);
    if (!existing) await MediumFill.forget(path);
    const filled = fill === null ? await MediumFill.load(path) : await MediumFill.start(path, fill);
    const preexisting = existing !== null && existing.size > 0 && fill === null;
    return new SparseMedium(path, size, file, preexisting, injectedFailure, filled);
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    if (offset < 0 || offset + bytes.length > this.size)
      throw new RangeError(
        `write of ${bytes.length} bytes at ${offset} beyond ${this.path} (${this.size} bytes)`,
      );
    const injected = this.#injectedFailure(offset);
    if (injected !== null) throw injected;
    if (!isAllZero(bytes)) {
      await this.#file.write(bytes, 0, bytes.length, offset);
      this.#written.add(offset, offset + bytes.length);
    } else await this.#zero(offset, offset + bytes.length);
    this.#fill?.touch(offset, offset + bytes.length);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const bytes = await this.#readFile(offset, length);
    this.#fill?.overlay(offset, bytes);
    return bytes;
  }

  /** Makes [offset, offset + length) read as zeros, without filling holes (a punched hole where the OS can). */
  async erase(offset: number, length: number): Promise<void> {
    const injected = this.#injectedFailure(offset);
    if (injected !== null) throw injected;
    const end = Math.min(this.size, offset + length);
    this.#fill?.touch(offset, end);
    if (end - offset >= zeroChunk.length && (await punchHole(this.path, offset, end - offset))) return;
    await this.#zero(offset, end);
  }

  async close(): Promise<void> {
    await this.#fill?.save();
    await this.#file.close();
  }

  async #readFile(offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    await this.#file.read(bytes, 0, length, offset);
    return bytes;
  }

  async #zero(start: number, end: number): Promise<void> {
    const ranges: [number, number][] = this.#preexisting
      ? [[start, end]]
      : this.#written.intersect(start, end);
    for (const [rangeStart, rangeEnd] of ranges) {
      for (let at = rangeStart; at < rangeEnd; at += zeroChunk.length) {
        const length = Math.min(zeroChunk.length, rangeEnd - at);
        if (this.#preexisting && isAllZero(await this.#readFile(at, length))) continue;
        await this.#file.write(zeroChunk, 0, length, at);
      }
    }
  }
}
