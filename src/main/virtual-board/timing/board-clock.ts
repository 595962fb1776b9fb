/** The board's source of time: injected so tests can run long delays instantly. */
export interface BoardClock {
  now(): number;
  /** Resolves after `ms` milliseconds (at once for 0); rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function cancelable<T>(handle: T, clear: (handle: T) => void): () => void {
  return () => clear(handle);
}

export const realClock: BoardClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      // A zero wait (fast mode: no modelled cost) still yields to the event loop, so hotplug events, other
      // boards and deadlines keep running, but through setImmediate: setTimeout(0) waits at least 1 ms, which
      // alone would cap a 4 KiB-block transfer near 4 MB/s.
      const cancel =
        ms > 0
          ? cancelable(setTimeout(done, ms), clearTimeout)
          : cancelable(setImmediate(done), clearImmediate);
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
