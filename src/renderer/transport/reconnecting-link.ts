import {
  serverFrameSchema,
  stoppingCloseCode,
  type ClientFrame,
  type ServerFrame,
} from '../../shared/contract/wire';
import type {
  ConnectionClock,
  ConnectionState,
  ConnectionStatus,
  ConnectionTiming,
} from './connection-state';

/** What the link needs of a socket; `openBrowserSocket` wraps the browser's WebSocket in it. */
export interface LinkSocket {
  send(text: string): void;
  close(): void;
}

export interface LinkSocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** `code`: the WebSocket close code (1006 when the connection failed or dropped). */
  onClose(code: number): void;
}

export type SocketOpener = (url: string, handlers: LinkSocketHandlers) => LinkSocket;

export interface LinkCallbacks {
  /** Every valid reply and event (the heartbeat's pongs stay here). */
  onFrame(frame: Exclude<ServerFrame, { kind: 'pong' }>): void;
  /** The connection went away (or the first one failed): whatever waits for an answer will not get one. */
  onDown(): void;
}

const noop = () => undefined;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One WebSocket to `serve`, kept alive: a ping every few seconds, lost when nothing comes back for a while
 * (a stopped server keeps its socket open) or when the socket closes, then retried with backoff until it
 * opens again. Its state is what the page shows ("reconnecting in 3 s", "the app has stopped").
 */
export class ReconnectingLink implements ConnectionStatus {
  readonly #url: string;
  readonly #open: SocketOpener;
  readonly #clock: ConnectionClock;
  readonly #timing: ConnectionTiming;
  readonly #callbacks: LinkCallbacks;
  readonly #listeners = new Set<() => void>();
  #state: ConnectionState = { phase: 'connecting' };
  #socket: LinkSocket | null = null;
  #opened = false;
  #cancelTimer: () => void = noop;
  /** When the unanswered ping was sent (nothing heard since), or null. */
  #awaitingSince: number | null = null;
  #nextPing = 1;
  #epoch = 0;
  #retries = 0;
  #stopping = false;
  #refusedSince: number | null = null;

  constructor(
    url: string,
    open: SocketOpener,
    clock: ConnectionClock,
    timing: ConnectionTiming,
    callbacks: LinkCallbacks,
  ) {
    this.#url = url;
    this.#open = open;
    this.#clock = clock;
    this.#timing = timing;
    this.#callbacks = callbacks;
    this.#attempt();
  }

  get(): ConnectionState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sends a frame; false when not connected (the caller answers for itself). */
  send(frame: ClientFrame): boolean {
    if (this.#state.phase !== 'connected' || this.#socket === null) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }

  #attempt(): void {
    this.#opened = false;
    if (this.#state.phase === 'lost' || this.#state.phase === 'stopped')
      this.#setState({ phase: this.#state.phase, retryAt: null });
    const socket = this.#open(this.#url, {
      onOpen: () => socket === this.#socket && this.#connected(),
      onMessage: (text) => socket === this.#socket && this.#heard(text),
      onClose: (code) => socket === this.#socket && this.#closed(code),
    });
    this.#socket = socket;
    this.#cancelTimer = this.#clock.after(this.#timing.connectDeadlineMs, () => this.#failed(false));
  }

  #connected(): void {
    this.#cancelTimer();
    this.#opened = true;
    this.#retries = 0;
    this.#stopping = false;
    this.#refusedSince = null;
    this.#awaitingSince = null;
    this.#epoch++;
    this.#setState({ phase: 'connected', epoch: this.#epoch });
    this.#beatIn(this.#timing.heartbeatEveryMs);
  }

  /**
   * Silence is counted from an unanswered ping, never from the last frame: a hidden tab's timers may fire a
   * minute late, and that must not read as a minute of silence.
   */
  #beatIn(ms: number): void {
    this.#cancelTimer = this.#clock.after(ms, () => {
      const now = this.#clock.now();
      if (this.#awaitingSince !== null) {
        const left = this.#awaitingSince + this.#timing.silenceMs - now;
        return left <= 0 ? this.#lose(false) : this.#beatIn(left);
      }
      this.#awaitingSince = now;
      this.#socket?.send(JSON.stringify({ kind: 'ping', id: this.#nextPing++ } satisfies ClientFrame));
      this.#beatIn(this.#timing.heartbeatEveryMs);
    });
  }

  #heard(text: string): void {
    this.#awaitingSince = null;
    const frame = serverFrameSchema.safeParse(parseJson(text));
    if (frame.success && frame.data.kind !== 'pong') this.#callbacks.onFrame(frame.data);
  }

  #closed(code: number): void {
    if (this.#opened) this.#lose(code === stoppingCloseCode);
    else this.#failed(true, code === stoppingCloseCode);
  }

  /** The open connection went quiet or closed. */
  #lose(stopping: boolean): void {
    this.#drop();
    this.#stopping = stopping;
    this.#refusedSince = null;
    this.#callbacks.onDown();
    this.#retryLater();
  }

  /** An attempt closed before opening (`refused`) or did not open in time. */
  #failed(refused: boolean, stopping = false): void {
    const first = this.#state.phase === 'connecting';
    this.#drop();
    if (stopping) this.#stopping = true;
    if (refused) this.#refusedSince ??= this.#clock.now();
    else this.#refusedSince = null;
    if (first) this.#callbacks.onDown();
    this.#retryLater();
  }

  #drop(): void {
    this.#cancelTimer();
    const socket = this.#socket;
    this.#socket = null;
    this.#opened = false;
    socket?.close();
  }

  #retryLater(): void {
    const delays = this.#timing.retryDelaysMs;
    const delay = delays[Math.min(this.#retries, delays.length - 1)] ?? 1000;
    this.#retries++;
    const now = this.#clock.now();
    const refusedLong =
      this.#refusedSince !== null && now - this.#refusedSince >= this.#timing.stoppedAfterMs;
    const phase = this.#stopping || refusedLong ? 'stopped' : 'lost';
    this.#setState({ phase, retryAt: now + delay });
    this.#cancelTimer = this.#clock.after(delay, () => this.#attempt());
  }
}
