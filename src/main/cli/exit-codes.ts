/** The exit status of every command, in one table (scripts and CI pipelines depend on it). */
export const exitCodes = {
  /** The command did its job. */
  success: 0,
  /** The command's job failed (a layout with errors for `check`, a programming failure for `program`). */
  failed: 1,
  /** The command could not start: usage error, missing file, invalid input; nothing was sent to a board. */
  cannotStart: 2,
  /** No board appeared: an infrastructure failure a pipeline retries after a power cycle. */
  noBoard: 3,
  /** Interrupted by SIGINT or SIGTERM; the command cancelled cleanly and printed its result first. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
