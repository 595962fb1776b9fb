import { errorCatalog } from '../../shared/errors';
import type { AppLog } from './app-log';

/** The process's error events (Node's `process`, or a stand-in in tests). */
export interface ErrorEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}

export interface UncaughtErrorOptions {
  readonly log: AppLog;
  /** Shows the error to the person (Electron: a dialog; `serve`: stderr). Called for the first error only. */
  readonly show: (title: string, detail: string) => void;
}

/** The error's stack when it has one, else its text. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** What the person reads about the first uncaught error: the catalog's words, the error, where the log is. */
export function uncaughtErrorText(error: unknown, logFolder: string): { title: string; detail: string } {
  const { message, hint } = errorCatalog.INTERNAL_ERROR;
  const where = logFolder === '' ? '' : `\n\nThe log file in ${logFolder} has the details.`;
  return { title: message, detail: `${describeError(error)}\n\n${String(hint)}${where}` };
}

/**
 * An uncaught exception or unhandled rejection in the main process is written to the log and shown once, never a
 * silent exit; the process goes on (Electron's own default after an uncaught error). Returns the uninstaller.
 */
export function catchUncaughtErrors(events: ErrorEvents, options: UncaughtErrorOptions): () => void {
  let shown = false;
  const handler =
    (kind: 'uncaught-exception' | 'unhandled-rejection') =>
    (error: unknown): void => {
      options.log.write('error', kind, { error: describeError(error) });
      if (shown) return;
      shown = true;
      const { title, detail } = uncaughtErrorText(error, options.log.folder);
      try {
        options.show(title, detail);
      } catch {
        // Nowhere left to show it: it is in the log.
      }
    };
  const onException = handler('uncaught-exception');
  const onRejection = handler('unhandled-rejection');
  events.on('uncaughtException', onException);
  events.on('unhandledRejection', onRejection);
  return () => {
    events.off('uncaughtException', onException);
    events.off('unhandledRejection', onRejection);
  };
}
