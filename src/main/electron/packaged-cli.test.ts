import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The BUILT main bundle (`npm test` builds first), as the packaged app runs it, over a stand-in Electron.
const builtMain = fileURLToPath(new URL('../../../out/main/index.js', import.meta.url));

const state = vi.hoisted(() => ({ windows: 0, lockAsked: 0, readyAsked: 0 }));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = { id: 1, isDestroyed: () => false, send: () => undefined };
    constructor() {
      state.windows += 1;
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: true,
      getPath: () => '/nonexistent/stm32mp-flasher-test-user-data',
      requestSingleInstanceLock: () => {
        state.lockAsked += 1;
        return true;
      },
      quit: () => undefined,
      on: () => undefined,
      whenReady: () => {
        state.readyAsked += 1;
        return Promise.resolve();
      },
    },
    BrowserWindow,
    dialog: { showErrorBox: () => undefined, showOpenDialog: () => Promise.resolve({ canceled: true }) },
    shell: { openPath: () => Promise.resolve('') },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined, on: () => undefined },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
  };
});

describe('the packaged app started with a command', () => {
  const savedArgv = process.argv;
  let printed = '';
  let exitCode: number | undefined;

  beforeEach(() => {
    vi.resetModules();
    state.windows = 0;
    state.lockAsked = 0;
    state.readyAsked = 0;
    printed = '';
    exitCode = undefined;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      printed += String(chunk);
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    });
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exitCode = code;
    }) as typeof process.exit);
  });

  afterEach(() => {
    process.argv = savedArgv;
    vi.restoreAllMocks();
  });

  async function launch(...args: string[]): Promise<void> {
    // Packaged: argv is [the app's executable, ...what the person typed].
    process.argv = ['/opt/STM32MP Flasher/stm32mp-flasher', ...args];
    await import(/* @vite-ignore */ pathToFileURL(builtMain).href);
    await vi.waitFor(() => expect(exitCode).toBeDefined(), { timeout: 10_000 });
  }

  it('is built (npm test builds first)', () => {
    expect(existsSync(builtMain)).toBe(true);
  });

  it('`list --json` prints the boards and exits 0 without a window', async () => {
    await launch('list', '--json', '--sim=2');
    expect(exitCode).toBe(0);
    const listed = JSON.parse(printed) as { devices: { id: string; virtual: boolean }[] };
    expect(listed.devices.map((board) => board.id)).toEqual(['virtual-1', 'virtual-2']);
    expect(state.windows).toBe(0);
    expect(state.readyAsked).toBe(0);
  });

  it('`-- list --json` (the Windows launcher’s form) runs the same command', async () => {
    await launch('--', 'list', '--json');
    expect(exitCode).toBe(0);
    expect(JSON.parse(printed)).toMatchObject({ schemaVersion: 1, devices: expect.any(Array) });
    expect(state.windows).toBe(0);
  });

  it('an unknown command exits with the usage code, still without a window', async () => {
    await launch('--', 'flash-everything');
    expect(exitCode).toBe(2);
    expect(state.windows).toBe(0);
  });

  it('with no command, opens the window (and takes the single-instance lock)', async () => {
    process.argv = ['/opt/STM32MP Flasher/stm32mp-flasher'];
    await import(/* @vite-ignore */ pathToFileURL(builtMain).href);
    await vi.waitFor(() => expect(state.windows).toBe(1), { timeout: 10_000 });
    expect(state.lockAsked).toBe(1);
    expect(exitCode).toBeUndefined();
  });
});
