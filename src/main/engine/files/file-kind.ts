import type { BigIntStats, Stats } from 'node:fs';

/** What a path names, as `lstat`/`fstat` tell it. */
export type FileKind = 'file' | 'folder' | 'fifo' | 'socket' | 'character device' | 'block device' | 'other';

export function kindOfStats(stats: Stats | BigIntStats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'other';
}

/** What each kind is, in words, and why it is not read: the reason clause of a message. */
const describedKinds: Record<Exclude<FileKind, 'file'>, string> = {
  folder: 'it is a folder, not a file',
  fifo: 'it is a named pipe (FIFO), not a file: reading it would wait for whatever writes into it',
  socket: 'it is a socket, not a file',
  'character device':
    'it is a character device (like /dev/zero or a serial port), not a file: it may never end or never answer',
  'block device': 'it is a block device (a disk or a card), not a file',
  other: 'it is not a regular file',
};

/** What to do about each kind: the hint. */
const adviceByKind: Record<Exclude<FileKind, 'file'>, string> = {
  folder: 'Name the file inside the folder.',
  fifo: 'Save what the pipe carries to a file and name that file.',
  socket: 'Name a file saved on disk.',
  'character device': 'Name a file saved on disk (copy what the device gives into a file first).',
  'block device': 'To use what is on a disk or card, save it to an image file first (dd) and name that file.',
  other: 'Name a file saved on disk.',
};

/** Thrown before a byte is read from anything that is not a regular file. */
export class NotARegularFileError extends Error {
  readonly code = 'ENOTREG';
  readonly reason: string;
  readonly advice: string;
  constructor(
    readonly path: string,
    readonly kind: Exclude<FileKind, 'file'>,
  ) {
    super(`${path}: ${describedKinds[kind]}`);
    this.name = 'NotARegularFileError';
    this.reason = describedKinds[kind];
    this.advice = adviceByKind[kind];
  }
}

/** Why a file could not be read, as the reason clause of a message (`Cannot read X: <reason>.`). */
export function describeFileError(error: unknown): string {
  if (error instanceof NotARegularFileError) return error.reason;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a folder on the way is a file';
  if (code === 'ETIMEDOUT' && error instanceof Error) return error.message;
  if (code === 'EFBIG' && error instanceof Error) return error.message;
  return code ?? String(error);
}
