import type { BoardTag, ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import type { CliIo } from '../cli-io';
import type { ProgramView } from './program-view';
import { jsonForTerminal } from './terminal-safe';

/**
 * `--json` for a several-board run: the same lines as one board's run, each with `board: { id, slot, serial }`,
 * so a reader can split them per board; each board's `result` is its last line.
 */
export class BoardTaggedJsonView implements ProgramView {
  readonly #io: CliIo;
  readonly #board: BoardTag;
  readonly #started = performance.now();

  constructor(io: CliIo, board: BoardTag) {
    this.#io = io;
    this.#board = board;
  }

  #line(value: object): void {
    this.#io.stdout.write(`${jsonForTerminal({ ...value, board: this.#board })}\n`);
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
    // The board's result event is its summary; the run's `summary` line follows all boards.
  }
}
