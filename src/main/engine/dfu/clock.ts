/**
 * Time as the engine sees it: injected so tests never sleep for real. `sleep` resolves after `ms`
 * (at once for 0) and rejects with the signal's reason when the signal aborts first.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `callback` once `ms` have passed, unless the returned function is called first (it cancels). For
   * a notice while a request is pending: a fake clock fires it only when its time really passes `ms`.
   */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    // A notice alone never keeps the process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
