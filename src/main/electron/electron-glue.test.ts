import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createServices } from '../services/create-services';
import { appMenuTemplate } from './app-menu';
import { hardenContents } from './harden-contents';
import { eventChannel, requestChannel } from './ipc-channels';
import { bindIpcTransport } from './ipc-transport';
import { chooseLayoutFile } from './layout-dialog';
import { isTrustedSender } from './trusted-sender';
import { openMainWindow } from './window-options';

// The Electron binary cannot run here: every Electron object these tests touch is a stand-in.
// BrowserWindow records the options it was opened with.
const opened = vi.hoisted(() => [] as unknown[]);
vi.mock('electron', () => ({
  BrowserWindow: vi.fn(function (this: unknown, options: unknown) {
    opened.push(options);
  }),
}));

const appPage = 'file:///opt/stm32mp-flasher/resources/app.asar/out/renderer/index.html';

function invokeEvent(id: number, url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { sender: { id }, senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) =>
      handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

describe('the main window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security on', () => {
    openMainWindow('/app/out/preload/index.cjs');
    expect(opened).toHaveLength(1);
    expect((opened[0] as BrowserWindowConstructorOptions).webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('offers Reload and developer tools only in development builds', () => {
    const roles = (dev: boolean) =>
      JSON.stringify(appMenuTemplate(dev, 'linux'))
        .match(/"role":"(\w+)"/g)
        ?.map((r) => r.slice(8, -1));
    expect(roles(false)).toContain('quit');
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['quit', 'reload', 'toggleDevTools']));
  });

  it('denies new windows and navigation to any other page', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (event: { preventDefault: () => void }, url: string) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: (handler: () => { action: string }) => {
        openHandler = handler;
      },
    };
    hardenContents(contents as never, appPage);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      const preventDefault = vi.fn();
      listeners.get('will-navigate')?.({ preventDefault }, url);
      return preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(appPage)).toBe(false);
  });
});

describe('the IPC sender check', () => {
  it('accepts the app window top frame showing the app page', () => {
    expect(isTrustedSender(invokeEvent(7, `${appPage}#devices`), 7, appPage)).toBe(true);
  });

  it.each([
    ['another window', invokeEvent(8, appPage)],
    ['a sub-frame', invokeEvent(7, appPage, {})],
    ['a page navigated elsewhere', invokeEvent(7, 'https://evil.example/index.html')],
    ['another local file', invokeEvent(7, 'file:///tmp/evil.html')],
    ['no frame', { sender: { id: 7 }, senderFrame: null } as unknown as IpcMainInvokeEvent],
  ])('refuses %s', (_what, event) => {
    expect(isTrustedSender(event, 7, appPage)).toBe(false);
  });
});

describe('the ipcMain transport', () => {
  function setUp() {
    const ipcMain = fakeIpcMain();
    const services = createServices({ transport: 'electron', platform: 'linux', cwd: process.cwd() });
    const sent: unknown[][] = [];
    const contents = { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
    const unbind = bindIpcTransport({
      ipcMain,
      server: services.server,
      isTrusted: (event) => isTrustedSender(event, 7, appPage),
      targets: () => [contents as never],
    });
    const invoke = (event: IpcMainInvokeEvent, name: unknown, payload: unknown) =>
      ipcMain.handlers.get(requestChannel)?.(event, name, payload);
    return { ipcMain, services, sent, unbind, invoke };
  }

  it('answers the app window with the contract', async () => {
    const { invoke } = setUp();
    expect(await invoke(invokeEvent(7, appPage), 'app.info', {})).toMatchObject({
      ok: true,
      value: { name: 'STM32MP Flasher', transport: 'electron' },
    });
  });

  it('answers a malformed payload with BAD_REQUEST', async () => {
    const { invoke } = setUp();
    const reply = await invoke(invokeEvent(7, appPage), 'boards.list', { all: 'yes' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses an unknown sender without running the handler', async () => {
    const { invoke } = setUp();
    const reply = await invoke(invokeEvent(99, appPage), 'app.info', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  });

  it('forwards contract events to the window, and stops when unbound', () => {
    const { services, sent, unbind, ipcMain } = setUp();
    services.server.emit('boards.changed', { boards: [] });
    expect(sent).toEqual([[eventChannel, 'boards.changed', { boards: [] }]]);
    unbind();
    services.server.emit('boards.changed', { boards: [] });
    expect(sent).toHaveLength(1);
    expect(ipcMain.handlers.has(requestChannel)).toBe(false);
  });
});

describe('the layout file dialog', () => {
  it('offers .tsv files, and answers the chosen path or null when cancelled', async () => {
    const asked: unknown[] = [];
    const dialog = (answer: { canceled: boolean; filePaths: string[] }) => ({
      showOpenDialog: async (options: unknown) => {
        asked.push(options);
        return answer;
      },
    });
    expect(
      await chooseLayoutFile(dialog({ canceled: false, filePaths: ['/x/FlashLayout.tsv'] }) as never, null),
    ).toBe('/x/FlashLayout.tsv');
    expect(await chooseLayoutFile(dialog({ canceled: true, filePaths: [] }) as never, null)).toBeNull();
    expect(asked[0]).toMatchObject({
      properties: ['openFile'],
      filters: [{ extensions: ['tsv'] }, { extensions: ['*'] }],
    });
  });
});
