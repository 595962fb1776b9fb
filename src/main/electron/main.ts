import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../content-security-policy';
import { createServices } from '../services/create-services';
import { BoardLocators } from '../services/board-locators';
import { SettingsStore } from '../services/settings-store';
import { readSsblHead } from '../services/ssbl-head';
import { usbDeviceSource } from '../services/usb-device-source';
import { LibusbBackend } from '../usb/libusb/libusb-backend';
import { defaultSimOptions } from '../virtual-board/sim/sim-options';
import { SimulationSlot } from '../virtual-board/sim/simulation-slot';
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
  // Real boards over libusb: listed as they come and go, and found again for `program.start`.
  const libusb = new LibusbBackend();
  const usbBoards = usbDeviceSource(libusb);
  const boards = new BoardLocators();
  boards.add(usbBoards.locate);
  const simulations = new SimulationSlot({
    addSource: (source) => services.directory.addSource(source),
    addLocator: (locate) => boards.add(locate),
    attachConsole: (id, uart) => services.consoles.attachStream(id, uart),
  });
  const services = createServices({
    settings,
    transport: 'electron',
    platform: process.platform,
    cwd: process.cwd(),
    chooseLayoutFile: () => chooseLayoutFile(dialog, mainWindow),
    locateBoard: boards.locate,
    // "Start a virtual board": one board beside the real ones, to learn the tool without hardware.
    startVirtualBoard: async (soc) => {
      const started = await simulations.start(defaultSimOptions(soc), {
        ssblHead: await readSsblHead(services.layouts.current),
      });
      return started.ids;
    },
  });
  services.directory.addSource(usbBoards);
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
    services.dispose();
    usbBoards.dispose();
    libusb.dispose();
    void simulations.close();
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
