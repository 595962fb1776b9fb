import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';

/** A partition the run will send, as the result's table lists it, with its image's size. */
export interface PlannedPartition {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
}

/** How `program` shows a run: JSON lines, or text (bars on a terminal, timestamped lines otherwise). */
export interface ProgramView {
  /** What the run will send, before it starts (the overall progress counts these). */
  planned?(partitions: readonly PlannedPartition[]): void;
  event(event: ProgramEvent): void;
  /** A line of the board's console (shown with --verbose in text, always in JSON). */
  consoleLine(consoleId: string, line: string): void;
  /** A line about the run's setup (virtual board folders, the console in use). */
  note(text: string): void;
  /** `--wait-for-device`: no board yet, this many seconds left (a countdown). */
  waitingForBoard?(secondsLeft: number): void;
  /** The end: summary and what to do next. */
  summary(result: ResultEvent): void;
}
