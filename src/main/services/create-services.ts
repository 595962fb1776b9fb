import type { Soc } from '../../shared/board';
import { FlasherError } from '../../shared/errors';
import { appIdentity } from '../app-identity';
import { ContractServer, type RequestHandlers } from './contract-server';
import { ConsoleService } from '../engine/console/console-service';
import { ConsoleHub } from './console-hub';
import { DeviceDirectory } from './device-directory';
import { LayoutService } from './layout-service';
import { ProgramService, type ProgramRunner } from './program-service';
import { sessionRunner, type BoardLocator } from './session-runner';
import path from 'node:path';
import { layoutDigest } from './layout-digest';
import { completePath } from './path-completion';
import { settingsHandlers, settingsState } from './settings-handlers';
import { SettingsStore } from './settings-store';

export interface ServiceOptions {
  readonly transport: 'electron' | 'browser-shell';
  readonly platform: string;
  readonly directory?: DeviceDirectory;
  /** Where relative layout paths start: the folder the app was started in. */
  readonly cwd: string;
  /** The desktop's file dialog for a layout (Electron only); answers null when the user cancels. */
  readonly chooseLayoutFile?: () => Promise<string | null>;
  /** The consoles (serial ports, virtual boards' UARTs); one per process. */
  readonly consoles?: ConsoleService;
  /** Programs one board; by default the engine's session on the board `locateBoard` finds. */
  readonly programRunner?: ProgramRunner;
  /** Finds a listed board by its id, on the backend it is on (the composition root knows its backends). */
  readonly locateBoard?: BoardLocator;
  /** Starts one virtual board of a SoC in the running app and answers its device ids (composition root). */
  readonly startVirtualBoard?: (soc: Soc) => Promise<string[]>;
  /** The stored settings (opened by the composition root); in memory when absent. */
  readonly settings?: SettingsStore;
  /** `serve --reconnect-timeout`: the come-back deadline of runs that name none; wins over the setting. */
  readonly reconnectTimeoutMs?: number;
}

export interface Services {
  readonly server: ContractServer;
  readonly directory: DeviceDirectory;
  readonly layouts: LayoutService;
  readonly consoles: ConsoleService;
  readonly programs: ProgramService;
  readonly settings: SettingsStore;
  /** The come-back deadline for a run whose request names none: the start option, else the setting. */
  reconnectTimeoutMs(): number;
  /** Stops event forwarding; the composition root closes its backends itself. */
  dispose(): void;
}

/** Builds the contract's handlers over the engine; the composition roots hand in what they built. */
export function createServices(options: ServiceOptions): Services {
  const directory = options.directory ?? new DeviceDirectory();
  // Called only after `server` below exists: opening a layout goes through a request.
  const settings = options.settings ?? SettingsStore.inMemory();
  const layouts = new LayoutService(options.cwd, (report) => {
    server.emit('layout.changed', { report });
    if (report !== null && !report.issues.some((issue) => issue.code === 'LAYOUT_UNREADABLE'))
      void settings.addRecentLayout(report.layout.path).catch(() => undefined);
  });
  const reconnectOverride = options.reconnectTimeoutMs ?? null;
  const consoles = options.consoles ?? new ConsoleService();
  const consoleHub = new ConsoleHub({ service: consoles, emit: (data) => server.emit('console.data', data) });
  const programs = new ProgramService({
    runner:
      options.programRunner ??
      sessionRunner({
        locate: options.locateBoard ?? (async () => null),
        consoles,
        reconnectTimeoutMs: () => reconnectOverride ?? settings.settings.reconnectTimeoutMs,
        cwd: options.cwd,
      }),
    currentLayoutPath: () => layouts.current?.layout.path ?? null,
    emit: (runId, deviceId, event) => server.emit('program.event', { runId, deviceId, event }),
  });
  const handlers: RequestHandlers = {
    'app.info': () => ({
      name: appIdentity.name,
      version: appIdentity.version,
      platform: options.platform,
      transport: options.transport,
    }),
    'devices.list': () => ({ devices: directory.list() }),
    'devices.addVirtual': async ({ soc }) => {
      if (options.startVirtualBoard === undefined) throw new FlasherError('VIRTUAL_BOARDS_UNAVAILABLE');
      return { deviceIds: await options.startVirtualBoard(soc) };
    },
    'layout.open': (request) => layouts.open(request),
    'layout.check': (request) => layouts.check(request),
    'layout.current': () => ({ report: layouts.current }),
    'layout.digest': (request) => layoutDigest(path.resolve(options.cwd, request.path)),
    'layout.complete': async ({ prefix }) => ({ entries: await completePath(prefix, options.cwd) }),
    ...settingsHandlers(settings, reconnectOverride),
    'layout.choose': async () => {
      if (options.chooseLayoutFile === undefined) throw new FlasherError('NOT_IN_BROWSER');
      return { path: await options.chooseLayoutFile() };
    },
    'program.start': (request) => programs.start(request),
    'program.cancel': ({ runId }) => programs.cancel(runId),
    'console.list': async () => ({ ports: await consoleHub.list() }),
    'console.open': ({ path, baudRate }) => consoleHub.open(path, baudRate),
    'console.close': async ({ consoleId }) => ({ closed: await consoleHub.close(consoleId) }),
    'console.history': ({ consoleId }) => ({ text: consoleHub.history(consoleId) }),
  };
  const server = new ContractServer(handlers);
  const stop = directory.onChange((devices) => server.emit('devices.changed', { devices: [...devices] }));
  const stopSettings = settings.onChange(() =>
    server.emit('settings.changed', settingsState(settings, reconnectOverride)),
  );
  return {
    server,
    directory,
    layouts,
    consoles,
    programs,
    settings,
    reconnectTimeoutMs: () => reconnectOverride ?? settings.settings.reconnectTimeoutMs,
    dispose: () => {
      stop();
      stopSettings();
      programs.cancelAll();
      consoleHub.dispose();
    },
  };
}
