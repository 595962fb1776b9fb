import { openRegularFile, readWithDeadline } from '../files/open-regular-file';
import type { UbootVersion } from './uboot-version';
import { parseUbootVersion } from './uboot-version';

/**
 * Finds the U-Boot inside a FIP (or a `u-boot.stm32`) by the `version_string` every U-Boot binary carries
 * (`U-Boot 20YY.MM…`; U-Boot SPL's says `U-Boot SPL`, which is not matched). The file is read in chunks, never
 * whole; a match cut by a chunk's end is found in the next one (the chunks overlap).
 */

const marker = new TextEncoder().encode('U-Boot 20');
/** Enough for `U-Boot 2021.10-rc1-stm32mp-r12.34` and what follows up to the space. */
const tailLength = 64;
const chunkLength = 1024 * 1024;
/** The tail of a chunk searched again with the next one: a marker and the text after it. */
const carryLength = marker.length + tailLength;

/** Where `marker` starts in `bytes`, from `from`; -1 when it does not. */
function indexOfMarker(bytes: Uint8Array, from: number): number {
  const last = bytes.length - marker.length;
  for (
    let at = bytes.indexOf(marker[0] ?? 0, from);
    at !== -1 && at <= last;
    at = bytes.indexOf(marker[0] ?? 0, at + 1)
  ) {
    let same = true;
    for (let index = 1; index < marker.length && same; index += 1) same = bytes[at + index] === marker[index];
    if (same) return at;
  }
  return -1;
}

/** The printable text after `U-Boot ` at `at` (up to a NUL or a control character). */
function versionTextAt(bytes: Uint8Array, at: number): string {
  let end = at + 'U-Boot '.length;
  const start = end;
  while (
    end < bytes.length &&
    end - start < tailLength &&
    (bytes[end] ?? 0) >= 0x20 &&
    (bytes[end] ?? 0) < 0x7f
  )
    end += 1;
  return new TextDecoder('latin1').decode(bytes.subarray(start, end));
}

/**
 * The first U-Boot version in the bytes. `complete` false: the bytes go on after these, so a marker too close to
 * their end to hold a whole version is left for the next chunk (which starts with these bytes' tail).
 */
export function findUbootVersion(bytes: Uint8Array, complete = true): UbootVersion | null {
  const lastWhole = complete ? bytes.length : bytes.length - carryLength;
  for (let at = indexOfMarker(bytes, 0); at !== -1; at = indexOfMarker(bytes, at + 1)) {
    if (at >= lastWhole) return null;
    const version = parseUbootVersion(versionTextAt(bytes, at));
    if (version !== null) return version;
  }
  return null;
}

/** The U-Boot version inside a file, streamed; null when no `U-Boot 20YY.MM` is in it. */
export async function readFipUbootVersion(file: string, signal?: AbortSignal): Promise<UbootVersion | null> {
  const { handle, stats } = await openRegularFile(file);
  try {
    const size = Number(stats.size);
    const buffer = new Uint8Array(carryLength + chunkLength);
    let carried = 0;
    for (let position = 0; position < size;) {
      signal?.throwIfAborted();
      const read = await readWithDeadline(handle, buffer, carried, chunkLength, position, `reading ${file}`);
      if (read === 0) break;
      position += read;
      const filled = carried + read;
      const found = findUbootVersion(buffer.subarray(0, filled), position >= size);
      if (found !== null) return found;
      carried = Math.min(carryLength, filled);
      buffer.copyWithin(0, filled - carried, filled);
    }
    return null;
  } finally {
    await handle.close();
  }
}
