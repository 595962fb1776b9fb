import { doctorFormats, type DoctorReport, type DoctorRun } from '../../../shared/contract/doctor';
import { diagnose, successHints } from '../session/diagnosis';
import { SessionFailure } from '../session/session-failure';
import { addDmesgLines, addUartLines, isDmesgLog, isUartLog } from './companion-readers';
import { isCubeProgrammerLog, readCubeProgrammerLog } from './cubeprogrammer-reader';
import { isDfuUtilLog, readDfuUtilLog } from './dfu-util-reader';
import { type LogLine, numberedLines, type RunEvidence } from './run-evidence';
import { isTraceLog, readTraceLog } from './trace-reader';

/** A log to read: its name (as the user gave it, for quoting) and its text. */
export interface LogFile {
  readonly name: string;
  readonly text: string;
}

type Kind = 'cubeprogrammer' | 'dfu-util' | 'trace' | 'dmesg' | 'uart' | 'unknown';

/** Which reader a log is for, from the lines only its tool prints. */
export function kindOfLog(text: string): Kind {
  const lines = numberedLines(text);
  if (isTraceLog(lines)) return 'trace';
  if (isCubeProgrammerLog(text)) return 'cubeprogrammer';
  if (isDfuUtilLog(text)) return 'dfu-util';
  if (isDmesgLog(lines)) return 'dmesg';
  if (isUartLog(text)) return 'uart';
  return 'unknown';
}

const notALog = (what: string): DoctorReport => ({
  known: false,
  message: `${what}: not a log I know. The doctor reads:`,
  formats: [...doctorFormats],
});

function hostRuns(kind: Kind, lines: readonly LogLine[], name: string): RunEvidence[] {
  if (kind === 'cubeprogrammer') return readCubeProgrammerLog(lines, name);
  if (kind === 'dfu-util') return readDfuUtilLog(lines, name);
  if (kind === 'trace') return readTraceLog(lines, name);
  return [];
}

/** The engine's own diagnosis of one run, with the lines it used. */
function diagnoseRun(run: RunEvidence): DoctorRun {
  const facts = {
    stagesReached: run.stagesReached,
    partitionsSent: run.partitionsSent,
    failingStep: run.failingStep,
    linkSpeed: run.linkSpeed,
    reconnectWaits: run.reconnectWaits,
  };
  if (run.failure === null)
    return {
      format: run.format,
      code: null,
      message:
        run.failingStep === null
          ? 'The run ended well.'
          : `The log ends with an error the doctor cannot place: ${run.failingStep}`,
      warnings: run.warnings,
      hints:
        run.failingStep === null
          ? [...run.successNotes, ...(run.successNotes.length > 0 ? [] : successHints([]))]
          : [],
      quoted: run.quoted,
      facts,
    };
  const { code, message, evidence } = run.failure;
  const diagnosis = diagnose({
    failure: new SessionFailure(code, message, evidence),
    consoleLines: run.consoleLines,
    warnings: run.warnings,
    platform: run.platform,
    soc: run.soc,
  });
  return {
    format: run.format,
    code,
    message,
    warnings: run.warnings,
    hints: diagnosis.hints,
    quoted: run.quoted,
    facts,
  };
}

/**
 * Reads logs people already have: a host log (CubeProgrammer, dfu-util or this flasher's trace) and, beside it,
 * the board's UART log or the host's dmesg. Each run becomes the evidence a live run collects, and the engine's
 * `diagnose` gives its code and ranked hints. A companion log goes with the host log's last run.
 */
export function diagnoseLogs(files: readonly LogFile[]): DoctorReport {
  const read = files.map((file) => ({ file, lines: numberedLines(file.text), kind: kindOfLog(file.text) }));
  const unknown = read.find((entry) => entry.kind === 'unknown');
  if (unknown !== undefined) return notALog(unknown.file.name);
  const runs = read.flatMap((entry) => hostRuns(entry.kind, entry.lines, entry.file.name));
  if (runs.length === 0) {
    const only = read[0];
    return notALog(
      only === undefined
        ? 'No log given'
        : `${only.file.name} is the ${only.kind === 'uart' ? 'board’s console' : 'host’s dmesg'} alone, without the programming log beside it`,
    );
  }
  const last = runs[runs.length - 1];
  if (last !== undefined)
    for (const entry of read) {
      if (entry.kind === 'uart') addUartLines(last, entry.lines, entry.file.name);
      if (entry.kind === 'dmesg') addDmesgLines(last, entry.lines, entry.file.name);
    }
  return { known: true, runs: runs.map(diagnoseRun) };
}
