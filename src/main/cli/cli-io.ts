import type { Writable } from 'node:stream';
import { escapeControls, jsonForTerminal } from './views/terminal-safe';

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
    this.#io.stdout.write(`${prefix}${escapeControls(text)}\n`);
  }

  /** A line that is the command's result (scripts parse it), control characters escaped. */
  result(text: string): void {
    this.#io.stdout.write(`${escapeControls(text)}\n`);
  }

  /**
   * A result line in the colour of its outcome (green OK, yellow WARN, red ERROR) on a terminal; plain where
   * colour is off (NO_COLOR, --no-color, TERM=dumb, not a terminal).
   */
  outcome(kind: 'ok' | 'warn' | 'error', text: string): void {
    if (!this.interactive) return this.result(text);
    const colour = { ok: 32, warn: 33, error: 31 }[kind];
    this.#io.stdout.write(`\u001b[${colour}m${escapeControls(text)}\u001b[0m\n`);
  }

  /** A JSON document as the command's result. */
  json(value: unknown, indent?: number): void {
    this.#io.stdout.write(`${jsonForTerminal(value, indent)}\n`);
  }

  error(text: string): void {
    this.#io.stderr.write(`${escapeControls(text)}\n`);
  }
}

/** Resolves when the command is interrupted (Ctrl+C or SIGTERM): what a long-running command waits for. */
export function untilInterrupted(io: Pick<CliIo, 'interrupt'>): Promise<void> {
  return new Promise<void>((resolve) => {
    if (io.interrupt.aborted) resolve();
    io.interrupt.addEventListener('abort', () => resolve(), { once: true });
  });
}
