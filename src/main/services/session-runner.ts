import path from 'node:path';
import type { ConsoleService } from '../engine/console/console-service';
import { boardConsoleOf } from '../engine/session/board-console';
import { programLayout } from '../engine/session/program-layout';
import { programEventSchemaVersion, type ProgramEvent } from '../../shared/program-events';
import type { UsbBackend, UsbDeviceEntry } from '../usb/usb-backend';
import type { ProgramRunner } from './program-service';

/** A board found behind a device id: the backend it is on (the reconnect watcher follows it there). */
export interface LocatedBoard {
  readonly backend: UsbBackend;
  readonly entry: UsbDeviceEntry;
  /** Its own console (a virtual board's UART), else null: the first open serial port is used. */
  readonly consoleId: string | null;
}

/** Finds a listed board by the id the device list gave it; null when it is not on the bus (any more). */
export type BoardLocator = (deviceId: string) => Promise<LocatedBoard | null>;

export interface SessionRunnerOptions {
  readonly locate: BoardLocator;
  readonly consoles: ConsoleService;
  /** The come-back deadline when the request names none (the start option, else the setting). */
  readonly reconnectTimeoutMs: () => number;
  readonly cwd: string;
}

function notFound(deviceId: string): ProgramEvent {
  return {
    schemaVersion: programEventSchemaVersion,
    type: 'result',
    ok: false,
    code: 'DEVICE_NOT_FOUND',
    warnings: [],
    partitions: [],
    hints: [
      'The board left the bus since it was listed: check that it is powered and in USB boot, then try again.',
    ],
    message: `the board ${deviceId} is not on the bus; nothing was sent`,
    consoleLines: [],
    elapsedMs: 0,
  };
}

/** `program.start` over the engine: one ProgrammingSession on the board the request names. */
export function sessionRunner(options: SessionRunnerOptions): ProgramRunner {
  return async (request, emit, signal) => {
    const board = await options.locate(request.deviceId);
    if (board === null) {
      emit(notFound(request.deviceId));
      return;
    }
    const serial = options.consoles.consoles().find((info) => info.kind === 'serial');
    const consoleId = board.consoleId ?? serial?.id ?? null;
    await programLayout({
      layoutPath: path.resolve(options.cwd, request.layoutPath),
      cwd: options.cwd,
      ...(request.binariesDir === undefined
        ? {}
        : { binariesDir: path.resolve(options.cwd, request.binariesDir) }),
      ...(request.only === undefined ? {} : { only: request.only }),
      ...(request.skip === undefined ? {} : { skip: request.skip }),
      backend: board.backend,
      device: board.entry,
      onEvent: emit,
      console: consoleId === null ? null : boardConsoleOf(options.consoles, consoleId),
      signal,
      reconnect: { returnMs: request.reconnectTimeoutMs ?? options.reconnectTimeoutMs() },
    });
  };
}
