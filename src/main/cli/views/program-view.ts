import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';

/** How `program` shows a run: JSON lines, or text (bars on a terminal, timestamped lines otherwise). */
export interface ProgramView {
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
