import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { reconnectTimeout } from '../../../shared/deadlines';
import { FlasherError } from '../../../shared/errors';
import { composeApp } from '../../compose/compose-app';
import { layoutNotRead } from '../../engine/layout/check-flash-layout';
import { startBrowserShell } from '../../shell/browser-shell';
import { isLoopbackAddress, remoteRefusal, remoteWarning } from '../../shell/listen-address';
import { registerSimOptions, type SimOptions } from '../../compose/sim/sim-options';
import type { CliIo } from '../cli-io';
import { CliOutput, untilInterrupted } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';
import { locateRenderer } from '../renderer-location';
import { parsePort, parseReconnectTimeout } from '../option-parsers';
import { folderPolicy, serveFolders } from '../../services/file-access-policy';
import { SettingsStore } from '../../services/settings-store';
import { userDataDir } from '../../services/user-data-dir';
import { serveLog } from '../serve-log';

interface ServeOptions extends SimOptions {
  readonly port: number;
  readonly host: string;
  readonly allowRemote?: boolean;
  readonly layout?: string;
  readonly dataDir?: string;
  readonly logDir?: string;
  readonly reconnectTimeout?: number;
  readonly files?: string[];
  readonly station?: string;
}

export const defaultServePort = 5780;

async function serve(options: ServeOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  const remote = !isLoopbackAddress(options.host);
  if (remote && options.allowRemote !== true) {
    out.error(`Error: ${remoteRefusal(options.host)}`);
    return exitCodes.cannotStart;
  }
  const rendererDir = locateRenderer();
  if (rendererDir === null) {
    out.error(
      'Error: the app is not built yet. Run `npm run build` in the stm32mp-flasher folder, then try again.',
    );
    return exitCodes.cannotStart;
  }
  // With --data-dir alone (tests, portable set-ups) the log stays beside the settings, out of the user's folders.
  const logFolder =
    options.logDir ?? (options.dataDir === undefined ? undefined : path.join(options.dataDir, 'logs'));
  const log = serveLog(logFolder === undefined ? undefined : path.resolve(io.cwd, logFolder), out);
  const settings = SettingsStore.open(path.resolve(io.cwd, options.dataDir ?? userDataDir()));
  if (settings.notice !== null) out.info(`Warning: ${settings.notice}`);
  const fileAccess = folderPolicy(serveFolders(options, io.cwd, os.homedir()));
  const app = composeApp({
    fileAccess,
    transport: 'browser-shell',
    platform: process.platform,
    cwd: io.cwd,
    settings,
    ...(options.reconnectTimeout === undefined ? {} : { reconnectTimeoutMs: options.reconnectTimeout }),
    say: (line) => out.info(line),
    log: log.log,
    logFolder: log.log.folder,
  });
  const { services } = app;
  const stop = async (): Promise<void> => {
    await app.close();
    await log.close();
  };
  if (options.layout !== undefined) {
    // Refused (PATH_NOT_ALLOWED) only in a system folder: the --layout's own folder is among those served.
    const report = await services.layouts.open({ path: options.layout }).catch((error: unknown) => {
      if (error instanceof FlasherError) return `${error.message} ${error.hintFor(process.platform)}`;
      throw error;
    });
    const unreadable = typeof report === 'string' ? { message: report } : layoutNotRead(report);
    if (unreadable !== undefined) {
      out.error(`Error: --layout ${options.layout}: ${unreadable.message}`);
      await stop();
      return exitCodes.cannotStart;
    }
  }
  try {
    // `--sim-firmware auto` decides per run, from that run's layout: nothing to read here.
    await app.startSimulation(options);
    if (options.station !== undefined) {
      const station = await app.startStation(options.station);
      out.info(`Station ${station.recipe.name} (recipe ${station.recipeId}); log: ${station.logFiles.csv}`);
    }
  } catch (error) {
    out.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    await stop();
    return exitCodes.cannotStart;
  }
  let shell;
  try {
    shell = await startBrowserShell({
      server: services.server,
      rendererDir,
      host: options.host,
      port: options.port,
      log: (line) => out.info(line),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${options.port} is already in use. Pass --port 0 to pick a free one, or another --port.`
        : `cannot listen on ${options.host}:${options.port} (${code ?? String(error)}).`;
    out.error(`Error: ${why}`);
    await stop();
    return exitCodes.cannotStart;
  }
  out.result(`Listening on ${shell.url}`);
  if (remote) out.info(remoteWarning(options.host));
  out.info(`${fileAccess.describe()}.`);
  out.info('Press Ctrl+C to stop.');
  await untilInterrupted(io);
  await shell.close();
  await stop();
  out.info('Stopped.');
  return exitCodes.interrupted;
}

export function registerServeCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const command = program
    .command('serve')
    .description(
      'serve the app to a web browser on this machine (for machines without a display or without Electron)',
    )
    .option('--port <n>', `TCP port; 0 picks a free one`, parsePort, defaultServePort)
    .option('--host <address>', 'address to listen on (loopback only unless you say otherwise)', '127.0.0.1')
    .option(
      '--allow-remote',
      'allow a --host other than loopback: plain HTTP, unencrypted; a token holder can program boards, read layouts and images, see consoles',
    )
    .option('--layout <file>', 'open this FlashLayout .tsv at start')
    .option(
      '--station <recipe>',
      'run as a factory station from this recipe (the station view; `recipe init` makes one)',
    )
    .option(
      '--files <dir>',
      'a folder the page may read layouts from (repeatable; default: your home folder and the --layout folder)',
      (dir: string, previous: string[] = []) => [...previous, dir],
    )
    .option('--data-dir <dir>', "where settings are kept (default: the OS's user-data folder)")
    .option(
      '--log-dir <dir>',
      "where the app's log file is kept (default: <data-dir>/logs with --data-dir, else the OS's log folder)",
    )
    .option(
      '--reconnect-timeout <ms>',
      `come-back deadline of a re-enumeration for runs started here, ${reconnectTimeout.minMs} to ${reconnectTimeout.maxMs} (default: the setting, ${reconnectTimeout.defaultMs})`,
      parseReconnectTimeout,
    )
    // Usage errors are one line (issue 13): no help hint after them.
    .showHelpAfterError(false);
  registerSimOptions(command).action(async (options: ServeOptions) => {
    setExit(await serve(options, io));
  });
}
