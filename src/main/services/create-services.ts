import { FlasherError } from '../../shared/errors';
import { appIdentity } from '../app-identity';
import { ContractServer, type RequestHandlers } from './contract-server';
import { DeviceDirectory } from './device-directory';
import { LayoutService } from './layout-service';

export interface ServiceOptions {
  readonly transport: 'electron' | 'browser-shell';
  readonly platform: string;
  readonly directory?: DeviceDirectory;
  /** Where relative layout paths start: the folder the app was started in. */
  readonly cwd: string;
  /** The desktop's file dialog for a layout (Electron only); answers null when the user cancels. */
  readonly chooseLayoutFile?: () => Promise<string | null>;
}

export interface Services {
  readonly server: ContractServer;
  readonly directory: DeviceDirectory;
  readonly layouts: LayoutService;
  /** Stops event forwarding; the composition root closes its backends itself. */
  dispose(): void;
}

/** Builds the contract's handlers over the engine; the composition roots hand in what they built. */
export function createServices(options: ServiceOptions): Services {
  const directory = options.directory ?? new DeviceDirectory();
  // Called only after `server` below exists: opening a layout goes through a request.
  const layouts = new LayoutService(options.cwd, (report) => server.emit('layout.changed', { report }));
  const handlers: RequestHandlers = {
    'app.info': () => ({
      name: appIdentity.name,
      version: appIdentity.version,
      platform: options.platform,
      transport: options.transport,
    }),
    'devices.list': () => ({ devices: directory.list() }),
    'layout.open': (request) => layouts.open(request),
    'layout.check': (request) => layouts.check(request),
    'layout.current': () => ({ report: layouts.current }),
    'layout.choose': async () => {
      if (options.chooseLayoutFile === undefined) throw new FlasherError('NOT_IN_BROWSER');
      return { path: await options.chooseLayoutFile() };
    },
  };
  const server = new ContractServer(handlers);
  const stop = directory.onChange((devices) => server.emit('devices.changed', { devices: [...devices] }));
  return { server, directory, layouts, dispose: stop };
}
