import { describeFileError, NotARegularFileError } from '../files/file-kind';
import { openRegularFile } from '../files/open-regular-file';
import { readFileStart, readStm32Header, type Stm32HeaderReading } from './stm32-image-header';
import { sumStm32Payload } from './stm32-payload-checksum';

/** What the check learns about one binary file, without loading it. */
export type BinaryFacts =
  | {
      readonly found: false;
      readonly reason: string;
      /** Set when the path names something other than a regular file (a FIFO, a device, a folder): what to do. */
      readonly notAFile?: { readonly advice: string };
    }
  | {
      readonly found: true;
      /** Exact, also beyond 4 GiB (`stat` with bigint). */
      readonly size: bigint;
      /** The file's first bytes (up to 512), when asked for (`start`) or read for the header. */
      readonly start?: Uint8Array;
      /** Present when the header was asked for. */
      readonly header?: Stm32HeaderReading;
      /** The payload's computed checksum, when the header is valid. */
      readonly checksum?: number;
    };

export interface InspectOptions {
  /** Read a `.stm32` header and stream the payload checksum. */
  readonly header: boolean;
  /** Return the file's first bytes (to tell a FIP from a `.stm32` image). */
  readonly start?: boolean;
  readonly signal?: AbortSignal;
}

export async function inspectBinary(file: string, options: InspectOptions): Promise<BinaryFacts> {
  let size: bigint;
  try {
    // Opened (not only stat'ed): a file that cannot be opened for reading is reported here, and nothing but a
    // regular file is ever read.
    const { handle, stats } = await openRegularFile(file);
    await handle.close();
    size = stats.size;
  } catch (error) {
    return notFound(error);
  }
  if (!options.header && options.start !== true) return { found: true, size };
  let start: Uint8Array;
  try {
    start = await readFileStart(file);
  } catch (error) {
    return notFound(error);
  }
  if (!options.header) return { found: true, size, start };
  const header = readStm32Header(start, size);
  if (!header.ok) return { found: true, size, start, header };
  const checksum = await sumStm32Payload(file, header.headerSize, header.imageLength, options.signal);
  return { found: true, size, start, header, checksum };
}

function notFound(error: unknown): BinaryFacts {
  const reason = describeFileError(error);
  return error instanceof NotARegularFileError
    ? { found: false, reason, notAFile: { advice: error.advice } }
    : { found: false, reason };
}
