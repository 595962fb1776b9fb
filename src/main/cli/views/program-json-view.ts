import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import type { CliIo } from '../cli-io';
import type { ProgramView } from './program-view';
import { jsonForTerminal } from './terminal-safe';

/** `--json`: one JSON document per line, each with a schema version; the session's result is the last event. */
export class ProgramJsonView implements ProgramView {
  readonly #io: CliIo;
  readonly #started = performance.now();

  constructor(io: CliIo) {
    this.#io = io;
  }

  #line(value: object): void {
    this.#io.stdout.write(`${jsonForTerminal(value)}\n`);
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
