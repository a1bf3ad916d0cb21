/**
 * The Electron main process entry: the only file of main/ that touches Electron at
 * run time. It applies the security baseline, serves the renderer from app://fielddesk,
 * creates the window and connects the IPC handlers to the real services. All logic
 * lives in plain modules next to this file (unit-tested without Electron).
 */
import path from 'node:path';
import { BrowserWindow, app, ipcMain, net, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { consoleLogger } from './log';
import { createBroadcast, registerIpcHandlers } from './ipc/handlers';
import { createSenderCheck } from './ipc/sender';
import { createAppProtocolHandler } from './protocol/app-protocol';
import { composeProtocolHandlers } from './protocol/attachment-protocol';
import { createOpenExternal } from './security/external';
import { guardSession, guardWebContents } from './security/guards';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, originOf } from './security/origin';
import { applyAppSecurity } from './security/privileged-scheme';
import { createWebPreferences, preloadPathFor } from './security/web-preferences';
import { FALLBACK_SERVER_URL, createMainServices, type MainServices } from './services';
import { systemClock } from './transport/clock';
import { watchOsNetwork } from './transport/os-network-watch';

const log = consoleLogger;
const mainDir = import.meta.dirname;
const rendererDir = path.join(mainDir, '..', 'renderer');

/** In `electron-vite dev` the renderer comes from Vite's dev server; packaged, always app://. */
const devRendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const entryUrl = devRendererUrl ?? APP_ENTRY_URL;
const appOrigin = (devRendererUrl && originOf(devRendererUrl)) || APP_ORIGIN;

const openExternal = createOpenExternal((url) => shell.openExternal(url), log);

// Before 'ready': sandbox every renderer and make app:// a standard, secure scheme.
applyAppSecurity(app, protocol);

let mainWindow: BrowserWindow | null = null;
let services: MainServices | null = null;
let stopNetworkWatch: (() => void) | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'FieldDesk',
    backgroundColor: '#f8f9fa',
    webPreferences: createWebPreferences(preloadPathFor(mainDir)),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(entryUrl);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  // Another FieldDesk is running; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents, including any we did not create ourselves, gets the guards.
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { appOrigin, openExternal, log });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    stopNetworkWatch?.();
    services?.dispose();
  });

  void app.whenReady().then(() => {
    guardSession(session.defaultSession, log);

    const running = createMainServices({
      userDataDir: app.getPath('userData'),
      safeStorage,
      // Node's fetch: the same client the unit and e2e tests exercise.
      fetch: (input, init) => globalThis.fetch(input, init),
      defaultServerUrl: process.env.FIELDDESK_SERVER_URL || FALLBACK_SERVER_URL,
      appVersion: app.getVersion(),
      os: process.platform,
      emit: createBroadcast(() => BrowserWindow.getAllWindows().map((w) => w.webContents), log),
      isOsOnline: () => net.isOnline(),
      appOrigin: APP_ORIGIN,
      log,
    });
    services = running;
    // app://fielddesk/attachments/<sha256> from the attachment store (or the server); the rest is the renderer.
    protocol.handle(APP_SCHEME, composeProtocolHandlers(running.serveAttachment, createAppProtocolHandler(rendererDir, { origin: APP_ORIGIN })));
    registerIpcHandlers({ ipcMain, services: running, isTrustedSender: createSenderCheck(appOrigin), log });
    running.start();
    stopNetworkWatch = watchOsNetwork({ isOnline: () => net.isOnline(), onChange: () => running.networkChanged(), clock: systemClock });
    powerMonitor.on('resume', () => running.networkChanged());

    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });
}
