import type { App, Dialog, Shell } from 'electron';
import { appIdentity } from '../app-identity';
import { openAppLog, type AppLog } from '../app-log/app-log';
import { catchUncaughtErrors, type ErrorEvents } from '../app-log/uncaught-errors';

/**
 * The desktop app's log, in Electron's log folder (`app.getPath('logs')`): opened first thing, so an uncaught
 * error in main is written there and shown once in a dialog (`dialog.showErrorBox` works before `ready`).
 */
export function startMainLog(
  app: Pick<App, 'getPath' | 'on'>,
  dialog: Pick<Dialog, 'showErrorBox'>,
  events: ErrorEvents,
): AppLog {
  const log = openAppLog(app.getPath('logs'));
  catchUncaughtErrors(events, { log, show: (title, detail) => dialog.showErrorBox(title, detail) });
  log.write('info', 'app.start', {
    version: appIdentity.version,
    platform: process.platform,
    transport: 'electron',
  });
  app.on('will-quit', () => log.write('info', 'app.stop'));
  return log;
}

/** "Open log folder" on the desktop: the file manager, through `shell.openPath` (which answers an error text). */
export function openFolderWith(shell: Pick<Shell, 'openPath'>): (folder: string) => Promise<void> {
  return async (folder) => {
    const problem = await shell.openPath(folder);
    if (problem !== '') throw new Error(problem);
  };
}
