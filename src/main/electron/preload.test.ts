import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requestNames } from '../../shared/contract';
import { droppedFileChannel, eventChannel, requestChannel } from './ipc-channels';

const exposed = new Map<string, unknown>();
const rendererListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from main' }));
const send = vi.fn((..._args: unknown[]) => undefined);

const getPathForFile = vi.fn((_file: unknown) => '/home/me/FlashLayout.tsv');

vi.mock('electron', () => ({
  webUtils: { getPathForFile: (file: unknown) => getPathForFile(file) },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    send: (...args: unknown[]) => send(...args),
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      rendererListeners.set(channel, listener),
  },
}));

interface Bridge {
  request(name: string, payload: unknown): Promise<unknown>;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: unknown): string | null;
}

describe('the preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    exposed.clear();
    invoke.mockClear();
    send.mockClear();
    await import('./preload');
  });

  it('exposes exactly one object, window.flasher: request, subscribe, pathForFile', () => {
    expect([...exposed.keys()]).toEqual(['flasher']);
    expect(Object.keys(exposed.get('flasher') as object).sort()).toEqual([
      'pathForFile',
      'request',
      'subscribe',
    ]);
  });

  it('gives the path of a dropped file, and nothing for anything that is not a File', () => {
    const bridge = exposed.get('flasher') as Bridge;
    expect(bridge.pathForFile(new File(['x'], 'FlashLayout.tsv'))).toBe('/home/me/FlashLayout.tsv');
    expect(bridge.pathForFile('/etc/passwd')).toBeNull();
    expect(getPathForFile).toHaveBeenCalledTimes(1);
    // Main reads only chosen files: the dropped one is told to main, on its own channel (dropped-files.ts).
    expect(send.mock.calls).toEqual([[droppedFileChannel, '/home/me/FlashLayout.tsv']]);
  });

  it('passes contract requests to main on the request channel', async () => {
    const bridge = exposed.get('flasher') as Bridge;
    await expect(bridge.request(requestNames[0]!, {})).resolves.toEqual({ ok: true, value: 'from main' });
    expect(invoke).toHaveBeenCalledWith(requestChannel, requestNames[0], {});
  });

  it('does not pass names outside the contract to main', async () => {
    const bridge = exposed.get('flasher') as Bridge;
    await expect(bridge.request('shell.openExternal', 'https://x')).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(invoke).not.toHaveBeenCalled();
    expect(() => bridge.subscribe('fs.changed', () => undefined)).toThrow(/Unknown event/);
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const bridge = exposed.get('flasher') as Bridge;
    const seen: unknown[] = [];
    const stop = bridge.subscribe('boards.changed', (payload) => seen.push(payload));
    rendererListeners.get(eventChannel)?.({}, 'boards.changed', { devices: [] });
    stop();
    rendererListeners.get(eventChannel)?.({}, 'boards.changed', { devices: [1] });
    expect(seen).toEqual([{ devices: [] }]);
  });
});
