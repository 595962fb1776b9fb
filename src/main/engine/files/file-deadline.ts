/** Thrown when a file operation outlives its deadline (a hung network mount, a device that never answers). */
export class FileDeadlineError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${ms / 1000} s; given up`);
    this.name = 'FileDeadlineError';
  }
}

/**
 * The operation's result, or a FileDeadlineError after `ms`. The operation itself cannot be stopped (a libuv
 * worker stays on it); `late` receives its result if it arrives after all (to close a handle opened late).
 */
export function withDeadline<T>(
  operation: Promise<T>,
  ms: number,
  what: string,
  late?: (value: T) => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new FileDeadlineError(what, ms));
    }, ms);
    timer.unref();
  });
  operation.then(
    (value) => {
      if (timedOut) late?.(value);
    },
    () => undefined,
  );
  return Promise.race([operation, deadline]).finally(() => clearTimeout(timer));
}
