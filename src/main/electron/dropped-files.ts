import type { IpcMain, IpcMainEvent } from 'electron';
import type { ChosenFilesPolicy } from '../services/file-access-policy';
import { droppedFileChannel } from './ipc-channels';

export interface DroppedFilesOptions {
  readonly ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  readonly policy: ChosenFilesPolicy;
  /** Decides whether an event's sender is the app's own window and page. */
  readonly isTrusted: (event: IpcMainEvent) => boolean;
}

/**
 * A file dropped on the window becomes a chosen file. Only the preload can send this: it learns the path from
 * a real File the person dropped (a File the page makes itself has no path), and the page cannot reach
 * ipcRenderer (context isolation). Anything else on the channel is ignored.
 */
export function bindDroppedFiles(options: DroppedFilesOptions): () => void {
  const listener = (event: IpcMainEvent, file: unknown): void => {
    if (!options.isTrusted(event) || typeof file !== 'string' || file === '') return;
    void options.policy.choose(file).catch(() => undefined);
  };
  options.ipcMain.on(droppedFileChannel, listener);
  return () => void options.ipcMain.removeListener(droppedFileChannel, listener);
}
