import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface RotatingLogFileOptions {
  /** The folder, made on the first write. */
  readonly folder: string;
  readonly fileName: string;
  /** A file that would grow past this is rotated first (default 1 MiB). */
  readonly maxBytes?: number;
  /** How many files are kept, the live one included: `name`, `name.1` … `name.(maxFiles-1)` (default 5). */
  readonly maxFiles?: number;
}

/**
 * A log file rotated by size. `append` only queues the line and returns at once; one write at a time drains the
 * queue in order. A write that fails (a full disk, a folder without permission) drops its lines and is remembered
 * in `lastError`: logging never blocks nor throws into the caller.
 */
export class RotatingLogFile {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #maxFiles: number;
  readonly #queue: string[] = [];
  #size: number | null = null;
  #draining: Promise<void> | null = null;
  #lastError: unknown = null;

  constructor(private readonly options: RotatingLogFileOptions) {
    this.path = path.join(options.folder, options.fileName);
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
    this.#maxFiles = Math.max(1, options.maxFiles ?? 5);
  }

  /** The last write's failure, null while writing works. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Queues one line (a newline is added). */
  append(line: string): void {
    this.#queue.push(`${line}\n`);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
  }

  /** Resolves once every line queued so far is written (or dropped). Never rejects. */
  async flush(): Promise<void> {
    while (this.#draining !== null) await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const text = this.#queue.shift() ?? '';
      try {
        await this.#write(text);
        this.#lastError = null;
      } catch (error: unknown) {
        this.#lastError = error;
        this.#size = null;
      }
    }
  }

  async #write(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    if (this.#size === null) {
      await mkdir(this.options.folder, { recursive: true });
      this.#size = await stat(this.path).then(
        (stats) => stats.size,
        () => 0,
      );
    }
    if (this.#size > 0 && this.#size + bytes > this.#maxBytes) await this.#rotate();
    await appendFile(this.path, text);
    this.#size += bytes;
  }

  /** `name.(n-1)` is dropped, each `name.i` becomes `name.(i+1)`, the live file becomes `name.1`. */
  async #rotate(): Promise<void> {
    const numbered = (index: number) => `${this.path}.${index}`;
    await rm(numbered(this.#maxFiles - 1), { force: true });
    for (let index = this.#maxFiles - 2; index >= 1; index -= 1)
      await rename(numbered(index), numbered(index + 1)).catch(() => undefined);
    if (this.#maxFiles > 1) await rename(this.path, numbered(1));
    else await rm(this.path, { force: true });
    this.#size = 0;
  }
}
