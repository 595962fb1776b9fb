import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, Menu, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../content-security-policy';
import { composeApp } from '../compose/compose-app';
import { SettingsStore } from '../services/settings-store';
import { appMenuTemplate } from './app-menu';
import { hardenContents } from './harden-contents';
import { ChosenFilesPolicy } from '../services/file-access-policy';
import { bindDroppedFiles } from './dropped-files';
import { chooseImageOutput } from './image-dialog';
import { chooseLayoutFile } from './layout-dialog';
import { bindIpcTransport } from './ipc-transport';
import {
  isDevicePermissionAllowed,
  isPermissionAllowed,
  isPermissionCheckAllowed,
} from './permission-policy';
import { isTrustedSender } from './trusted-sender';
import { openMainWindow } from './window-options';
import { openFolderWith, startMainLog } from './main-log';
import type { AppLog } from '../app-log/app-log';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const appPageUrl = pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href;

let mainWindow: BrowserWindow | null = null;

function start(log: AppLog): void {
  // A settings file that cannot be used is set aside and replaced by the defaults; the window says so.
  const settings = SettingsStore.open(app.getPath('userData'));
  // Real boards over libusb and, on "Start a virtual board", virtual ones: built as `serve` builds them.
  // The renderer reads only what the person chose: the dialog's answer, files dropped on the window, and the
  // recent layouts (opened in earlier sessions; only main adds to them).
  const chosenFiles = new ChosenFilesPolicy(() => settings.settings.recentLayouts);
  const composed = composeApp({
    fileAccess: chosenFiles,
    settings,
    transport: 'electron',
    platform: process.platform,
    cwd: process.cwd(),
    log,
    logFolder: log.folder,
    openFolder: openFolderWith(shell),
    chooseImageOutput: (suggested) => chooseImageOutput(dialog, mainWindow, suggested),
    chooseLayoutFile: async () => {
      const chosen = await chooseLayoutFile(dialog, mainWindow);
      return chosen === null ? null : chosenFiles.choose(chosen);
    },
  });
  const { services } = composed;
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(!app.isPackaged, process.platform)));

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(isPermissionAllowed(permission, contents.getURL(), appPageUrl)),
  );
  // Deny by default: permission checks as the requests above, device grants (WebUSB/Serial/HID) never.
  session.defaultSession.setPermissionCheckHandler((contents, permission) =>
    isPermissionCheckAllowed(permission, contents?.getURL(), appPageUrl),
  );
  session.defaultSession.setDevicePermissionHandler(() => isDevicePermissionAllowed());
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, appPageUrl));

  const window = openMainWindow(preloadPath);
  mainWindow = window;
  const unbind = bindIpcTransport({
    ipcMain,
    server: services.server,
    isTrusted: (event) => isTrustedSender(event, window.webContents.id, appPageUrl),
    targets: () => (mainWindow === null ? [] : [mainWindow.webContents]),
  });
  const unbindDrops = bindDroppedFiles({
    ipcMain,
    policy: chosenFiles,
    isTrusted: (event) => isTrustedSender(event, window.webContents.id, appPageUrl),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
    unbind();
    unbindDrops();
    void composed.close();
  });
  void window.loadURL(appPageUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const log = startMainLog(app, dialog, process);
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => start(log));
}
