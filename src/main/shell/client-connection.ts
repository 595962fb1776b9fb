import type { RawData, WebSocket } from 'ws';
import { clientFrameSchema, type ServerFrame } from '../../shared/contract/wire';
import { errorData } from '../../shared/errors';
import type { ContractServer } from '../services/contract-server';
import { closeCodes, defaultSilentPageMs, type ConnectionLimits } from './connection-limits';
import { OutgoingQueue } from './outgoing-queue';

export type ShellLog = (line: string) => void;

function requestIdOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = value.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/** The id of a heartbeat frame (`{kind: 'ping', id}`), or null for anything else. */
function pingIdOf(raw: unknown): number | null {
  const frame = clientFrameSchema.safeParse(raw);
  return frame.success && frame.data.kind === 'ping' ? frame.data.id : null;
}

function parseFrame(data: RawData, isBinary: boolean): unknown {
  if (isBinary) return undefined;
  try {
    return JSON.parse(data.toString()) as unknown;
  } catch {
    return undefined;
  }
}

/** Why ws gave up on a connection: its error code (WS_ERR_INVALID_UTF8, ...) and message. */
function describeError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${error.message} (${code})`;
}

/**
 * One WebSocket client of the browser shell: its requests (a few at a time), its replies and events (held,
 * thinned and coalesced while it does not read), its errors (logged; ws closes the connection with the code
 * RFC 6455 gives the fault). Nothing a client sends leaves this object as an exception.
 */
export class ClientConnection {
  readonly #socket: WebSocket;
  readonly #clientId: string;
  readonly #server: ContractServer;
  readonly #limits: ConnectionLimits;
  readonly #log: ShellLog;
  readonly #queue = new OutgoingQueue();
  /** Frames read while too many requests were running (parsed, not yet handled). */
  readonly #backlog: unknown[] = [];
  #inFlight = 0;
  #overHardSince: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** Started by the page's first ping, pushed back by each one: a page gone silent is cut off. */
  #silence: NodeJS.Timeout | null = null;
  #closing = false;

  constructor(
    socket: WebSocket,
    clientId: string,
    server: ContractServer,
    limits: ConnectionLimits,
    log: ShellLog,
  ) {
    this.#socket = socket;
    this.#clientId = clientId;
    this.#server = server;
    this.#limits = limits;
    this.#log = log;
    socket.on('message', (data, isBinary) => this.#receive(data, isBinary));
    socket.on('error', (error) => {
      this.#log(`browser shell: ${clientId} closed: ${describeError(error)}`);
    });
    socket.on('close', () => this.#dispose());
  }

  /** Sends one event, unless the client is congested and the event is stale or can be merged. */
  sendEvent(name: string, payload: unknown): void {
    this.#send({ kind: 'event', name, payload });
  }

  #receive(data: RawData, isBinary: boolean): void {
    const raw = parseFrame(data, isBinary);
    const ping = pingIdOf(raw);
    // The heartbeat is answered at once, ahead of queued requests: it says the server runs, not that it is idle.
    if (ping !== null) {
      this.#heardPing();
      return this.#send({ kind: 'pong', id: ping });
    }
    if (this.#inFlight >= this.#limits.maxInFlight || this.#backlog.length > 0) {
      this.#backlog.push(raw);
      this.#updateReading();
      return;
    }
    this.#handle(raw);
  }

  #handle(raw: unknown): void {
    const frame = clientFrameSchema.safeParse(raw);
    if (!frame.success || frame.data.kind !== 'request') {
      const id = requestIdOf(raw);
      const reply = { ok: false, error: errorData('BAD_REQUEST', 'The message is not a request frame.') };
      if (id === null) this.#close(closeCodes.notAFrame, 'Not a request frame');
      else this.#send({ kind: 'reply', id, reply });
      return;
    }
    const { id, name, payload } = frame.data;
    this.#inFlight++;
    this.#updateReading();
    this.#server
      .handle(name, payload, { transport: 'browser-shell', clientId: this.#clientId })
      .then((reply) => this.#send({ kind: 'reply', id, reply }))
      .catch((error: unknown) =>
        this.#log(`browser shell: ${this.#clientId}: a reply failed: ${String(error)}`),
      )
      .finally(() => {
        this.#inFlight--;
        this.#takeBacklog();
        this.#updateReading();
      });
  }

  #heardPing(): void {
    if (this.#silence !== null) {
      this.#silence.refresh();
      return;
    }
    const silentMs = this.#limits.silentPageMs ?? defaultSilentPageMs;
    this.#silence = setTimeout(() => {
      this.#log(
        `browser shell: ${this.#clientId} sent no heartbeat for ${silentMs / 1000} s: connection ended`,
      );
      this.#dispose();
      this.#socket.terminate();
    }, silentMs);
    this.#silence.unref();
  }

  #takeBacklog(): void {
    while (this.#inFlight < this.#limits.maxInFlight && !this.#closing) {
      if (this.#backlog.length === 0) return;
      this.#handle(this.#backlog.shift());
    }
  }

  #send(frame: ServerFrame): void {
    if (this.#closing || this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#queue.length === 0 && !this.#congested()) {
      this.#socket.send(JSON.stringify(frame));
      return;
    }
    this.#queue.push(frame);
    this.#check();
  }

  #congested(): boolean {
    return this.#socket.bufferedAmount >= this.#limits.softBytes;
  }

  /** Sends what waits while the client reads; closes it when it stays over the hard limit. */
  #check(): void {
    if (this.#closing) return;
    while (this.#queue.length > 0 && !this.#congested()) {
      const text = this.#queue.shift();
      if (text !== undefined) this.#socket.send(text);
    }
    const queued = this.#socket.bufferedAmount + this.#queue.bytes;
    const now = performance.now();
    if (queued > this.#limits.hardBytes) {
      this.#overHardSince ??= now;
      const tooLong = now - this.#overHardSince > this.#limits.hardForMs;
      if (tooLong || queued > 4 * this.#limits.hardBytes) {
        const mib = (queued / (1024 * 1024)).toFixed(1);
        this.#log(
          `browser shell: closed ${this.#clientId} (${closeCodes.tooSlow}): it left ${mib} MiB of replies and events unread`,
        );
        this.#close(closeCodes.tooSlow, 'Too slow reading replies and events');
        return;
      }
    } else {
      this.#overHardSince = null;
    }
    this.#updateReading();
  }

  /** Reads the client's requests only while it reads our answers and few of its requests are running. */
  #updateReading(): void {
    if (this.#closing) return;
    const congested = this.#queue.length > 0 || this.#congested();
    const hold = congested || this.#inFlight >= this.#limits.maxInFlight || this.#backlog.length > 0;
    if (hold && !this.#socket.isPaused) this.#socket.pause();
    if (!hold && this.#socket.isPaused) this.#socket.resume();
    if (congested && this.#timer === null) {
      this.#timer = setInterval(() => this.#check(), this.#limits.checkEveryMs);
      this.#timer.unref();
    }
    if (!congested && this.#timer !== null) this.#stopTimer();
  }

  #close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#dispose();
    this.#socket.close(code, reason);
    // A client that does not read will not read our close frame either.
    setTimeout(() => this.#socket.terminate(), 1000).unref();
  }

  #stopTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #dispose(): void {
    this.#stopTimer();
    if (this.#silence !== null) clearTimeout(this.#silence);
    this.#silence = null;
    this.#queue.clear();
    this.#backlog.length = 0;
  }
}
