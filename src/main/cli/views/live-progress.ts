import type { PartitionProgressEvent, ReconnectEvent, WritingEvent } from '../../../shared/program-events';
import { LiveArea } from './live-area';
import { OverallProgress } from './overall-line';
import { bytesText, finishedPartitionLine, hex2, partitionBarLine } from './partition-line';
import type { PlannedPartition } from './program-view';
import { escapeControls } from './terminal-safe';
import { fitToWidth } from './terminal-width';

interface InFlight {
  last: PartitionProgressEvent;
  readonly startedMs: number;
  /** While the board writes (a `writing` event), what the partition's line says instead of its bar. */
  writing: string | null;
}

/**
 * A run on a terminal: the live area holds a bar per partition in flight, the countdown of a re-enumeration (or of
 * `--wait-for-device`), and the overall bar; a partition that finishes becomes one permanent line above it
 * (id, name, size, time, OK).
 */
export class LiveProgress {
  readonly #area: LiveArea;
  readonly #write: (text: string) => void;
  readonly #columns: () => number;
  readonly #now: () => number;
  readonly #inFlight = new Map<number, InFlight>();
  #overall: OverallProgress | null = null;
  #countdown: string | null = null;
  #returnPhase: { phase: ReconnectEvent['phase']; startedMs: number } | null = null;

  constructor(write: (text: string) => void, columns: () => number, now: () => number) {
    this.#write = write;
    this.#columns = columns;
    this.#now = now;
    this.#area = new LiveArea(write, columns);
  }

  /** Prints permanent lines above the live area (`print` writes whole lines). */
  above(print: () => void): void {
    this.#area.above(print);
  }

  planned(partitions: readonly PlannedPartition[]): void {
    this.#overall = new OverallProgress(partitions, this.#now);
    this.#countdown = null;
    this.#draw();
  }

  /** A countdown line (waiting for a board); null takes it away. */
  countdown(text: string | null): void {
    this.#countdown = text;
    this.#draw();
  }

  progress(event: PartitionProgressEvent): void {
    this.#countdown = null;
    this.#overall?.progress(event);
    const flying = this.#inFlight.get(event.partitionId);
    if (!event.done) {
      if (flying === undefined)
        this.#inFlight.set(event.partitionId, { last: event, startedMs: event.elapsedMs, writing: null });
      else Object.assign(flying, { last: event, writing: null });
      return this.#draw();
    }
    this.#inFlight.delete(event.partitionId);
    const seconds = (event.elapsedMs - (flying?.startedMs ?? event.elapsedMs)) / 1000;
    const counted = this.#overall === null || this.#overall.counts(event.partitionId);
    const width = this.#columns() - 1;
    this.#area.above(() => {
      if (!counted) {
        const text = `${event.name} sent (${bytesText(event.total)}, ${seconds.toFixed(1)} s)`;
        return this.#write(`${fitToWidth(escapeControls(text), width)}\n`);
      }
      const line = finishedPartitionLine(event.partitionId, event.name, event.total, seconds);
      const verified = event.step === 'verify' ? ' verified' : '';
      const fitted = fitToWidth(escapeControls(`${line}${verified}`), width - 3);
      this.#write(`${fitted} \u001b[32mOK\u001b[0m\n`);
    }, this.#lines(width));
  }

  writing(event: WritingEvent): void {
    const text = `${hex2(event.partitionId)} ${event.name}: the board is writing to its memory, up to ${event.secondsLeft} s`;
    const flying = this.#inFlight.get(event.partitionId);
    if (flying !== undefined) flying.writing = text;
    else this.#countdown = text;
    this.#draw();
  }

  /** Leaving and coming back: a countdown of the deadline given (and its extension); the overall rate pauses. */
  reconnect(event: ReconnectEvent): void {
    this.#overall?.pause();
    if (event.phase === 'found') {
      this.#returnPhase = null;
      return this.countdown(null);
    }
    if (this.#returnPhase?.phase !== event.phase)
      this.#returnPhase = { phase: event.phase, startedMs: event.elapsedMs };
    const given = Math.round((event.deadlineMs - this.#returnPhase.startedMs) / 1000);
    const why = event.extendedBecause === null ? '' : ` (extended: ${event.extendedBecause})`;
    this.countdown(
      event.phase === 'leave'
        ? `Waiting for the board to leave the bus: ${event.secondsLeft} s left of ${given} s`
        : `Waiting for the board to come back as ${event.expectedStage}: ${event.secondsLeft} s left of ${given} s${why}`,
    );
  }

  /** A stage began: its speed is measured afresh. */
  stage(): void {
    this.#overall?.newStage();
    this.#countdown = null;
    this.#draw();
  }

  /** The run ended: the overall line stays on screen as it stands, the rest of the live area goes. */
  end(): void {
    this.#inFlight.clear();
    this.#countdown = null;
    this.#draw();
    this.#area.commit();
    this.#overall = null;
  }

  #draw(): void {
    this.#area.render(this.#lines(this.#columns() - 1));
  }

  /** The live area's lines: a bar (or the writing notice) per partition in flight, the countdown, the overall. */
  #lines(width: number): string[] {
    const lines = [...this.#inFlight.values()].map(
      (flying) => flying.writing ?? partitionBarLine(flying.last, width),
    );
    if (this.#countdown !== null) lines.push(this.#countdown);
    if (this.#overall !== null) lines.push(this.#overall.line(width));
    return lines;
  }
}
