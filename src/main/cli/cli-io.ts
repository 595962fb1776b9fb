import type { Writable } from 'node:stream';

/** The streams and facts a command may touch; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM. */
  readonly interrupt: AbortSignal;
  readonly now: () => Date;
  /** The stream `program --log` writes through, over the file it opened (tests inject failing writes). */
  readonly logStream?: (fd: number) => Writable;
}

/**
 * Interactive output (bars, `\r`, colour) only on a terminal; otherwise plain lines, each with a timestamp,
 * so a log file or a CI job reads cleanly.
 */
export class CliOutput {
  readonly interactive: boolean;
  readonly #io: CliIo;

  constructor(io: CliIo) {
    this.#io = io;
    this.interactive = io.stdout.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  }

  /** A progress or log line: timestamped when stdout is not a terminal. */
  info(text: string): void {
    const prefix = this.interactive ? '' : `${this.#io.now().toISOString()} `;
    this.#io.stdout.write(`${prefix}${text}\n`);
  }

  /** A line that is the command's result, printed as is (scripts parse it). */
  result(text: string): void {
    this.#io.stdout.write(`${text}\n`);
  }

  error(text: string): void {
    this.#io.stderr.write(`${text}\n`);
  }
}
