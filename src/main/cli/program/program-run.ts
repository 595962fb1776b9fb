import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import type { ProgramFailureCode, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import { ConsoleService } from '../../engine/console/console-service';
import { analyzeFlashLayout } from '../../engine/layout/check-flash-layout';
import { readFileStart } from '../../engine/layout/stm32-image-header';
import { boardConsoleOf } from '../../engine/session/board-console';
import { diagnose } from '../../engine/session/diagnosis';
import { ProgrammingSession } from '../../engine/session/programming-session';
import { SessionFailure } from '../../engine/session/session-failure';
import { planSession } from '../../engine/session/session-plan';
import type { SessionPlan } from '../../engine/session/session-plan';
import type { UsbBackend } from '../../usb/usb-backend';
import { LibusbBackend } from '../../usb/libusb/libusb-backend';
import { startSimulation } from '../../virtual-board/sim/start-simulation';
import type { Simulation } from '../../virtual-board/sim/start-simulation';
import type { CliIo } from '../cli-io';
import { exitCodes } from '../exit-codes';
import type { ExitCode } from '../exit-codes';
import { ProgramJsonView } from '../views/program-json-view';
import { ProgramTextView } from '../views/program-text-view';
import type { ProgramView } from '../views/program-view';
import { openBoardConsole } from './board-console-setup';
import { chooseDevice } from './device-choice';
import { partitionSelection } from './partition-selection';
import type { ProgramOptions } from './program-options';
import { tracedBackend } from './request-trace';

const cubeProgrammerLast = {
  ok: 'Flashing service completed successfully',
  failed: 'Error: TSV flashing service failed',
} as const;

/** A result for a run that never reached a board (no board, several boards). */
function resultWithoutBoard(code: ProgramFailureCode, message: string): ResultEvent {
  const diagnosis = diagnose({
    failure: new SessionFailure(code, message),
    consoleLines: null,
    warnings: [],
    platform: process.platform,
    soc: null,
  });
  return {
    schemaVersion: programEventSchemaVersion,
    type: 'result',
    ok: false,
    code,
    warnings: [],
    partitions: [],
    hints: diagnosis.hints,
    message,
    consoleLines: [],
    elapsedMs: 0,
  };
}

function exitFor(result: ResultEvent, interrupted: boolean): ExitCode {
  if (result.ok) return exitCodes.success;
  if (result.code === 'CANCELLED' && interrupted) return exitCodes.interrupted;
  if (result.code === 'LAYOUT_SOC_MISMATCH' || result.code === 'DEVICE_CHOICE_NEEDED')
    return exitCodes.cannotStart;
  if (result.code === 'DEVICE_NOT_FOUND') return exitCodes.noBoard;
  return exitCodes.failed;
}

/** `program <layout.tsv>`: check the layout, build the backends, pick the board, run the session, report. */
export async function runProgram(file: string, options: ProgramOptions, io: CliIo): Promise<ExitCode> {
  const view: ProgramView =
    options.json === true
      ? new ProgramJsonView(io)
      : new ProgramTextView(io, { verbose: options.verbose === true, quiet: options.quiet === true });
  const log: WriteStream | null =
    options.log === undefined ? null : createWriteStream(path.resolve(io.cwd, options.log));
  const trace = (line: string): void => void log?.write(`${new Date().toISOString()} ${line}\n`);
  let simulation: Simulation | null = null;
  const consoles = new ConsoleService();
  let result: ResultEvent | null = null;
  let sessionRan = false;
  try {
    const analysis = await analyzeFlashLayout(file, {
      cwd: io.cwd,
      ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
      signal: io.interrupt,
    });
    const errors = analysis.report.issues.filter((issue) => issue.severity === 'error');
    for (const issue of analysis.report.issues) {
      const text = `${file}:${issue.line}:${issue.column}: ${issue.severity} ${issue.code}: ${issue.message}`;
      trace(text);
      if (issue.severity === 'error') io.stderr.write(`${text}\n    hint: ${issue.hint}\n`);
    }
    if (analysis.layout === null || errors.length > 0) {
      io.stderr.write(`Error: the layout has ${errors.length} error(s); nothing was sent to a board.\n`);
      return exitCodes.cannotStart;
    }
    const selection = partitionSelection(analysis.layout, options.only, options.skip);
    if (!selection.ok) {
      io.stderr.write(`Error: ${selection.error}\n`);
      return exitCodes.cannotStart;
    }
    const plan = await planSession(analysis.layout, analysis.binaryPaths, {
      ...(selection.select === undefined ? {} : { select: selection.select }),
    });
    let backend: UsbBackend;
    try {
      simulation = await startSimulation(options, { ssblHead: await ssblHead(plan, analysis.binaryPaths) });
    } catch (error) {
      io.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
      return exitCodes.cannotStart;
    }
    if (simulation !== null) {
      for (const message of simulation.messages) view.note(message);
      backend = simulation.backend;
    } else backend = new LibusbBackend();
    backend = tracedBackend(backend, trace);
    const choice = await chooseDevice(backend, {
      ...(options.device === undefined ? {} : { wanted: options.device }),
      ...(options.waitForDevice === undefined ? {} : { waitSeconds: options.waitForDevice }),
      signal: io.interrupt,
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
      result = await programBoard({
        io,
        options,
        view,
        plan,
        backend,
        simulation,
        consoles,
        trace,
        entry: choice.entry,
      });
    }
    if (!sessionRan) {
      view.event(result);
      trace(JSON.stringify(result));
    }
    view.summary(result);
    return exitFor(result, io.interrupt.aborted);
  } finally {
    if (options.cubeprogrammerOutput === true)
      io.stdout.write(`${result?.ok === true ? cubeProgrammerLast.ok : cubeProgrammerLast.failed}\n`);
    await consoles.closeAll();
    await simulation?.close();
    if (log !== null) await new Promise((resolve) => log.end(resolve));
  }
}

interface BoardRun {
  readonly io: CliIo;
  readonly options: ProgramOptions;
  readonly view: ProgramView;
  readonly plan: SessionPlan;
  readonly backend: UsbBackend;
  readonly simulation: Simulation | null;
  readonly consoles: ConsoleService;
  readonly trace: (line: string) => void;
  readonly entry: Parameters<typeof openBoardConsole>[3];
}

async function programBoard(run: BoardRun): Promise<ResultEvent> {
  const { io, options, view, consoles, trace } = run;
  const console = await openBoardConsole(consoles, options.console, run.simulation, run.entry);
  const stopConsole = consoles.subscribe((event) => {
    if (event.type !== 'data') return;
    for (const line of event.lines) {
      trace(`console ${event.consoleId} | ${line}`);
      view.consoleLine(event.consoleId, line);
    }
  });
  if (console.consoleId !== null) view.note(`Console: ${console.consoleId}`);
  const signals = [io.interrupt];
  if (options.timeout !== undefined) signals.push(AbortSignal.timeout(options.timeout * 1000));
  const session = new ProgrammingSession({
    backend: run.backend,
    device: run.entry,
    plan: run.plan,
    signal: AbortSignal.any(signals),
    console: console.consoleId === null ? null : boardConsoleOf(consoles, console.consoleId),
    requestTimeoutMs: options.requestTimeout,
    writeTimeoutMs: options.writeTimeout,
    reconnect: { returnMs: options.reconnectTimeout, leaveMs: options.leaveTimeout },
    ...(console.problem === null ? {} : { warnings: [{ code: 'CONSOLE_UNAVAILABLE', ...console.problem }] }),
    onEvent: (event) => {
      trace(JSON.stringify(event));
      view.event(event);
    },
  });
  try {
    return await session.run();
  } finally {
    stopConsole();
  }
}

/** The first bytes of the SSBL (phase 0x03) the run will load, for `--sim-firmware auto`. */
async function ssblHead(
  plan: SessionPlan,
  paths: Awaited<ReturnType<typeof analyzeFlashLayout>>['binaryPaths'],
): Promise<Uint8Array | undefined> {
  const ssbl = plan.hostLoaded.get(0x03);
  const file = ssbl === undefined ? undefined : paths.get(ssbl.partition);
  return file === undefined ? undefined : readFileStart(file, 16).catch(() => undefined);
}
