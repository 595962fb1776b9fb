import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { LiveProgress } from './live-progress';
import { bytesText, hex2 } from './partition-line';
import type { PlannedPartition } from './program-view';
import { escapeControls } from './terminal-safe';
import { terminalColumns, wrapToWidth } from './terminal-width';

export interface TextViewOptions {
  readonly verbose: boolean;
  readonly quiet: boolean;
  /** Milliseconds, for the overall ETA (default `performance.now`). */
  readonly now?: () => number;
}

function speed(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '' : ` ${bytesText(bytesPerSecond)}/s`;
}

/**
 * Text for people. On a terminal, a live area at the bottom (a bar per partition in flight, the countdown, the
 * overall bar with its ETA) below permanent lines (stages, finished partitions, notes); otherwise plain timestamped
 * lines (a start and an end per partition, the countdown when it changes its reason or every 5 s), so logs and CI
 * jobs read cleanly.
 */
export class ProgramTextView {
  readonly #out: CliOutput;
  readonly #io: CliIo;
  readonly #options: TextViewOptions;
  /** The terminal's live area; null when the output is plain lines. */
  readonly #live: LiveProgress | null;
  #lastWait: number | null = null;
  #lastCountdown: { seconds: number; reason: string | null } | null = null;
  readonly #writingNoted = new Set<string>();

  constructor(io: CliIo, options: TextViewOptions) {
    this.#io = io;
    this.#out = new CliOutput(io);
    this.#options = options;
    this.#live = this.#out.interactive
      ? new LiveProgress(
          (text) => io.stdout.write(text),
          () => terminalColumns(io),
          options.now ?? (() => performance.now()),
        )
      : null;
  }

