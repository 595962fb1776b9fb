import type { ResultEvent } from '../../../shared/program-events';
import type { CommandBoards } from '../../compose/command-board-source';
import type { ConsoleService } from '../../engine/console/console-service';
import type { TrackedBoard } from '../../engine/boards/board-tracker';
import { boardConsoleOf } from '../../engine/session/board-console';
import { programBoard } from '../../engine/session/program-layout';
import { fastbootAccess } from '../../engine/fast-path/fastboot-access';
import { hostVirtualMachine } from '../../engine/host/host-facts';
import type { PreparedRun } from '../../engine/session/program-layout';
import { plannedSizes } from '../../engine/session/session-plan';
import type { CliIo } from '../cli-io';
import type { ProgramView } from '../views/program-view';
import { openBoardConsole } from './board-console-setup';
import type { ProgramOptions } from './program-options';
import { tracedBackend } from './request-trace';
import type { RunLog } from './run-log';

/** What every board's run of one `program` command shares. */
export interface BoardRunContext {
  readonly io: CliIo;
  readonly options: ProgramOptions;
  readonly prepared: Extract<PreparedRun, { kind: 'ready' }>;
  readonly boards: CommandBoards;
  readonly consoles: ConsoleService;
  readonly trace: (line: string) => void;
  readonly log: RunLog | null;
}

interface BoardRun extends BoardRunContext {
  readonly view: ProgramView;
  readonly board: TrackedBoard;
}

/** One board, through `programBoard`: the one path the app's `program.start` takes too. */
export async function runOnBoard(run: BoardRun): Promise<ResultEvent> {
  const { io, options, view, consoles, trace, boards, board } = run;
  // Simulated boards never cross this computer's USB, so its VM's fix is not theirs. Read while the console opens.
  const virtualMachine = boards.simulation === null ? hostVirtualMachine() : Promise.resolve('none' as const);
  const console = await openBoardConsole(consoles, options.console, boards.simulation, board);
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
  await boards.source.beforeRun?.(board.id, run.prepared);
  view.planned?.(plannedSizes(run.prepared.plan));
  try {
    return await programBoard(run.prepared.plan, {
      backend: tracedBackend(boards.source.backend, trace),
      tracker: boards.source.tracker,
      boardId: board.id,
      signal: AbortSignal.any(signals),
      console: console.consoleId === null ? null : boardConsoleOf(consoles, console.consoleId),
      requestTimeoutMs: options.requestTimeout,
      writeTimeoutMs: options.writeTimeout,
      ...(options.verify === true ? { verify: true } : {}),
      ...(options.fast === undefined || options.verifyOnly === true
        ? {}
        : {
            fast: {
              mode: options.fast,
              ...(options.fastDevice === undefined ? {} : { device: options.fastDevice }),
              access: await fastbootAccess({
                platform: process.platform,
                simulated: boards.simulation !== null,
              }),
            },
          }),
      reconnect: { returnMs: options.reconnectTimeout, leaveMs: options.leaveTimeout },
      virtualMachine: await virtualMachine,
      ...(console.problem === null
        ? {}
        : { warnings: [{ code: 'CONSOLE_UNAVAILABLE', ...console.problem }] }),
      ...(run.log === null ? {} : { lateWarnings: (warn) => run.log?.onFailure(warn) }),
      onEvent: (event) => {
        trace(JSON.stringify(event));
        view.event(event);
      },
    });
  } finally {
    stopConsole();
  }
}
