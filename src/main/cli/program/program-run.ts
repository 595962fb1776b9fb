import path from 'node:path';
import type { ProgramFailureCode, ResultEvent } from '../../../shared/program-events';
import type { CommandBoards } from '../../compose/command-board-source';
import { openCommandBoards } from '../../compose/command-board-source';
import { ConsoleService } from '../../engine/console/console-service';
import { failureResult } from '../../engine/session/failure-result';
import { prepareLayoutRun } from '../../engine/session/program-layout';
import type { CliIo } from '../cli-io';
import { exitCodes } from '../exit-codes';
import type { ExitCode } from '../exit-codes';
import { ProgramJsonView } from '../views/program-json-view';
import { ProgramTextView } from '../views/program-text-view';
import type { ProgramView } from '../views/program-view';
import { escapeControls } from '../views/terminal-safe';
import { hintFor } from '../../../shared/errors';
import { readImageIdentity } from '../../engine/image/image-identity';
import { chooseDevice } from './device-choice';
import { runOnAllBoards } from './program-all';
import { runOnBoard } from './board-run';
import { partitionIds } from './partition-selection';
import type { ProgramOptions } from './program-options';
import { RunLog } from './run-log';
import type { ResumeRefusal, ResumeStart } from './resume-check';
import { checkResumedImages, startResume } from './resume-check';
import { buildRunRecord, writeRunRecord } from './run-record-file';

const cubeProgrammerLast = {
  ok: 'Flashing service completed successfully',
  failed: 'Error: TSV flashing service failed',
} as const;

/** A result for a run that never reached a board (no board, several boards). */
function resultWithoutBoard(code: ProgramFailureCode, message: string): ResultEvent {
  return failureResult(code, message);
}

/** Results that mean the command could not start: nothing was sent (exit 2). */
const cannotStartCodes: readonly ProgramFailureCode[] = [
  'LAYOUT_SOC_MISMATCH',
  'DEVICE_CHOICE_NEEDED',
  'LAYOUT_INVALID',
  'PARTITION_SELECTION_INVALID',
  'FAST_PATH_UNAVAILABLE',
  'FAST_VERIFY_UNAVAILABLE',
];

function exitFor(result: ResultEvent, interrupted: boolean): ExitCode {
  if (result.ok) return exitCodes.success;
  if (result.code === 'CANCELLED' && interrupted) return exitCodes.interrupted;
  if (result.code !== null && cannotStartCodes.includes(result.code)) return exitCodes.cannotStart;
  if (result.code === 'DEVICE_NOT_FOUND') return exitCodes.noBoard;
  return exitCodes.failed;
}

/** An error line on stderr, its control characters escaped (texts may quote a layout or a board). */
function errorOut(io: CliIo, text: string): void {
  io.stderr.write(escapeControls(text));
}

/** A resume that does not go ahead: its code, the file it names, and the hint (nothing was sent). */
function refuseResume(io: CliIo, refusal: ResumeRefusal): ExitCode {
  errorOut(
    io,
    `Error ${refusal.code}: ${refusal.message}\n    hint: ${hintFor(refusal.code, process.platform)}\n`,
  );
  return exitCodes.cannotStart;
}

