import type { BrowserWindow, Dialog } from 'electron';

/** The desktop's own open-file dialog, limited to FlashLayout files; null when the user cancels. */
export async function chooseLayoutFile(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: BrowserWindow | null,
): Promise<string | null> {
  const options = {
    title: 'Open a FlashLayout',
    properties: ['openFile' as const],
    filters: [
      { name: 'FlashLayout', extensions: ['tsv'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result =
    window === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
