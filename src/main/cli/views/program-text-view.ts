import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { formatBytes } from '../commands/check-command';
import { escapeControls } from './terminal-safe';
import { fitToWidth, terminalColumns, wrapToWidth } from './terminal-width';

export interface TextViewOptions {
  readonly verbose: boolean;
  readonly quiet: boolean;
}

const hex2 = (id: number): string => `0x${id.toString(16).padStart(2, '0')}`;

function speed(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '' : ` ${formatBytes(BigInt(Math.round(bytesPerSecond)))}/s`;
}

function bar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/**
 * Text for people: on a terminal a bar per partition, the reconnect countdown rewritten in place; otherwise
 * plain timestamped lines (a start and an end per partition, the countdown when it changes its reason or every
 * 5 s), so logs and CI jobs read cleanly.
 */
export class ProgramTextView {
  readonly #out: CliOutput;
  readonly #io: CliIo;
  readonly #options: TextViewOptions;
  #inPlace = false;
  #lastWait: number | null = null;
  #lastCountdown: { seconds: number; reason: string | null } | null = null;
  readonly #writingNoted = new Set<string>();

  constructor(io: CliIo, options: TextViewOptions) {
    this.#io = io;
    this.#out = new CliOutput(io);
    this.#options = options;
  }

  /**
   * A permanent line. On a terminal it clears the line being rewritten (a bar still moving is drawn again by its
   * next progress, so no part-drawn bar stays behind) and breaks long text into rows that fit the width.
   */
  #line(text: string): void {
    this.#clearInPlace();
    if (!this.#out.interactive) return this.#out.info(text);
    for (const row of wrapToWidth(text, terminalColumns(this.#io) - 1)) this.#out.info(row);
  }

  /** A line of the final summary, wrapped on a terminal as `#line` does, in its outcome's colour if it has one. */
  #result(text: string, kind?: 'ok' | 'warn' | 'error'): void {
    if (!this.#out.interactive) return this.#out.result(text);
    for (const row of wrapToWidth(text, terminalColumns(this.#io) - 1))
      if (kind === undefined) this.#out.result(row);
      else this.#out.outcome(kind, row);
  }

  #clearInPlace(): void {
    if (!this.#inPlace) return;
    this.#io.stdout.write('\r\u001b[2K');
    this.#inPlace = false;
  }

  /**
   * Rewrites the line in place. Never wider than the terminal less one column: a wrapped line would leave its first
   * part behind at the next rewrite (the `\r` only goes back to the start of the last row).
   */
  #rewrite(text: string): void {
    const fit = fitToWidth(escapeControls(text), terminalColumns(this.#io) - 1);
    this.#io.stdout.write(`\r\u001b[2K${fit}`);
    this.#inPlace = true;
  }

  #endInPlace(): void {
    if (!this.#inPlace) return;
    this.#io.stdout.write('\n');
    this.#inPlace = false;
  }

  note(text: string): void {
    if (!this.#options.quiet) this.#line(text);
  }

  /** On a terminal the countdown is rewritten in place; otherwise a line at the start and every 5 s. */
  waitingForBoard(secondsLeft: number): void {
    const text = `Waiting for a board in USB boot (0483:df11): ${secondsLeft} s left`;
    if (this.#out.interactive) return this.#rewrite(text);
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
        this.#clearInPlace();
        if (this.#out.interactive)
          for (const row of wrapToWidth(
            `Warning ${event.code}: ${event.message}`,
            terminalColumns(this.#io) - 1,
          ))
            this.#out.outcome('warn', row);
        else this.#line(`Warning ${event.code}: ${event.message}`);
        this.#line(`  hint: ${event.hint}`);
        return;
      case 'result':
        return;
    }
  }

  #progress(event: Extract<ProgramEvent, { type: 'partition-progress' }>): void {
    const label = `${hex2(event.partitionId)} ${event.name}`;
    if (this.#out.interactive) {
      const eta = event.etaSeconds === null ? '' : ` ETA ${Math.ceil(event.etaSeconds)} s`;
      const text = `${label} ${formatBytes(BigInt(event.bytes))}/${formatBytes(BigInt(event.total))}${speed(event.bytesPerSecond)}${eta}`;
      // The bar takes what the text leaves of the width, from 10 to 24 cells.
      const cells = Math.min(24, Math.max(10, terminalColumns(this.#io) - 1 - text.length - 3));
      this.#rewrite(`${bar(event.total === 0 ? 1 : event.bytes / event.total, cells)} ${text}`);
      if (event.done) this.#endInPlace();
      return;
    }
    if (event.bytes === 0 && !event.done)
      this.#line(`Sending ${label} (${formatBytes(BigInt(event.total))})`);
    if (event.done)
      this.#line(`Sent ${label}: ${formatBytes(BigInt(event.total))}${speed(event.bytesPerSecond)}`);
  }

  /**
   * On a terminal, the partition's line says the board is writing until the next progress rewrites it. In plain
   * lines, once per partition (U-Boot may flush every 8 MiB: one line each would flood a log); all with --verbose.
   */
  #writing(event: Extract<ProgramEvent, { type: 'writing' }>): void {
    const text = `${hex2(event.partitionId)} ${event.name}: the board is writing to its memory, up to ${event.secondsLeft} s`;
    if (this.#out.interactive) return this.#rewrite(text);
    const key = `${event.partitionId} ${event.name}`;
    if (this.#writingNoted.has(key) && !this.#options.verbose) return;
    this.#writingNoted.add(key);
    this.#line(text);
  }

  #reconnect(event: Extract<ProgramEvent, { type: 'reconnect' }>): void {
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
    if (this.#out.interactive) return this.#rewrite(text);
    const last = this.#lastCountdown;
    if (last === null || last.reason !== event.extendedBecause || last.seconds - event.secondsLeft >= 5) {
      this.#lastCountdown = { seconds: event.secondsLeft, reason: event.extendedBecause };
      this.#line(text);
    }
  }

  summary(result: ResultEvent): void {
    this.#endInPlace();
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
      formatBytes(BigInt(partition.bytes)),
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
