import type { ResponseOf } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';

/**
 * `app.openLogFolder`: the desktop app opens the folder in the file manager; the browser shell (no `open`) answers
 * its path for the page to show, since opening a window on the server's desktop is not the page's to ask.
 */
export async function openLogFolder(
  folder: string | undefined,
  open: ((folder: string) => Promise<void>) | undefined,
): Promise<ResponseOf<'app.openLogFolder'>> {
  if (folder === undefined) throw new FlasherError('LOG_FOLDER_NOT_OPENED', 'This app keeps no log file.');
  if (open === undefined) return { folder, opened: false };
  try {
    await open(folder);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlasherError(
      'LOG_FOLDER_NOT_OPENED',
      `The log folder ${folder} could not be opened: ${reason}`,
    );
  }
  return { folder, opened: true };
}
