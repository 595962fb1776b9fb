/**
 * The texts about the run's own log file (`program --log`): why it cannot be opened (a usage error, nothing
 * sent), and the warning when writing to it fails during a run (the run goes on without its log).
 */

/** Why a `--log` path cannot be written, by the error code `open` gave. */
export function logPathProblem(file: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `--log ${file}: its folder does not exist.`;
    case 'EISDIR':
      return `--log ${file}: this is a folder; give a file name inside it.`;
    case 'EACCES':
    case 'EPERM':
      return `--log ${file}: no permission to write it.`;
    case 'ENOTDIR':
      return `--log ${file}: a part of this path is a file, not a folder.`;
    case 'EROFS':
      return `--log ${file}: the file system is read-only.`;
    case 'FIFO':
      return `--log ${file}: this is a FIFO (named pipe); give a regular file.`;
    case 'SOCKET':
      return `--log ${file}: this is a socket; give a regular file.`;
    case 'ENOSPC':
      return `--log ${file}: the disk is full.`;
    default:
      return `--log ${file}: cannot be written (${code ?? 'unknown error'}).`;
  }
}

/** The `LOG_UNWRITABLE` warning: the run goes on, the log stops where the write failed. */
export function logUnwritableWarning(
  file: string,
  code: string | undefined,
): { message: string; hint: string } {
  const why = code === 'ENOSPC' ? 'the disk is full' : `a write failed (${code ?? 'unknown error'})`;
  return {
    message: `the log ${file} stopped being written: ${why}; the run went on without it`,
    hint: 'Free space on that disk or give --log a file on another one; the result and the events above are complete, only the log file is cut short.',
  };
}
