import type { BoardTag, ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import type { CliIo } from '../cli-io';
import type { ProgramView } from './program-view';
import { jsonForTerminal } from './terminal-safe';

/**
 * `--json`: one JSON document per line, each with a schema version; the session's result is the last event. In a
 * several-board run (`program --all`) each line also carries `board: { id, slot, serial }`, so a reader can split
 * them per board; each board's `result` is its last line.
 */
export class ProgramJsonView implements ProgramView {
  readonly #io: CliIo;
  readonly #board: BoardTag | null;
  readonly #started = performance.now();

  constructor(io: CliIo, board: BoardTag | null = null) {
    this.#io = io;
    this.#board = board;
  }

  #line(value: object): void {
    const tagged = this.#board === null ? value : { ...value, board: this.#board };
    this.#io.stdout.write(`${jsonForTerminal(tagged)}\n`);
  }

  event(event: ProgramEvent): void {
    this.#line(event);
  }

  consoleLine(consoleId: string, line: string): void {
    this.#line({ schemaVersion: programEventSchemaVersion, type: 'console', consoleId, line });
  }

  note(text: string): void {
    const elapsedMs = Math.round(performance.now() - this.#started);
    this.#line({
      schemaVersion: programEventSchemaVersion,
      type: 'log',
      level: 'info',
      message: text,
      elapsedMs,
    });
  }

  summary(_result: ResultEvent): void {
    // The result event itself is the summary.
  }
}