/** `program <layout.tsv>`: check the layout, build the backends, pick the board, run the session, report. */
export async function runProgram(
  file: string | undefined,
  options: ProgramOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (file === undefined && options.resume === undefined) {
    errorOut(io, "error: missing required argument 'layout.tsv'\n");
    return exitCodes.cannotStart;
  }
  const view: ProgramView =
    options.json === true
      ? new ProgramJsonView(io)
      : new ProgramTextView(io, { verbose: options.verbose === true, quiet: options.quiet === true });
  // Opened before anything else: a path that cannot be written is a usage error, and nothing is sent.
  let log: RunLog | null = null;
  if (options.log !== undefined) {
    const opened = await RunLog.open(options.log, path.resolve(io.cwd, options.log), io.logStream);
    if (!(opened instanceof RunLog)) {
      errorOut(io, `Error: ${opened.problem}\n`);
      return exitCodes.cannotStart;
    }
    log = opened;
  }
  const trace = (line: string): void => log?.write(`${new Date().toISOString()} ${line}`);
  let boards: CommandBoards | null = null;
  const consoles = new ConsoleService();
  let result: ResultEvent | null = null;
  let sessionRan = false;
  try {
    // `--resume`: the layout held to the report, and the partitions it finished left out (as `--only` would).
    let resume: ResumeStart | null = null;
    if (options.resume !== undefined) {
      resume = await startResume(
        path.resolve(io.cwd, options.resume),
        file === undefined ? undefined : path.resolve(io.cwd, file),
      );
      if (resume.kind === 'refused') return refuseResume(io, resume);
      if (resume.kind === 'nothing') {
        view.note(resume.message);
        return exitCodes.success;
      }
    }
    const ids = resume === null ? partitionIds(options.only, options.skip) : { only: [...resume.only] };
    if (typeof ids === 'string') {
      errorOut(io, `Error: ${ids}\n`);
      return exitCodes.cannotStart;
    }
    const layoutPath = resume?.layoutPath ?? path.resolve(io.cwd, file ?? '');
    const prepared = await prepareLayoutRun({
      layoutPath,
      cwd: io.cwd,
      ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
      ...ids,
      ...(options.verifyOnly === true ? { verifyOnly: true } : {}),
      fast: options.verifyOnly === true ? 'off' : (options.fast ?? 'off'),
      signal: io.interrupt,
    });
    for (const issue of prepared.report?.issues ?? []) {
      const text = `${file}:${issue.line}:${issue.column}: ${issue.severity} ${issue.code}: ${issue.message}`;
      trace(text);
      if (issue.severity === 'error') errorOut(io, `${text}\n    hint: ${issue.hint}\n`);
    }
    if (prepared.kind === 'refused') {
      errorOut(
        io,
        prepared.result.code === 'LAYOUT_INVALID'
          ? `Error: ${(prepared.result.message ?? '').replace('the board', 'a board')}.\n`
          : `Error: ${prepared.result.message ?? ''}\n`,
      );
      return io.interrupt.aborted ? exitCodes.interrupted : exitCodes.cannotStart;
    }
    if (resume !== null) {
      const refusal = await checkResumedImages(resume.record, prepared.plan);
      if (refusal !== null) return refuseResume(io, refusal);
      for (const line of resume.skipped) {
        trace(line);
        view.note(line);
      }
    }
    const layoutSha256 =
      options.report === undefined
        ? null
        : (resume?.layoutSha256 ?? (await readImageIdentity(layoutPath)).sha256);
    try {
      boards = await openCommandBoards(options);
    } catch (error) {
      errorOut(io, `Error: ${error instanceof Error ? error.message : String(error)}\n`);
      return exitCodes.cannotStart;
    }
    if (boards.simulation !== null) for (const message of boards.simulation.messages) view.note(message);
    if (options.all === true) {
      sessionRan = true;
      return await runOnAllBoards({ io, options, prepared, boards, consoles, trace, log });
    }
    const choice = await chooseDevice(boards.source.tracker, {
      ...(options.device === undefined ? {} : { wanted: options.device }),
      ...(options.waitForDevice === undefined ? {} : { waitSeconds: options.waitForDevice }),
      signal: io.interrupt,
      onWait: (secondsLeft) => view.waitingForBoard?.(secondsLeft),
    });
    if (choice.kind === 'interrupted') {
      result = { ...resultWithoutBoard('CANCELLED', 'interrupted while waiting for a board'), hints: [] };
    } else if (choice.kind !== 'chosen') {
      result = resultWithoutBoard(
        choice.kind === 'none' ? 'DEVICE_NOT_FOUND' : 'DEVICE_CHOICE_NEEDED',
        choice.message,
      );
    } else {
      sessionRan = true;
      result = await runOnBoard({
        io,
        options,
        view,
        prepared,
        boards,
        consoles,
        trace,
        log,
        board: choice.board,
      });
    }
    // A log that failed outside the session's hearing (before a board was chosen, or on its last lines after the
    // result went out): still said. Before the result, as its warning; after it, on stderr (the result stays last).
    const lateFailure = log?.failure ?? null;
    if (lateFailure !== null && !result.warnings.includes('LOG_UNWRITABLE')) {
      if (sessionRan) errorOut(io, `Warning ${lateFailure.code}: ${lateFailure.message}\n`);
      else
        view.event({
          schemaVersion: result.schemaVersion,
          type: 'warning',
          elapsedMs: result.elapsedMs,
          ...lateFailure,
        });
      result = { ...result, warnings: [...result.warnings, 'LOG_UNWRITABLE'] };
    }
    if (!sessionRan) {
      view.event(result);
      trace(JSON.stringify(result));
    }
    if (options.report !== undefined && layoutSha256 !== null) {
      const record = buildRunRecord({
        layoutPath,
        layoutSha256,
        plan: prepared.plan,
        result,
        serial: choice.kind === 'chosen' ? choice.board.serial : null,
        resumed: resume?.kind === 'resume' ? resume.record : null,
        now: new Date(),
      });
      await writeRunRecord(path.resolve(io.cwd, options.report), record).catch((error: unknown) =>
        errorOut(io, `Warning: the report ${options.report ?? ''} could not be written: ${String(error)}\n`),
      );
    }
    view.summary(result);
    return exitFor(result, io.interrupt.aborted);
  } finally {
    if (options.cubeprogrammerOutput === true)
      io.stdout.write(`${result?.ok === true ? cubeProgrammerLast.ok : cubeProgrammerLast.failed}\n`);
    await consoles.closeAll();
    await boards?.close();
    await log?.close();
  }
}
