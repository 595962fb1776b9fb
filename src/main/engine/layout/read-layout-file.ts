import type { LayoutIssue } from '../../../shared/layout';
import { describeFileError, NotARegularFileError } from '../files/file-kind';
import { FileTooLargeError, readSmallRegularFile } from '../files/open-regular-file';
import { layoutIssue, wholeFile } from './layout-issue';
import { countLines, maxLayoutLines } from './read-layout-text';

/**
 * Named choice: the largest layout read. U-Boot takes the layout into a 256 KiB DFU alternate
 * (`@FlashLayout/0x00/1*256Ke`, spec §1), and real layouts are 1 to 4 KiB; a larger file is refused unread
 * (LAYOUT_TOO_LARGE: someone picked an image instead of the TSV). It also bounds the checker's time on the event
 * loop: the costliest 256 KiB layout (500 lines of a thousand columns) checks in tens of milliseconds, where
 * 1 MiB took a quarter of a second (issue 20 item 4).
 */
export const maxLayoutBytes = 256 * 1024;

const whatALayoutIs =
  'a FlashLayout is the .tsv file (for example flashlayout_st-image-weston/FlashLayout_sdcard_….tsv)';

/**
 * A layout file's bytes, or the one issue that says why they are not parsed: it cannot be read
 * (LAYOUT_UNREADABLE), it is larger than U-Boot takes (LAYOUT_TOO_LARGE), it is not a regular file (LAYOUT_NOT_A_FILE: a FIFO, a device, a folder; refused before a
 * byte is read, so nothing waits), or it has more lines than any layout (LAYOUT_TOO_MANY_LINES, counted on the
 * bytes before any parsing, so a large file costs one pass of memchr, never the line rules).
 */
export async function readLayoutFile(file: string): Promise<Uint8Array | LayoutIssue> {
  let bytes: Uint8Array;
  try {
    bytes = await readSmallRegularFile(file, maxLayoutBytes);
  } catch (error) {
    if (error instanceof NotARegularFileError) {
      return layoutIssue(
        'LAYOUT_NOT_A_FILE',
        'error',
        wholeFile,
        `The layout ${file} is not read: ${error.reason}.`,
        `${error.advice} (${whatALayoutIs}).`,
      );
    }
    if (error instanceof FileTooLargeError) {
      return layoutIssue(
        'LAYOUT_TOO_LARGE',
        'error',
        wholeFile,
        `The layout ${file} is ${error.size} bytes, more than the ${maxLayoutBytes} (256 KiB) U-Boot takes for a layout; it was not read. Is it an image?`,
        `Name the layout itself: ${whatALayoutIs}, a few KiB.`,
      );
    }
    const reason = describeFileError(error);
    return layoutIssue(
      'LAYOUT_UNREADABLE',
      'error',
      wholeFile,
      `Cannot read the layout ${file}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`,
      `Check the path: ${whatALayoutIs}.`,
    );
  }
  const lines = countLines(bytes);
  if (lines > maxLayoutLines) {
    return layoutIssue(
      'LAYOUT_TOO_MANY_LINES',
      'error',
      wholeFile,
      `The layout ${file} has ${lines} lines, more than the ${maxLayoutLines} a FlashLayout may have here (U-Boot takes at most 240 partitions); it was not parsed.`,
      `Is this the right file? ${whatALayoutIs[0]?.toUpperCase() ?? ''}${whatALayoutIs.slice(1)}, a few dozen lines; remove empty and comment lines if it really is one.`,
    );
  }
  return bytes;
}
