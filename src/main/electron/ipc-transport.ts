import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Reply } from '../../shared/contract';
import { errorData } from '../../shared/errors';
import type { ContractServer } from '../services/contract-server';
import { eventChannel, requestChannel } from './ipc-channels';

export interface IpcTransportOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly server: ContractServer;
  /** Decides whether an event's sender is the app's own window and page. */
  readonly isTrusted: (event: IpcMainInvokeEvent) => boolean;
  /** The web contents that receive events. */
  readonly targets: () => readonly WebContents[];
}

/** Serves the contract over ipcMain: one invoke channel for requests, one send channel for events. */
export function bindIpcTransport(options: IpcTransportOptions): () => void {
  const { ipcMain, server } = options;
  ipcMain.handle(requestChannel, async (event, name: unknown, payload: unknown): Promise<Reply<unknown>> => {
    if (!options.isTrusted(event)) {
      return { ok: false, error: errorData('UNTRUSTED_SENDER') };
    }
    return server.handle(name, payload, {
      transport: 'electron',
      clientId: `webcontents-${event.sender.id}`,
    });
  });
  const stopEvents = server.onEvent((name, payload) => {
    for (const contents of options.targets()) {
      if (!contents.isDestroyed()) contents.send(eventChannel, name, payload);
    }
  });
  return () => {
    stopEvents();
    ipcMain.removeHandler(requestChannel);
  };
}
