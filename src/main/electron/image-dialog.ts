import type { BrowserWindow, Dialog } from 'electron';

/** The desktop's own save dialog for an SD-card image, opened at `suggested`; null when the user cancels. */
export async function chooseImageOutput(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: BrowserWindow | null,
  suggested: string,
): Promise<string | null> {
  const options = {
    title: 'Save the SD-card image',
    defaultPath: suggested,
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
    filters: [
      { name: 'Raw card image', extensions: ['img'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result =
    window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
  return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
}
