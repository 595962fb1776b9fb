import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../content-security-policy';
import { composeApp } from '../compose/compose-app';
import { SettingsStore } from '../services/settings-store';
import { appMenuTemplate } from './app-menu';
import { hardenContents } from './harden-contents';
import { chooseLayoutFile } from './layout-dialog';
import { bindIpcTransport } from './ipc-transport';
import { isPermissionAllowed } from './permission-policy';
import { isTrustedSender } from './trusted-sender';
import { mainWindowOptions } from './window-options';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const appPageUrl = pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href;

let mainWindow: BrowserWindow | null = null;

function start(): void {
  // A settings file that cannot be used is set aside and replaced by the defaults; the window says so.
  const settings = SettingsStore.open(app.getPath('userData'));
  // Real boards over libusb and, on "Start a virtual board", virtual ones: built as `serve` builds them.
  const composed = composeApp({
    settings,
    transport: 'electron',
    platform: process.platform,
    cwd: process.cwd(),
    chooseLayoutFile: () => chooseLayoutFile(dialog, mainWindow),
  });
  const { services } = composed;
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(!app.isPackaged, process.platform)));

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(isPermissionAllowed(permission, contents.getURL(), appPageUrl)),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, appPageUrl));

  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  mainWindow = window;
  const unbind = bindIpcTransport({
    ipcMain,
    server: services.server,
    isTrusted: (event) => isTrustedSender(event, window.webContents.id, appPageUrl),
    targets: () => (mainWindow === null ? [] : [mainWindow.webContents]),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
    unbind();
    void composed.close();
  });
  void window.loadURL(appPageUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}
