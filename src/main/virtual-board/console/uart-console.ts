import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import type { BoardClock } from '../timing/board-clock';

/** 115200 baud, 8N1: 10 bits per character, so 11.52 characters per ms. */
export const uartCharactersPerMs = 115200 / 10 / 1000;

/**
 * The board's UART: what its stages print, as a plain Node stream (CRLF line ends, like a real console),
 * paced at 115200 8N1 unless `charactersPerMs` is Infinity (fast mode). Keeps the printed lines for tests.
 */
export class UartConsole {
  readonly stream: Readable;
  readonly #output = new PassThrough();
  readonly #clock: BoardClock;
  readonly #charactersPerMs: number;
  readonly #lines: string[] = [];
  #partial = '';
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(clock: BoardClock, charactersPerMs: number) {
    this.#clock = clock;
    this.#charactersPerMs = charactersPerMs;
    this.stream = this.#output;
  }

  /** Prints text as is (no newline added); `\n` becomes CRLF on the wire. */
  write(text: string): void {
    if (this.#closed || text.length === 0) return;
    this.#record(text);
    const wire = text.replace(/\r?\n/g, '\r\n');
    if (!Number.isFinite(this.#charactersPerMs)) {
      this.#output.write(wire);
      return;
    }
    this.#queue = this.#queue.then(async () => {
      if (this.#closed) return;
      await this.#clock.sleep(wire.length / this.#charactersPerMs);
      if (!this.#closed) this.#output.write(wire);
    });
  }

  /** Prints one line. */
  print(line: string): void {
    this.write(`${line}\n`);
  }

  /** Every complete line printed so far (and the unfinished one last, if any). */
  lines(): readonly string[] {
    return this.#partial.length > 0 ? [...this.#lines, this.#partial] : [...this.#lines];
  }

  /** Resolves when every queued character has gone out. */
  drained(): Promise<void> {
    return this.#queue;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#output.end();
  }

  #record(text: string): void {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    this.#lines.push(...parts);
    if (this.#lines.length > 5000) this.#lines.splice(0, this.#lines.length - 5000);
  }
}
