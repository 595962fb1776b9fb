import { FlasherError } from '../../shared/errors';
import { describeFileError, NotARegularFileError } from '../engine/files/file-kind';

/** A file the contract was asked to read and could not (missing, a FIFO, a device): FILE_NOT_READ, in words. */
export function fileReadError(file: string, error: unknown): FlasherError {
  if (error instanceof FlasherError) return error;
  const reason = describeFileError(error);
  return new FlasherError(
    'FILE_NOT_READ',
    `${file} was not read: ${reason}.`,
    error instanceof NotARegularFileError ? error.advice : undefined,
  );
}
