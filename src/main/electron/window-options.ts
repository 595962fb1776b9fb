import { BrowserWindow } from 'electron';

/**
 * Opens the main window: an isolated, sandboxed renderer with no Node and only the preload's bridge.
 * The options stay a literal inside `new BrowserWindow(…)` so that electronegativity (`npm test`) reads every
 * one of them instead of flagging options it cannot see; its exceptions are the `eng-disable` comments here.
 */
export function openMainWindow(preloadPath: string): BrowserWindow {
  // A middle click (auxclick) cannot open or navigate anything: harden-contents.ts denies every new window
  // and every navigation away from the app's page, for all web contents.
  return /* eng-disable AUXCLICK_JS_CHECK */ new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'STM32MP Flasher',
    show: false,
    webPreferences: {
      // The bridge to the contract (src/main/electron/preload.ts): one CommonJS file, `electron` alone required,
      // running sandboxed with context isolation; reviewed, so electronegativity's review flag stays off here.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
}
