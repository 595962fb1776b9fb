import { appLogFileName } from './log-dir';
import { RotatingLogFile } from './rotating-log-file';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/** Where the main process's events go: app start, runs started and ended with their codes, errors. */
export interface AppLog {
  /** The folder the log file lives in ("Open log folder"). */
  readonly folder: string;
  write(level: LogLevel, event: string, fields?: LogFields): void;
  /** Every line written so far is on disk. */
  flush(): Promise<void>;
}

/** One JSON object a line: `{"time":…,"level":"info","event":"run.end","runId":…,"code":…}`. */
export function logLine(time: Date, level: LogLevel, event: string, fields: LogFields = {}): string {
  return JSON.stringify({ time: time.toISOString(), level, event, ...fields });
}

/** The app's rotating log (1 MiB × 5 files by default) in `folder`. */
export function openAppLog(
  folder: string,
  options: { readonly maxBytes?: number; readonly maxFiles?: number; readonly now?: () => Date } = {},
): AppLog {
  const file = new RotatingLogFile({ folder, fileName: appLogFileName, ...options });
  const now = options.now ?? (() => new Date());
  return {
    folder,
    write: (level, event, fields) => {
      try {
        file.append(logLine(now(), level, event, fields));
      } catch {
        // A field that cannot be serialised loses its line, never the caller's work.
      }
    },
    flush: () => file.flush(),
  };
}

/** A log that keeps nothing (tests, and front ends that have none). */
export const noAppLog: AppLog = { folder: '', write: () => undefined, flush: () => Promise.resolve() };
