import type { ShellLog } from './client-connection';

export interface LogRate {
  /** Lines let through per window; the rest are counted and reported in one line. */
  readonly lines: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * A log that a client cannot flood: a script opening connection after connection with bad frames gets its
 * first lines through, then one line saying how many were left out.
 */
export function rateLimitedLog(log: ShellLog, rate: LogRate = { lines: 20, windowMs: 10_000 }): ShellLog {
  const now = rate.now ?? (() => performance.now());
  let windowStart = -Infinity;
  let passed = 0;
  let leftOut = 0;
  return (line) => {
    const at = now();
    if (at - windowStart >= rate.windowMs) {
      if (leftOut > 0)
        log(
          `browser shell: ${leftOut} more lines like these were left out (at most ${rate.lines} in ${rate.windowMs / 1000} s)`,
        );
      windowStart = at;
      passed = 0;
      leftOut = 0;
    }
    if (passed < rate.lines) {
      passed++;
      log(line);
    } else {
      leftOut++;
    }
  };
}
