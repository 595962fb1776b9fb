import { createWriteStream, open } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Writable } from 'node:stream';
import { logPathProblem, logUnwritableWarning } from '../../../shared/errors';
import type { StartWarning } from '../../engine/session/programming-session';

/** Makes the stream a log writes to, over a file already opened for writing. */
export type LogStreamFactory = (fd: number) => Writable;

const fileStream: LogStreamFactory = (fd) => createWriteStream('', { fd, autoClose: true });

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * `program --log <file>`: opened before anything is sent (a path that cannot be written is a usage error), then
 * written line by line. A write that fails during the run (a full disk) never throws: the log stops, and the run
 * is told once, as the `LOG_UNWRITABLE` warning, and goes on.
 */
export class RunLog {
  readonly #file: string;
  readonly #stream: Writable;
  #failure: StartWarning | null = null;
  readonly #listeners: ((warning: StartWarning) => void)[] = [];

  private constructor(file: string, stream: Writable) {
    this.#file = file;
    this.#stream = stream;
    stream.on('error', (error) => this.#fail(codeOf(error)));
  }

  /** Opens (creates or truncates) the log; answers it, or the text of why the path cannot be written. */
  static async open(
    file: string,
    absolutePath: string,
    streamOf: LogStreamFactory = fileStream,
  ): Promise<RunLog | { readonly problem: string }> {
    // Opening a FIFO for writing waits for a reader, maybe for ever: refused before it is opened.
    const existing = await stat(absolutePath).catch(() => null);
    if (existing?.isFIFO() === true || existing?.isSocket() === true)
      return { problem: logPathProblem(file, existing.isFIFO() ? 'FIFO' : 'SOCKET') };
    try {
      const fd = await promisify(open)(absolutePath, 'w');
      return new RunLog(file, streamOf(fd));
    } catch (error) {
      return { problem: logPathProblem(file, codeOf(error)) };
    }
  }

  /** The warning once a write failed; null while the log is whole. */
  get failure(): StartWarning | null {
    return this.#failure;
  }

  write(line: string): void {
    if (this.#failure !== null || this.#stream.destroyed) return;
    try {
      this.#stream.write(`${line}\n`);
    } catch (error) {
      this.#fail(codeOf(error));
    }
  }

  /** Calls `listener` with the warning when a write fails (at once if one already has). */
  onFailure(listener: (warning: StartWarning) => void): void {
    if (this.#failure !== null) listener(this.#failure);
    else this.#listeners.push(listener);
  }

  /** Flushes and closes; never rejects (a failure on the last lines is reported as the warning). */
  async close(): Promise<void> {
    if (this.#stream.destroyed) return;
    await new Promise<void>((resolve) => {
      this.#stream.once('close', () => resolve());
      this.#stream.end();
    });
  }

  #fail(code: string | undefined): void {
    if (this.#failure !== null) return;
    this.#failure = { code: 'LOG_UNWRITABLE', ...logUnwritableWarning(this.#file, code) };
    for (const listener of this.#listeners.splice(0)) listener(this.#failure);
    this.#stream.destroy();
  }
}
