import { appIdentity } from '../app-identity';
import { ContractServer, type RequestHandlers } from './contract-server';
import { DeviceDirectory } from './device-directory';

export interface ServiceOptions {
  readonly transport: 'electron' | 'browser-shell';
  readonly platform: string;
  readonly directory?: DeviceDirectory;
}

export interface Services {
  readonly server: ContractServer;
  readonly directory: DeviceDirectory;
  /** Stops event forwarding; the composition root closes its backends itself. */
  dispose(): void;
}

/** Builds the contract's handlers over the engine; the composition roots hand in what they built. */
export function createServices(options: ServiceOptions): Services {
  const directory = options.directory ?? new DeviceDirectory();
  const handlers: RequestHandlers = {
    'app.info': () => ({
      name: appIdentity.name,
      version: appIdentity.version,
      platform: options.platform,
      transport: options.transport,
    }),
    'devices.list': () => ({ devices: directory.list() }),
  };
  const server = new ContractServer(handlers);
  const stop = directory.onChange((devices) => server.emit('devices.changed', { devices: [...devices] }));
  return { server, directory, dispose: stop };
}
