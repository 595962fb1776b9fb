import type { Soc } from '../../shared/board';
import { FlasherError } from '../../shared/errors';
import { appIdentity } from '../app-identity';
import { ContractServer, type RequestHandlers } from './contract-server';
import { ConsoleService } from '../engine/console/console-service';
import { ConsoleHub } from './console-hub';
import { BoardDirectory } from './board-directory';
import { LayoutService } from './layout-service';
import { ProgramService, type ProgramRunner } from './program-service';
import { sessionRunner } from './session-runner';
import { fastPathPreviewHandler } from './fast-path-preview';
import path from 'node:path';
import { anyFilePolicy, assertOpenLayoutFile, type FileAccessPolicy } from './file-access-policy';
import { fileReadError } from './file-read-error';
import { openLogFolder } from './log-folder-handler';
import { noAppLog, type AppLog } from '../app-log/app-log';
import { describeError } from '../app-log/uncaught-errors';
import { layoutDigest } from './layout-digest';
import { layoutNotRead } from '../engine/layout/check-flash-layout';
import { completePath } from './path-completion';
import { browseFolder } from './folder-browser';
import { ImageService } from './image-service';
import { diagnoseLogs } from '../engine/doctor/log-doctor';
import { settingsHandlers, settingsState } from './settings-handlers';
import { SettingsStore } from './settings-store';
import type { StationRunner } from '../engine/station/station-runner';
import { stationHandlers } from './station-handlers';
import type { VirtualMachine } from '../../shared/virtual-machine';
import { spawnProcessRunner, type ProcessRunner } from '../engine/host-access/process-runner';
import { UdevRuleInstaller } from './udev-rule-installer';
import { WindowsDriverInstaller } from './windows-driver-installer';
import { statFileExists, type FileExists } from '../engine/host-access/find-st-driver-installer';

export interface ServiceOptions {
  readonly transport: 'electron' | 'browser-shell';
  readonly platform: NodeJS.Platform;
  /** The boards' sources (libusb, virtual boards); the composition root adds them. */
  readonly boards?: BoardDirectory;
  /** Where relative layout paths start: the folder the app was started in. */
  readonly cwd: string;
  /** The desktop's file dialog for a layout (Electron only); answers null when the user cancels. */
  readonly chooseLayoutFile?: () => Promise<string | null>;
  /** The desktop's save dialog for an SD-card image (Electron only); null when the user cancels. */
  readonly chooseImageOutput?: (suggested: string) => Promise<string | null>;
  /** The consoles (serial ports, virtual boards' UARTs); one per process. */
  readonly consoles?: ConsoleService;
  /** Programs one board; by default the engine's session on the board the directory finds. */
  readonly programRunner?: ProgramRunner;
  /** Starts one virtual board of a SoC in the running app and answers its board ids (composition root). */
  readonly startVirtualBoard?: (soc: Soc) => Promise<string[]>;
  /** The stored settings (opened by the composition root); in memory when absent. */
  readonly settings?: SettingsStore;
  /** What the contract may read on a client's word: `serve`'s folders, Electron's chosen files. Unrestricted when
   * absent (tests of the services alone); the composition root always gives one. */
  readonly fileAccess?: FileAccessPolicy;
  /** `serve --reconnect-timeout`: the come-back deadline of runs that name none; wins over the setting. */
  readonly reconnectTimeoutMs?: number;
  /** `station.open`: the composition root starts a station from a recipe on its boards (and attaches it). */
  readonly openStation?: (recipePath: string) => Promise<void>;
  /** `station.teach`: the running station teaches its slots into its recipe. */
  readonly teachStation?: (on: boolean) => Promise<{ teaching: boolean; slots: number }>;
  /** The VM this computer is (read once by the composition root); `none` when absent. */
  readonly virtualMachine?: () => Promise<VirtualMachine>;
  /** The folder of the app's log file; `app.openLogFolder` fails without one. */
  readonly logFolder?: string;
  /** Opens a folder in the desktop's file manager (Electron); absent in the browser shell, which answers the path. */
  readonly openFolder?: (folder: string) => Promise<void>;
  /** The app's log: runs started and ended (with their codes), requests that failed inside the app. */
  readonly log?: AppLog;
  /** Runs the elevated "Install rule" (pkexec); the real `spawn` when absent. Tests pass a fake. */
  readonly processRunner?: ProcessRunner;
  /** Where Windows' Program Files folders are (`process.env` when absent), to find ST's DFU driver installer. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether that installer is there; the real file check when absent. Tests pass a fake. */
  readonly fileExists?: FileExists;
}

