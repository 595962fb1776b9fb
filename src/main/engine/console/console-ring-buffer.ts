/** Bounds of one console's memory: whichever is reached first drops the oldest lines. */
export interface ConsoleBufferLimits {
  readonly maxBytes: number;
  readonly maxLines: number;
}

export const defaultConsoleBufferLimits: ConsoleBufferLimits = { maxBytes: 256 * 1024, maxLines: 2000 };

/**
 * The recent lines of one console, bounded in bytes (UTF-8) and in lines. Text arrives in arbitrary
 * chunks; `\n`, `\r\n` and a lone `\r` end a line; the unfinished last line is kept apart.
 */
export class ConsoleRingBuffer {
  readonly limits: ConsoleBufferLimits;
  #lines: string[] = [];
  #lineBytes: number[] = [];
  #bytes = 0;
  #partial = '';
  #afterCr = false;

  constructor(limits: ConsoleBufferLimits = defaultConsoleBufferLimits) {
    this.limits = limits;
  }

  /** Adds text; answers the lines it completed. */
  append(text: string): string[] {
    const completed: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i += 1) {
      const char = text.charCodeAt(i);
      if (char === 0x0a && this.#afterCr && i === start && this.#partial === '') {
        start = i + 1;
        this.#afterCr = false;
        continue;
      }
      this.#afterCr = false;
      if (char === 0x0a || char === 0x0d) {
        completed.push(this.#partial + text.slice(start, i));
        this.#partial = '';
        start = i + 1;
        this.#afterCr = char === 0x0d;
      }
    }
    this.#partial += text.slice(start);
    for (const line of completed) this.#push(line);
    return completed;
  }

  /**
   * Adds one whole line (a stage marker) where the stream is now: an unfinished line ends before it, as the
   * console display draws it (a marker on a line of its own), so the history reads as the live view did.
   */
  appendLine(line: string): void {
    if (this.#partial !== '') {
      this.#push(this.#partial);
      this.#partial = '';
    }
    this.#push(line);
  }

  #push(line: string): void {
    const size = Buffer.byteLength(line) + 1;
    this.#lines.push(line);
    this.#lineBytes.push(size);
    this.#bytes += size;
    while (
      this.#lines.length > this.limits.maxLines ||
      (this.#bytes > this.limits.maxBytes && this.#lines.length > 0)
    ) {
      this.#lines.shift();
      this.#bytes -= this.#lineBytes.shift() ?? 0;
    }
  }

  /** Completed lines, oldest first. */
  lines(): readonly string[] {
    return this.#lines;
  }

  /** The last `count` completed lines. */
  lastLines(count: number): string[] {
    return count <= 0 ? [] : this.#lines.slice(-count);
  }

  /** The line being received (no line end yet). */
  get partialLine(): string {
    return this.#partial;
  }

  /** Bytes held by the completed lines, line ends included. */
  get byteLength(): number {
    return this.#bytes;
  }

  get lineCount(): number {
    return this.#lines.length;
  }

  clear(): void {
    this.#lines = [];
    this.#lineBytes = [];
    this.#bytes = 0;
    this.#partial = '';
    this.#afterCr = false;
  }
}
