/**
 * The desktop-in-Chromium host: runs the renderer in Playwright's Chromium as if it
 * were inside Electron, with everything but Electron's own modules real:
 *
 *  - main's services (createMainServices) with real fetch and a temp userData dir;
 *    only safeStorage is a fake (fake-safe-storage.ts); scanInventory scans this machine in
 *    the worker thread built into out/main/inventory-worker.js;
 *  - the renderer served at http://fielddesk.app/ by the real app:// protocol handler
 *    (createAppProtocolHandler), through Playwright routing, with attachments at
 *    http://fielddesk.app/attachments/<sha256> from main's attachment handler in front;
 *  - IPC through the real registerIpcHandlers, with a Map standing in for ipcMain and
 *    a Playwright binding standing in for ipcRenderer.invoke; the sender check judges
 *    the calling frame's URL like in Electron;
 *  - window.fielddesk built by the real preload/bridge.ts (bundled with esbuild).
 *
 * Bindings, routes and the init script live on the BrowserContext, so they survive reloads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Route } from '@playwright/test';
import { build } from 'esbuild';
import { IPC_EVENT_CHANNEL, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import { registerIpcHandlers, type IpcMainLike } from '../../main/ipc/handlers';
import { createSenderCheck, type IpcSenderEvent } from '../../main/ipc/sender';
import type { Logger } from '../../main/log';
import { createAppProtocolHandler } from '../../main/protocol/app-protocol';
import { composeProtocolHandlers } from '../../main/protocol/attachment-protocol';
import { isSameOrigin } from '../../main/security/origin';
import { createMainServices, type MainServices, type MainServicesDeps } from '../../main/services';
import { createFakeSafeStorage } from './fake-safe-storage';

/** The origin the host serves the app at (Electron uses app://fielddesk). */
export const HOST_APP_ORIGIN = 'http://fielddesk.app';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** The inventory worker as electron-vite builds it. */
export const INVENTORY_WORKER = path.join(REPO_ROOT, 'out/main/inventory-worker.js');

export interface DesktopHostOptions {
  serverUrl: string;
  userDataDir: string;
  rendererDir: string;
  /** Connectivity cadence; defaults are shorter than the app's so tests notice changes quickly. */
  connectivity?: MainServicesDeps['connectivity'];
  /** Also print main's log lines to the console. */
  echoLog?: boolean;
}

export interface DesktopApp {
  page: Page;
  services: MainServices;
  /** What main logged so far (attach it to a failed test). */
  logs: string[];
  close(): Promise<void>;
}

let bundledPreload: Promise<string> | null = null;

/** The real preload bridge, bundled for the browser (once per process). */
function preloadScript(): Promise<string> {
  bundledPreload ??= build({
    entryPoints: [path.join(import.meta.dirname, 'page-preload.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { __FIELDDESK_APP_ORIGIN__: JSON.stringify(HOST_APP_ORIGIN) },
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output for the desktop host preload.');
    return file.text;
  });
  return bundledPreload;
}

function hostLogger(lines: string[], echo: boolean): Logger {
  const write = (level: string) => (message: string) => {
    const line = `${new Date().toISOString()} ${level}: ${message}`;
    lines.push(line);
    if (echo) console.log(`[desktop-host] ${line}`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export async function openDesktopApp(context: BrowserContext, opts: DesktopHostOptions): Promise<DesktopApp> {
  const logs: string[] = [];
  const log = hostLogger(logs, opts.echoLog ?? false);
  const appVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  // Main -> renderer events: deliver to every app page of the context.
  const emit = (event: PlatformEvent) => {
    for (const page of context.pages()) {
      if (page.isClosed() || !isSameOrigin(page.url(), HOST_APP_ORIGIN)) continue;
      page
        .evaluate(([channel, payload]) => {
          const deliver = (globalThis as unknown as { __fielddeskDeliver?: (c: string, p: unknown) => void }).__fielddeskDeliver;
          deliver?.(channel, payload);
        }, [IPC_EVENT_CHANNEL, event] as const)
        .catch(() => {
          // The page navigated or closed meanwhile; Electron drops such events too.
        });
    }
  };

  const services = createMainServices({
    userDataDir: opts.userDataDir,
    safeStorage: createFakeSafeStorage(),
    fetch: (input, init) => fetch(input, init),
    defaultServerUrl: opts.serverUrl,
    appVersion,
    os: process.platform,
    emit,
    log,
    connectivity: opts.connectivity ?? { onlineIntervalMs: 5_000, minBackoffMs: 1_000, maxBackoffMs: 5_000 },
    // Attachment URLs point at the host's origin, where the same handler serves them.
    appOrigin: HOST_APP_ORIGIN,
    uploads: { minBackoffMs: 500, maxBackoffMs: 5_000 },
    pokes: { minBackoffMs: 500, maxBackoffMs: 5_000 },
    // This machine is scanned for real by the worker `npm run build` made (in the app it sits next
    // to the bundled main; here main's sources run, so the host names the built file).
    inventory: { workerPath: INVENTORY_WORKER },
  });

  // ipcMain stand-in: what registerIpcHandlers registers, the binding invokes.
  const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const unregister = registerIpcHandlers({ ipcMain, services, isTrustedSender: createSenderCheck(HOST_APP_ORIGIN), log });

  await context.exposeBinding('__fielddeskIpc', async (source, channel: unknown, args: unknown) => {
    const handler = typeof channel === 'string' ? handlers.get(channel) : undefined;
    if (!handler) throw new Error(`No handler registered for '${String(channel)}'`);
    const event: IpcSenderEvent = { senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() } };
    return handler(event, ...(Array.isArray(args) ? args : []));
  });

  // app:// stand-in: the real protocol handlers (attachments in front of the renderer, as in
  // main/index.ts) answer every request for the app origin.
  const protocolHandler = composeProtocolHandlers(services.serveAttachment, createAppProtocolHandler(opts.rendererDir, { origin: HOST_APP_ORIGIN }));
  const routeApp = async (route: Route) => {
    const request = route.request();
    const method = request.method();
    const response = await protocolHandler(
      new Request(request.url(), {
        method,
        headers: await request.allHeaders().catch(() => request.headers()),
        body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(request.postDataBuffer() ?? Buffer.alloc(0)),
      }),
    );
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = Buffer.from(await response.arrayBuffer());
    // The page may have given up on the request meanwhile (a navigation, an image replaced, a
    // page closing): Electron drops such an answer, and so does the host. Anything else fails.
    await route.fulfill({ status: response.status, headers, body }).catch((error: unknown) => {
      if (!(error instanceof Error && /Route is already handled|Target page, context or browser has been closed/.test(error.message))) throw error;
    });
  };
  const routePattern = `${HOST_APP_ORIGIN}/**`;
  await context.route(routePattern, routeApp);

  await context.addInitScript({ content: await preloadScript() });

  services.start();
  const page = await context.newPage();
  await page.goto(`${HOST_APP_ORIGIN}/`);

  return {
    page,
    services,
    logs,
    async close() {
      services.dispose();
      unregister();
      await context.unroute(routePattern, routeApp).catch(() => {});
      if (!page.isClosed()) await page.close().catch(() => {});
    },
  };
}
