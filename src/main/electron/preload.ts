import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isEventName, isRequestName, type FlasherBridge } from '../../shared/contract';
import { errorData } from '../../shared/errors';
import { droppedFileChannel, eventChannel, requestChannel } from './ipc-channels';

// Built as one CommonJS bundle: a sandboxed preload cannot be an ES module and may require only 'electron'.

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(eventChannel, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge: FlasherBridge = {
  request(name, payload) {
    if (!isRequestName(name)) {
      return Promise.resolve({
        ok: false,
        error: errorData('BAD_REQUEST', `Unknown request ${String(name)}.`),
      });
    }
    return ipcRenderer.invoke(requestChannel, name, payload) as Promise<unknown>;
  },
  subscribe(name, listener) {
    if (!isEventName(name)) throw new TypeError(`Unknown event ${String(name)}`);
    const set = listeners.get(name) ?? new Set();
    set.add(listener);
    listeners.set(name, set);
    return () => {
      set.delete(listener);
    };
  },
  pathForFile(file) {
    if (!(file instanceof File)) return null;
    const path = webUtils.getPathForFile(file);
    if (path === '') return null;
    // Main reads only what the person chose: a dropped file is one (dropped-files.ts).
    ipcRenderer.send(droppedFileChannel, path);
    return path;
  },
};

contextBridge.exposeInMainWorld('flasher', bridge);
