import { appIdentity } from '../app-identity';
import { openAppLog, type AppLog } from '../app-log/app-log';
import { logDir } from '../app-log/log-dir';
import { catchUncaughtErrors, type ErrorEvents } from '../app-log/uncaught-errors';
import type { CliOutput } from './cli-io';

export interface ServeLog {
  readonly log: AppLog;
  /** Stops catching errors, writes the stop, and waits for the file. */
  close(): Promise<void>;
}

/**
 * `serve`'s log: the OS's log folder (or `--log-dir`), the start and stop of the server, and any uncaught error or
 * unhandled rejection of the process, which is also printed once on stderr (never a silent exit).
 */
export function serveLog(
  folder: string | undefined,
  out: CliOutput,
  events: ErrorEvents = process,
): ServeLog {
  const log = openAppLog(folder ?? logDir());
  const uninstall = catchUncaughtErrors(events, {
    log,
    show: (title, detail) => out.error(`Error: ${title}\n${detail}`),
  });
  log.write('info', 'app.start', {
    version: appIdentity.version,
    platform: process.platform,
    transport: 'browser-shell',
  });
  return {
    log,
    close: async () => {
      uninstall();
      log.write('info', 'app.stop');
      await log.flush();
    },
  };
}