export interface Services {
  readonly server: ContractServer;
  readonly boards: BoardDirectory;
  readonly layouts: LayoutService;
  readonly consoles: ConsoleService;
  readonly programs: ProgramService;
  readonly settings: SettingsStore;
  /** `serve --station <recipe>`: the station the composition root built once the boards were there. */
  attachStation(station: StationRunner): void;
  /** The come-back deadline for a run whose request names none: the start option, else the setting. */
  reconnectTimeoutMs(): number;
  /** Stops event forwarding; the composition root closes its backends itself. */
  dispose(): void;
}

/** Builds the contract's handlers over the engine; the composition roots hand in what they built. */
export function createServices(options: ServiceOptions): Services {
  const boards = options.boards ?? new BoardDirectory();
  // Called only after `server` below exists: opening a layout goes through a request.
  const settings = options.settings ?? SettingsStore.inMemory();
  const fileAccess = options.fileAccess ?? anyFilePolicy;
  const layouts = new LayoutService(
    options.cwd,
    (report) => {
      server.emit('layout.changed', { report });
      if (report !== null && layoutNotRead(report) === undefined)
        void settings.addRecentLayout(report.layout.path).catch(() => undefined);
    },
    fileAccess,
  );
  const reconnectOverride = options.reconnectTimeoutMs ?? null;
  const log = options.log ?? noAppLog;
  const virtualMachine = options.virtualMachine ?? (() => Promise.resolve<VirtualMachine>('none'));
  const consoles = options.consoles ?? new ConsoleService();
  const consoleHub = new ConsoleHub({ service: consoles, emit: (data) => server.emit('console.data', data) });
  const programs = new ProgramService({
    runner:
      options.programRunner ??
      sessionRunner({
        boards,
        consoles,
        platform: options.platform,
        reconnectTimeoutMs: () => reconnectOverride ?? settings.settings.reconnectTimeoutMs,
        cwd: options.cwd,
        virtualMachine,
      }),
    currentLayoutPath: () => layouts.current?.layout.path ?? null,
    emit: (runId, boardId, event) => {
      if (event.type === 'result') {
        const { ok, code, warnings, elapsedMs } = event;
        log.write(ok ? 'info' : 'warn', 'run.end', { runId, boardId, ok, code, warnings, elapsedMs });
      }
      server.emit('program.event', { runId, boardId, event });
    },
    busyBecause: (boardId) => {
      const board = boards.list().find((candidate) => candidate.id === boardId);
      return board?.state === 'programming' || board?.state === 're-enumerating'
        ? `board ${boardId} is being programmed by another run`
        : null;
    },
  });
  let station: StationRunner | null = null;
  let stopStation: (() => void) | null = null;
  // Read at call time: `station.open` attaches one after the handlers exist.
  const currentStation = (): StationRunner | null => station;
  const udevRule = new UdevRuleInstaller(options.platform, options.processRunner ?? spawnProcessRunner);
  const windowsDriver = new WindowsDriverInstaller({
    platform: options.platform,
    env: options.env ?? process.env,
    fileExists: options.fileExists ?? statFileExists,
    runner: options.processRunner ?? spawnProcessRunner,
  });
  const images = new ImageService({
    cwd: options.cwd,
    fileAccess,
    chooseImageOutput: options.chooseImageOutput,
    // Read at call time: the server is made after the handlers.
    onProgress: (progress) => server.emit('image.progress', progress),
  });
  const handlers: RequestHandlers = {
    'app.info': async () => ({
      name: appIdentity.name,
      version: appIdentity.version,
      platform: options.platform,
      transport: options.transport,
      virtualMachine: await virtualMachine(),
    }),
    'app.openLogFolder': () => openLogFolder(options.logFolder, options.openFolder),
    'boards.list': () => ({ boards: boards.list() }),
    'access.installUdevRule': () => udevRule.install(),
    'access.windowsDriverInstaller': () => windowsDriver.installer(),
    'access.installWindowsDriver': () => windowsDriver.install(),
    'boards.addVirtual': async ({ soc }) => {
      if (options.startVirtualBoard === undefined) throw new FlasherError('VIRTUAL_BOARDS_UNAVAILABLE');
      return { boardIds: await options.startVirtualBoard(soc) };
    },
    'layout.open': (request) => layouts.open(request),
    'layout.check': (request) => layouts.check(request),
    'layout.current': () => ({ report: layouts.current }),
    'layout.digest': async (request) => {
      const file = path.resolve(options.cwd, request.path);
      const open = layouts.current?.layout ?? null;
      await assertOpenLayoutFile(
        open === null
          ? null
          : { path: open.path, baseDir: open.baseDir, binaries: open.partitions.map((line) => line.binary) },
        file,
      );
      return layoutDigest(file).catch((error: unknown) => {
        throw fileReadError(file, error);
      });
    },
    'layout.complete': async ({ prefix }) => ({
      entries: await completePath(prefix, options.cwd, (dir) => fileAccess.mayList(dir)),
    }),
    'files.browse': ({ folder }) => browseFolder(folder, { cwd: options.cwd, policy: fileAccess }),
    'image.export': (request) => images.export(request),
    'image.cancel': () => images.cancel(),
    'doctor.read': ({ text, uartText }) =>
      diagnoseLogs([
        { name: 'log', text },
        ...(uartText === undefined || uartText.trim() === '' ? [] : [{ name: 'UART log', text: uartText }]),
      ]),
    ...settingsHandlers(settings, reconnectOverride),
    'layout.choose': async () => {
      if (options.chooseLayoutFile === undefined) throw new FlasherError('NOT_IN_BROWSER');
      return { path: await options.chooseLayoutFile() };
    },
    'program.start': async (request) => {
      if (request.layoutPath !== undefined)
        await fileAccess.assertReadable(path.resolve(options.cwd, request.layoutPath));
      if (request.binariesDir !== undefined)
        await fileAccess.assertFolder(path.resolve(options.cwd, request.binariesDir));
      const started = await programs.start(request);
      log.write('info', 'run.start', {
        runId: started.runId,
        boardId: request.boardId,
        layoutPath: request.layoutPath ?? layouts.current?.layout.path ?? null,
      });
      return started;
    },
    'program.cancel': ({ runId }) => programs.cancel(runId),
    'program.fastPath': fastPathPreviewHandler({
      boards,
      cwd: options.cwd,
      platform: options.platform,
      fileAccess,
      currentLayoutPath: () => layouts.current?.layout.path ?? null,
    }),
    'console.list': async () => ({ ports: await consoleHub.list() }),
    'console.open': ({ path, baudRate }) => consoleHub.open(path, baudRate),
    'console.close': async ({ consoleId }) => ({ closed: await consoleHub.close(consoleId) }),
    'console.history': ({ consoleId }) => ({ text: consoleHub.history(consoleId) }),
    ...stationHandlers(currentStation),
    'station.teach': async ({ on }) => {
      if (station === null || options.teachStation === undefined) throw new FlasherError('NO_STATION');
      return options.teachStation(on);
    },
    'station.open': async (request) => {
      const file = path.resolve(options.cwd, request.path);
      await fileAccess.assertReadable(file);
      if (station !== null) throw new FlasherError('STATION_RUNNING');
      if (options.openStation === undefined) throw new FlasherError('NO_STATION');
      await options.openStation(file);
      return { view: currentStation()?.view() ?? null };
    },
  };
  const server = new ContractServer(handlers, options.platform, (name, error) =>
    log.write('error', 'request.failed', { request: name, error: describeError(error) }),
  );
  const stop = boards.onChange((list) => server.emit('boards.changed', { boards: [...list] }));
  const stopSettings = settings.onChange(() =>
    server.emit('settings.changed', settingsState(settings, reconnectOverride)),
  );
  return {
    server,
    boards,
    layouts,
    consoles,
    programs,
    settings,
    attachStation(runner) {
      stopStation?.();
      station = runner;
      stopStation = runner.onChange(() => server.emit('station.changed', { view: runner.view() }));
      server.emit('station.changed', { view: runner.view() });
    },
    reconnectTimeoutMs: () => reconnectOverride ?? settings.settings.reconnectTimeoutMs,
    dispose: () => {
      stop();
      stopStation?.();
      stopSettings();
      programs.cancelAll();
      consoleHub.dispose();
    },
  };
}
