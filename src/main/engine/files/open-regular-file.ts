import { type BigIntStats, constants } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { withDeadline } from './file-deadline';
import { NotARegularFileError, kindOfStats } from './file-kind';

/** How long one open or read of a regular file may take before it is given up (a hung network mount). */
export const fileDeadlineMs = 10_000;

export interface OpenedFile {
  readonly handle: FileHandle;
  /** From the open handle (`fstat`), sizes exact beyond 4 GiB. */
  readonly stats: BigIntStats;
}

/**
 * Opens a file that is known to be a regular file before a byte is read from it. The open itself cannot block:
 * `O_NONBLOCK` makes opening a FIFO return at once (without it, open waits for a writer, holding a libuv worker
 * and making the process deaf to SIGINT), and the type is then read from the open handle (`fstat`, so what is
 * checked is what is read). A FIFO, socket, character or block device or folder throws NotARegularFileError,
 * whose message says what it is. Open and `fstat` each have a deadline. The caller closes the handle.
 */
export async function openRegularFile(file: string, deadlineMs = fileDeadlineMs): Promise<OpenedFile> {
  // O_NONBLOCK is undefined on Windows, where opening a named pipe does not wait for the other end.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  const opening = open(file, flags);
  let handle: FileHandle;
  try {
    handle = await withDeadline(opening, deadlineMs, `opening ${file}`, (late) => void late.close());
  } catch (error) {
    throw await whyNotOpened(file, error);
  }
  try {
    const stats = await withDeadline(
      handle.stat({ bigint: true }),
      deadlineMs,
      `reading the type of ${file}`,
    );
    const kind = kindOfStats(stats);
    if (kind !== 'file') throw new NotARegularFileError(file, kind);
    return { handle, stats };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** A socket cannot be opened at all (ENXIO): `stat` (which never waits on the other end) then names what it is. */
async function whyNotOpened(file: string, error: unknown): Promise<unknown> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ETIMEDOUT') return error;
  try {
    const kind = kindOfStats(await stat(file));
    return kind === 'file' ? error : new NotARegularFileError(file, kind);
  } catch {
    return error;
  }
}

/** Reads up to `length` bytes at `position`, with a deadline. */
export async function readWithDeadline(
  handle: FileHandle,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number,
  what: string,
  deadlineMs = fileDeadlineMs,
): Promise<number> {
  const { bytesRead } = await withDeadline(handle.read(buffer, offset, length, position), deadlineMs, what);
  return bytesRead;
}

/** The first `length` bytes of a regular file (fewer if it is shorter). */
export async function readRegularFileStart(file: string, length: number): Promise<Uint8Array> {
  const { handle } = await openRegularFile(file);
  try {
    const buffer = new Uint8Array(length);
    const bytesRead = await readWithDeadline(handle, buffer, 0, length, 0, `reading ${file}`);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A whole regular file of at most `maxBytes`, read with a deadline; a larger one is not read (FileTooLargeError).
 * The size is taken from the open handle, so a file growing while it is read is cut at that size.
 */
export async function readSmallRegularFile(file: string, maxBytes: number): Promise<Uint8Array> {
  const { handle, stats } = await openRegularFile(file);
  try {
    if (stats.size > BigInt(maxBytes)) throw new FileTooLargeError(file, stats.size, maxBytes);
    const size = Number(stats.size);
    const buffer = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const read = await readWithDeadline(handle, buffer, filled, size - filled, filled, `reading ${file}`);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

export class FileTooLargeError extends Error {
  readonly code = 'EFBIG';
  constructor(
    readonly path: string,
    readonly size: bigint,
    readonly maxBytes: number,
  ) {
    super(`${path} is ${size} bytes, more than the ${maxBytes} read here`);
    this.name = 'FileTooLargeError';
  }
}
