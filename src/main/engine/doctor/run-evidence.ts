import type { Soc, Stage } from '../../../shared/board';
import type { QuotedLine } from '../../../shared/contract/doctor';
import type { ProgramFailureCode, ProgramWarningCode } from '../../../shared/program-events';
import type { FailureEvidence } from '../session/session-failure';

/** One line of a log, numbered from 1 as an editor shows it. */
export interface LogLine {
  readonly line: number;
  readonly text: string;
}

/** The lines of a file, numbered, without the line ends. */
export function numberedLines(text: string): LogLine[] {
  return text.split(/\r?\n/).map((line, index) => ({ line: index + 1, text: line }));
}

/**
 * What one run in a log shows, as the live engine would have collected it: the stages reached, the partitions
 * sent, the failing step, the link speed, the reconnect waits and the board's console lines. The doctor hands
 * `failure`, `warnings`, `consoleLines` and `soc` to the engine's own `diagnose`.
 */
export interface RunEvidence {
  /** Which reader read it (a `doctorFormats` entry's short name). */
  readonly format: string;
  readonly file: string;
  failure: { code: ProgramFailureCode; message: string; evidence: FailureEvidence } | null;
  /** A run that ended well: what the log shows about it, read to the user before the next steps. */
  successNotes: string[];
  warnings: ProgramWarningCode[];
  soc: Soc | null;
  platform: NodeJS.Platform;
  stagesReached: Stage[];
  partitionsSent: number[];
  failingStep: string | null;
  linkSpeed: 'full' | 'high' | null;
  reconnectWaits: number;
  /** The board's console lines (from the trace or the UART log); null when the log holds none. */
  consoleLines: string[] | null;
  quoted: QuotedLine[];
}

export function emptyRun(format: string, file: string): RunEvidence {
  return {
    format,
    file,
    failure: null,
    successNotes: [],
    warnings: [],
    soc: null,
    platform: 'linux',
    stagesReached: [],
    partitionsSent: [],
    failingStep: null,
    linkSpeed: null,
    reconnectWaits: 0,
    consoleLines: null,
    quoted: [],
  };
}

export function reach(run: RunEvidence, stage: Stage): void {
  if (!run.stagesReached.includes(stage)) run.stagesReached.push(stage);
}

export function quote(run: RunEvidence, line: LogLine, file = run.file): void {
  if (!run.quoted.some((q) => q.file === file && q.line === line.line))
    run.quoted.push({ file, line: line.line, text: line.text.trimEnd() });
}

/** Windows when the log shows a Windows command or path; else Linux (both dfu-util and CubeProgrammer logs). */
export function platformOf(text: string): NodeJS.Platform {
  return /\.exe\b|[A-Z]:\\|\s\.\\/.test(text) ? 'win32' : 'linux';
}