  /** A permanent line: on a terminal above the live area, in rows that fit the width (in `kind`'s colour). */
  #line(text: string, kind?: 'ok' | 'warn' | 'error'): void {
    const live = this.#live;
    if (live === null) return this.#out.info(text);
    live.above(() => {
      for (const row of wrapToWidth(text, terminalColumns(this.#io) - 1))
        if (kind === undefined) this.#out.info(row);
        else this.#out.outcome(kind, row);
    });
  }

  /** A line of the final summary, wrapped on a terminal as `#line` does, in its outcome's colour if it has one. */
  #result(text: string, kind?: 'ok' | 'warn' | 'error'): void {
    if (this.#live === null) return this.#out.result(text);
    for (const row of wrapToWidth(text, terminalColumns(this.#io) - 1))
      if (kind === undefined) this.#out.result(row);
      else this.#out.outcome(kind, row);
  }

  planned(partitions: readonly PlannedPartition[]): void {
    if (!this.#options.quiet) this.#live?.planned(partitions);
  }

  note(text: string): void {
    if (!this.#options.quiet) this.#line(text);
  }

  /** On a terminal a countdown in the live area; otherwise a line at the start and every 5 s. */
  waitingForBoard(secondsLeft: number): void {
    const text = `Waiting for a board in USB boot (0483:df11): ${secondsLeft} s left`;
    if (this.#live !== null) return this.#live.countdown(text);
    if (this.#lastWait !== null && this.#lastWait - secondsLeft < 5) return;
    this.#lastWait = secondsLeft;
    this.#line(text);
  }

  consoleLine(consoleId: string, line: string): void {
    if (this.#options.verbose) this.#line(`  ${consoleId} | ${line}`);
  }

  event(event: ProgramEvent): void {
    if (this.#options.quiet && event.type !== 'warning') return;
    switch (event.type) {
      case 'stage': {
        this.#live?.stage();
        const path = event.timeline.map((entry) => entry.stage).join(' → ');
        this.#line(`Stage ${event.stage} (${path}, ${(event.elapsedMs / 1000).toFixed(1)} s)`);
        return;
      }
      case 'partition-progress':
        return this.#progress(event);
      case 'reconnect':
        return this.#reconnect(event);
      case 'writing':
        return this.#writing(event);
      case 'log':
        if (this.#options.verbose || event.level === 'info') this.#line(event.message);
        return;
      case 'warning':
        this.#line(`Warning ${event.code}: ${event.message}`, 'warn');
        this.#line(`  hint: ${event.hint}`);
        return;
      case 'result':
        return;
    }
  }

  #progress(event: Extract<ProgramEvent, { type: 'partition-progress' }>): void {
    if (this.#live !== null) return this.#live.progress(event);
    const label = `${hex2(event.partitionId)} ${event.name}`;
    const [starting, ended] = event.step === 'verify' ? ['Verifying', 'Verified'] : ['Sending', 'Sent'];
    if (event.bytes === 0 && !event.done) this.#line(`${starting} ${label} (${bytesText(event.total)})`);
    if (event.done) this.#line(`${ended} ${label}: ${bytesText(event.total)}${speed(event.bytesPerSecond)}`);
  }

  /**
   * On a terminal, the partition's live line says the board is writing until its next progress. In plain
   * lines, once per partition (U-Boot may flush every 8 MiB: one line each would flood a log); all with --verbose.
   */
  #writing(event: Extract<ProgramEvent, { type: 'writing' }>): void {
    if (this.#live !== null) return this.#live.writing(event);
    const text = `${hex2(event.partitionId)} ${event.name}: the board is writing to its memory, up to ${event.secondsLeft} s`;
    const key = `${event.partitionId} ${event.name}`;
    if (this.#writingNoted.has(key) && !this.#options.verbose) return;
    this.#writingNoted.add(key);
    this.#line(text);
  }

  #reconnect(event: Extract<ProgramEvent, { type: 'reconnect' }>): void {
    this.#live?.reconnect(event);
    if (this.#live !== null && event.phase !== 'found') return;
    if (event.phase === 'leave') {
      this.#line(`Waiting for the board to leave the bus (${event.secondsLeft} s)`);
      return;
    }
    if (event.phase === 'found') {
      this.#lastCountdown = null;
      this.#line(`Board found again, matched by ${event.matchedBy ?? 'port'}`);
      return;
    }
    const why = event.extendedBecause === null ? '' : ` (extended: ${event.extendedBecause})`;
    const text = `Waiting for the board to come back as ${event.expectedStage}: ${event.secondsLeft} s left${why}`;
    const last = this.#lastCountdown;
    if (last === null || last.reason !== event.extendedBecause || last.seconds - event.secondsLeft >= 5) {
      this.#lastCountdown = { seconds: event.secondsLeft, reason: event.extendedBecause };
      this.#line(text);
    }
  }

  summary(result: ResultEvent): void {
    this.#live?.end();
    const sentNothing = result.partitions.every((partition) => partition.bytes === 0);
    if (sentNothing && !result.ok) this.#result('Nothing was sent to the board.');
    else this.#table(result);
    if (result.ok) this.#out.outcome('ok', `Programmed in ${(result.elapsedMs / 1000).toFixed(1)} s.`);
    else this.#result(`Failed: ${result.code ?? 'UNKNOWN'}: ${result.message ?? ''}`, 'error');
    if (result.warnings.length > 0) this.#result(`Warnings: ${result.warnings.join(', ')}`, 'warn');
    if (result.consoleLines.length > 0) {
      this.#result("The board's console said:");
      for (const line of result.consoleLines) this.#result(`  | ${line}`);
    }
    result.hints.forEach((hint, index) => this.#result(`${result.ok ? 'Next:' : `${index + 1}.`} ${hint}`));
  }

  /** The partitions: what was sent of each and how it ended. */
  #table(result: ResultEvent): void {
    const rows = result.partitions.map((partition) => [
      hex2(partition.id),
      escapeControls(partition.name),
      bytesText(partition.bytes),
      partition.status,
    ]);
    const table = [['Id', 'Name', 'Sent', 'Status'], ...rows];
    const widths = [0, 1, 2, 3].map((column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
    for (const row of table)
      this.#out.result(
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      );
  }
}
