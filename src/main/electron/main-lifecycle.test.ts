import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in Electron, rebuilt for each test: records what main.ts asks of it.
const state = vi.hoisted(() => ({
  lock: true,
  quit: 0,
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as { options: { webPreferences?: Record<string, unknown> }; loaded?: string }[],
  headersHook: undefined as
    ((details: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined,
  permissionHook: undefined as ((c: unknown, p: string, cb: (allow: boolean) => void) => void) | undefined,
  checkHook: undefined as ((c: unknown, p: string) => boolean) | undefined,
  deviceHook: undefined as ((details: unknown) => boolean) | undefined,
  ready: Promise.resolve(),
  errorBoxes: [] as { title: string; detail: string }[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = { id: 1, isDestroyed: () => false, send: () => undefined };
    readonly record: (typeof state.windows)[number];
    constructor(options: (typeof state.windows)[number]['options']) {
      this.record = { options };
      state.windows.push(this.record);
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
    async loadURL(url: string) {
      this.record.loaded = url;
    }
  }
  return {
    app: {
      isPackaged: true,
      // A folder that does not exist: the settings are the defaults and nothing is written.
      getPath: () => '/nonexistent/stm32mp-flasher-test-user-data',
      requestSingleInstanceLock: () => state.lock,
      quit: () => {
        state.quit += 1;
      },
      on: (name: string, listener: (...args: unknown[]) => void) => state.appListeners.set(name, listener),
      whenReady: () => state.ready,
    },
    BrowserWindow,
    dialog: {
      showErrorBox: (title: string, detail: string) => state.errorBoxes.push({ title, detail }),
    },
    shell: { openPath: async () => '' },
    ipcMain: {
      handle: () => undefined,
      removeHandler: () => undefined,
      on: () => undefined,
      removeListener: () => undefined,
    },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (hook: typeof state.permissionHook) => {
          state.permissionHook = hook;
        },
        setPermissionCheckHandler: (hook: typeof state.checkHook) => {
          state.checkHook = hook;
        },
        setDevicePermissionHandler: (hook: typeof state.deviceHook) => {
          state.deviceHook = hook;
        },
        webRequest: {
          onHeadersReceived: (hook: typeof state.headersHook) => {
            state.headersHook = hook;
          },
        },
      },
    },
  };
});

type ErrorListener = (error: unknown) => void;
const errorEvents = ['uncaughtException', 'unhandledRejection'] as const;
/** The error listeners main.ts added to this (the test worker's) process, removed after each test. */
let before = new Map<string, ErrorListener[]>();
const listenersOf = (event: (typeof errorEvents)[number]): ErrorListener[] =>
  (event === 'uncaughtException'
    ? process.listeners('uncaughtException')
    : process.listeners('unhandledRejection')) as unknown as ErrorListener[];
const added = (event: (typeof errorEvents)[number]): ErrorListener[] =>
  listenersOf(event).filter((listener) => !before.get(event)?.includes(listener));

describe('the Electron main process', () => {
  afterEach(() => {
    for (const listener of added('uncaughtException')) process.off('uncaughtException', listener);
    for (const listener of added('unhandledRejection')) process.off('unhandledRejection', listener);
  });

  beforeEach(() => {
    before = new Map(errorEvents.map((event) => [event, listenersOf(event)]));
    state.errorBoxes = [];
    vi.resetModules();
    state.lock = true;
    state.quit = 0;
    state.windows = [];
    state.appListeners.clear();
    state.headersHook = undefined;
    state.permissionHook = undefined;
    state.checkHook = undefined;
    state.deviceHook = undefined;
  });

  it('quits at once when another instance already runs', async () => {
    state.lock = false;
    await import('./main');
    expect(state.quit).toBe(1);
    expect(state.windows).toHaveLength(0);
  });

  it('opens one sandboxed window on the built renderer page, over file://', async () => {
    await import('./main');
    await state.ready;
    await Promise.resolve();
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(state.windows[0]?.loaded).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(state.appListeners.has('second-instance')).toBe(true);
    expect(state.appListeners.has('web-contents-created')).toBe(true);
  });

  it('sends a strict Content-Security-Policy with every response and denies every permission but clipboard writes from its page', async () => {
    await import('./main');
    await state.ready;
    await Promise.resolve();
    let headers: Record<string, string[]> = {};
    state.headersHook?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => {
      headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders;
    });
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/default-src 'none'/);
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/script-src 'self'(;|$)/);
    const answers: boolean[] = [];
    const page = { getURL: () => state.windows[0]?.loaded ?? '' };
    const foreign = { getURL: () => 'https://evil.example/' };
    state.permissionHook?.(page, 'media', (allow) => answers.push(allow));
    state.permissionHook?.(page, 'usb', (allow) => answers.push(allow));
    state.permissionHook?.(page, 'clipboard-sanitized-write', (allow) => answers.push(allow));
    state.permissionHook?.(foreign, 'clipboard-sanitized-write', (allow) => answers.push(allow));
    expect(answers).toEqual([false, false, true, false]);
  });

  it('denies permission checks and device grants by default: only clipboard writes from its page pass a check', async () => {
    await import('./main');
    await state.ready;
    await Promise.resolve();
    const page = { getURL: () => state.windows[0]?.loaded ?? '' };
    const foreign = { getURL: () => 'https://evil.example/' };
    expect(state.checkHook?.(page, 'usb')).toBe(false);
    expect(state.checkHook?.(page, 'serial')).toBe(false);
    expect(state.checkHook?.(page, 'media')).toBe(false);
    expect(state.checkHook?.(null, 'clipboard-sanitized-write')).toBe(false);
    expect(state.checkHook?.(foreign, 'clipboard-sanitized-write')).toBe(false);
    expect(state.checkHook?.(page, 'clipboard-sanitized-write')).toBe(true);
    const board = { deviceType: 'usb', origin: 'file://', device: { vendorId: 0x0483, productId: 0xdf11 } };
    expect(state.deviceHook?.(board)).toBe(false);
    expect(state.deviceHook?.({ ...board, deviceType: 'serial' })).toBe(false);
  });

  it('logs an uncaught error or unhandled rejection in main and shows the first in a dialog, never a silent exit', async () => {
    await import('./main');
    const [onException] = added('uncaughtException');
    const [onRejection] = added('unhandledRejection');
    onException?.(new Error('a USB callback threw'));
    onRejection?.(new Error('and a promise failed'));
    expect(state.errorBoxes).toHaveLength(1);
    expect(state.errorBoxes[0]?.detail).toMatch(/a USB callback threw/);
  });
});
