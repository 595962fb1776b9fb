import path from 'node:path';
import type { ConsoleService } from '../engine/console/console-service';
import { fastbootAccess } from '../engine/fast-path/fastboot-access';
import { boardConsoleOf } from '../engine/session/board-console';
import { failureResult } from '../engine/session/failure-result';
import { programLayout, type RunStart } from '../engine/session/program-layout';
import type { BoardDirectory } from './board-directory';
import type { ProgramRunner } from './program-service';
import type { VirtualMachine } from '../../shared/virtual-machine';

export interface SessionRunnerOptions {
  readonly boards: BoardDirectory;
  readonly consoles: ConsoleService;
  /** The come-back deadline when the request names none (the start option, else the setting). */
  readonly reconnectTimeoutMs: () => number;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  /** The VM this computer is: a failed run's diagnosis ranks its fix first. */
  readonly virtualMachine?: () => Promise<VirtualMachine>;
}

/** `program.start` over the engine: `programLayout` on the board the request names, as the CLI's `program` does. */
export function sessionRunner(options: SessionRunnerOptions): ProgramRunner {
  return async (request, runId, emit, signal) => {
    const board = options.boards.locate(request.boardId);
    if (board === null) {
      emit(
        failureResult('DEVICE_NOT_FOUND', `there is no board ${request.boardId}; nothing was sent`, {
          platform: options.platform,
        }),
      );
      return;
    }
    const serial = options.consoles.consoles().find((info) => info.kind === 'serial');
    const consoleId = board.consoleId ?? serial?.id ?? null;
    const { source } = board;
    const virtualMachine =
      source.inProcess === true ? 'none' : ((await options.virtualMachine?.()) ?? 'none');
    await programLayout(
      {
        layoutPath: path.resolve(options.cwd, request.layoutPath),
        cwd: options.cwd,
        ...(request.binariesDir === undefined
          ? {}
          : { binariesDir: path.resolve(options.cwd, request.binariesDir) }),
        ...(request.only === undefined ? {} : { only: request.only }),
        ...(request.skip === undefined ? {} : { skip: request.skip }),
        fast: request.fast ?? 'auto',
        signal,
      },
      {
        backend: source.backend,
        tracker: source.tracker,
        boardId: board.boardId,
        runId,
        onEvent: emit,
        console: consoleId === null ? null : boardConsoleOf(options.consoles, consoleId),
        signal,
        platform: options.platform,
        virtualMachine,
        reconnect: { returnMs: request.reconnectTimeoutMs ?? options.reconnectTimeoutMs() },
        ...(request.verify === true ? { verify: true } : {}),
        fast: {
          mode: request.fast ?? 'auto',
          ...(request.fastDevice === undefined ? {} : { device: request.fastDevice }),
          access: await fastbootAccess({ platform: options.platform, simulated: source.inProcess === true }),
        },
        ...(source.beforeRun === undefined
          ? {}
          : {
              beforeRun: (start: RunStart) => source.beforeRun?.(board.boardId, start) ?? Promise.resolve(),
            }),
      },
    );
  };
}
