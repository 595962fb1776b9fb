import type { ConnectionClock } from '../transport/connection-state';
import type { LinkSocket, LinkSocketHandlers, SocketOpener } from '../transport/reconnecting-link';

/** A clock whose time moves only when a test says so; timers due run in order. */
export class FakeClock implements ConnectionClock {
  #now = 0;
  #timers: { at: number; run: () => void; live: boolean }[] = [];
  /** Added to every timer, as a hidden tab's throttling does. */
  lateByMs = 0;

  now(): number {
    return this.#now;
  }

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.#now + ms + this.lateByMs, run, live: true };
    this.#timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.live && timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.live = false;
      this.#now = due.at;
      due.run();
    }
    this.#now = end;
    this.#timers = this.#timers.filter((timer) => timer.live);
  }
}

/** One socket the bridge opened: the test opens it, answers it, or closes it. */
export class FakeSocket implements LinkSocket {
  readonly sent: unknown[] = [];
  closedByPage = false;
  readonly #handlers: LinkSocketHandlers;

  constructor(handlers: LinkSocketHandlers) {
    this.#handlers = handlers;
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }

  close(): void {
    this.closedByPage = true;
  }

  open(): void {
    this.#handlers.onOpen();
  }

  receive(frame: unknown): void {
    this.#handlers.onMessage(JSON.stringify(frame));
  }

  serverClose(code = 1006): void {
    this.#handlers.onClose(code);
  }

  /** The request frames sent (not the pings). */
  requests(): { kind: 'request'; id: number; name: string }[] {
    return this.sent.filter(
      (frame): frame is { kind: 'request'; id: number; name: string } =>
        (frame as { kind?: unknown }).kind === 'request',
    );
  }

  /** Answers every ping sent so far that has not been answered. */
  answerPings(): void {
    for (const frame of this.sent.splice(0)) {
      const { kind, id } = frame as { kind?: unknown; id?: unknown };
      if (kind === 'ping') this.receive({ kind: 'pong', id });
      else this.sent.push(frame);
    }
  }
}

/** Every socket opened, newest last. */
export function fakeOpener(): { open: SocketOpener; sockets: FakeSocket[]; urls: string[] } {
  const sockets: FakeSocket[] = [];
  const urls: string[] = [];
  return {
    sockets,
    urls,
    open: (url, handlers) => {
      urls.push(url);
      const socket = new FakeSocket(handlers);
      sockets.push(socket);
      return socket;
    },
  };
}
