import type { Hash } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { NotARegularFileError } from '../files/file-kind';
import { openRegularFile, readWithDeadline } from '../files/open-regular-file';

/**
 * What an image file was when it was read: its size, its modification time and the SHA-256 of its bytes. A run
 * records it when it is planned and holds the file to it when it sends; a station recipe or a resumed run can hold
 * a file to one recorded earlier the same way.
 */
export interface ImageIdentity {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Lowercase hex. */
  readonly sha256: string;
}

/** What can differ between two identities of one file, in the order a person reads them. */
export type IdentityChange = 'size' | 'mtime' | 'content';

/** The size and modification time of a file (a `stat`), without its content. */
export type FileStamp = Pick<ImageIdentity, 'size' | 'mtimeMs'>;

/** How much of a file one read hashes: one buffer, reused (a 4 GiB image never sits in memory). */
const chunkBytes = 1 << 20;

/** The hash identities are made of, fed block by block (for bytes read elsewhere, e.g. while they are sent). */
export function contentHasher(): { update(bytes: Uint8Array): void; digest(): string } {
  const hash: Hash = createHash('sha256');
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => hash.digest('hex'),
  };
}

/** Size and modification time from a `stat` of the file. */
export function stampOf(stats: Pick<Stats, 'size' | 'mtimeMs'>): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs };
}

/** Which of size and modification time differ (content is not looked at). */
export function stampChanges(expected: FileStamp, actual: FileStamp): IdentityChange[] {
  const changes: IdentityChange[] = [];
  if (expected.size !== actual.size) changes.push('size');
  if (expected.mtimeMs !== actual.mtimeMs) changes.push('mtime');
  return changes;
}

/** What differs between two identities of a file; empty when they are the same. */
export function identityChanges(expected: ImageIdentity, actual: ImageIdentity): IdentityChange[] {
  const changes = stampChanges(expected, actual);
  if (expected.sha256 !== actual.sha256) changes.push('content');
  return changes;
}

/**
 * Opens an image file for reading through `openRegularFile` (non-blocking open, type from the handle, deadlines),
 * refusing what is not a regular file (a FIFO or a device would block a read or never end). The stats are read
 * again as plain numbers: an identity's mtime keeps its fraction of a millisecond, as `fs.Stats` gives it.
 */
export async function openImageFile(path: string): Promise<{ handle: FileHandle; stats: Stats }> {
  let opened;
  try {
    opened = await openRegularFile(path);
  } catch (error) {
    if (error instanceof NotARegularFileError)
      throw new Error(`${path} is not a regular file: ${error.reason}`, { cause: error });
    throw error;
  }
  try {
    return { handle: opened.handle, stats: await opened.handle.stat() };
  } catch (error) {
    await opened.handle.close();
    throw error;
  }
}

/** The SHA-256 of the first `size` bytes of an open file, read a MiB at a time (the event loop runs between). */
export async function hashOpenFile(handle: FileHandle, size: number, signal?: AbortSignal): Promise<string> {
  const hasher = contentHasher();
  const buffer = new Uint8Array(Math.min(chunkBytes, Math.max(1, size)));
  let offset = 0;
  while (offset < size) {
    signal?.throwIfAborted();
    const wanted = Math.min(buffer.length, size - offset);
    const bytesRead = await readWithDeadline(
      handle,
      buffer,
      0,
      wanted,
      offset,
      `hashing an image at byte ${offset}`,
    );
    if (bytesRead === 0) throw new Error(`the file ended at byte ${offset} of ${size} while it was read`);
    hasher.update(buffer.subarray(0, bytesRead));
    offset += bytesRead;
  }
  return hasher.digest();
}

/** The identity of an image file as it is now: one `stat` and one streamed pass over its bytes. */
export async function readImageIdentity(
  path: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<ImageIdentity> {
  const { handle, stats } = await openImageFile(path);
  try {
    const sha256 = await hashOpenFile(handle, stats.size, options.signal);
    return { path, ...stampOf(stats), sha256 };
  } finally {
    await handle.close();
  }
}

/** Reads the file again and says what differs from the identity it had (empty: it is the same file). */
export async function recheckImageIdentity(
  expected: ImageIdentity,
  options: { readonly signal?: AbortSignal } = {},
): Promise<IdentityChange[]> {
  return identityChanges(expected, await readImageIdentity(expected.path, options));
}

/** A change in words: `size 65536 → 70000 bytes`, `modified 2026-…Z → 2026-…Z`, `content (SHA-256 …)`. */
export function describeChanges(
  changes: readonly IdentityChange[],
  expected: ImageIdentity,
  actual: Partial<ImageIdentity>,
): string {
  const iso = (ms: number | undefined): string => (ms === undefined ? '?' : new Date(ms).toISOString());
  const short = (hex: string | undefined): string => (hex === undefined ? '?' : `${hex.slice(0, 12)}…`);
  return changes
    .map((change) => {
      if (change === 'size') return `size ${expected.size} → ${actual.size ?? '?'} bytes`;
      if (change === 'mtime') return `modified ${iso(expected.mtimeMs)} → ${iso(actual.mtimeMs)}`;
      return `content (SHA-256 ${short(expected.sha256)} → ${short(actual.sha256)})`;
    })
    .join(', ');
}

/** A file that is no longer the one its identity describes. */
export class ImageChangedError extends Error {
  override readonly name = 'ImageChangedError';
  readonly expected: ImageIdentity;
  readonly changes: readonly IdentityChange[];

  constructor(expected: ImageIdentity, changes: readonly IdentityChange[], actual: Partial<ImageIdentity>) {
    super(`${expected.path}: ${describeChanges(changes, expected, actual)}`);
    this.expected = expected;
    this.changes = changes;
  }
}

export function isImageChanged(error: unknown): error is ImageChangedError {
  return error instanceof ImageChangedError;
}
