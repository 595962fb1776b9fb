import { useSyncExternalStore } from 'react';

/**
 * The current time, as an external store read during render: countdowns and elapsed times are derived
 * from a deadline or a start time and this, never kept as a ticking number in component state.
 * The clock runs only while a component listens.
 */
const tickMs = 250;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let current = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const each of listeners) each();
    }, tickMs);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const still = () => () => undefined;
const snapshot = () => current;

/** Now, in ms since the epoch, updated four times a second while `running`; frozen otherwise. */
export function useNow(running: boolean): number {
  return useSyncExternalStore(running ? subscribe : still, snapshot);
}
