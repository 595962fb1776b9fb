/**
 * The browser shell's connection to `serve`, as the page shows it. Electron's preload has no such state (its
 * transport cannot go away without the window), so there the page has no connection status at all.
 */
export type ConnectionState =
  /** The first connection is being made: requests wait for it. */
  | { readonly phase: 'connecting' }
  /** `epoch` counts the connections made: it grows by one at every reconnection, so the page refreshes. */
  | { readonly phase: 'connected'; readonly epoch: number }
  /** No answer (or the socket closed): reconnecting; `retryAt` is the next try (null while one is under way). */
  | { readonly phase: 'lost'; readonly retryAt: number | null }
  /** The server said it was stopping, or refused connections for a while: still retried, quietly. */
  | { readonly phase: 'stopped'; readonly retryAt: number | null };

/** What the page reads: the current state, and a call on every change (for React's useSyncExternalStore). */
export interface ConnectionStatus {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

export interface ConnectionTiming {
  /** A ping is sent this often while connected. */
  readonly heartbeatEveryMs: number;
  /** The connection is lost when nothing (no pong, no frame) arrived for this long. */
  readonly silenceMs: number;
  /** A connection attempt that has not opened by then is abandoned (a stopped server accepts, never answers). */
  readonly connectDeadlineMs: number;
  /** Waits before each retry; the last one repeats. */
  readonly retryDelaysMs: readonly number[];
  /** Connections refused for this long: the app has stopped (rather than "reconnecting"). */
  readonly stoppedAfterMs: number;
}

export const defaultConnectionTiming: ConnectionTiming = {
  heartbeatEveryMs: 2000,
  silenceMs: 5000,
  connectDeadlineMs: 5000,
  retryDelaysMs: [500, 1000, 2000, 3000, 5000],
  stoppedAfterMs: 10_000,
};

/** The clock the connection runs on: the real one in the page, a fake one in tests. */
export interface ConnectionClock {
  now(): number;
  /** Calls `run` after `ms`; the answer cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const systemClock: ConnectionClock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};
