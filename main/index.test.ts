/**
 * main/index.ts wired to a fake `electron` module: proves the entry applies the
 * security baseline in the right order and connects the real modules.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIELDDESK_METHODS, ipcChannel } from '@fielddesk/common/ipc/contract';

const fake = vi.hoisted(() => {
  const calls: string[] = [];
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const windows: { options: Record<string, unknown>; loaded: string[] }[] = [];
  const ipcHandlers = new Map<string, unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  let userData = '';
  return { calls, appListeners, windows, ipcHandlers, protocolHandlers, setUserData: (d: string) => (userData = d), userData: () => userData };
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { send: vi.fn(), isDestroyed: () => false };
    constructor(options: Record<string, unknown>) {
      fake.calls.push('new BrowserWindow');
      fake.windows.push({ options, loaded: [] });
    }
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      fake.windows.at(-1)?.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    app: {
      isPackaged: true,
      enableSandbox: () => fake.calls.push('app.enableSandbox'),
      requestSingleInstanceLock: () => (fake.calls.push('app.requestSingleInstanceLock'), true),
      on: (name: string, l: (...args: unknown[]) => void) => fake.appListeners.set(name, l),
      whenReady: () => (fake.calls.push('app.whenReady'), Promise.resolve()),
      getPath: () => fake.userData(),
      getVersion: () => '0.1.0',
      quit: vi.fn(),
    },
    ipcMain: { handle: (ch: string, l: unknown) => fake.ipcHandlers.set(ch, l), removeHandler: vi.fn() },
    net: { isOnline: () => true },
    powerMonitor: { on: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => fake.calls.push(`protocol.registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => (fake.calls.push(`protocol.handle ${scheme}`), fake.protocolHandlers.set(scheme, h)),
    },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => fake.calls.push('session.setPermissionRequestHandler'),
        setPermissionCheckHandler: () => fake.calls.push('session.setPermissionCheckHandler'),
      },
    },
    shell: { openExternal: vi.fn() },
  };
});

beforeAll(async () => {
  fake.setUserData(await mkdtemp(path.join(tmpdir(), 'fd-index-')));
  vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('fetch failed'); }));
  await import('./index');
  await new Promise((r) => setTimeout(r, 10));
});
afterAll(() => {
  fake.appListeners.get('will-quit')?.();
  vi.unstubAllGlobals();
});

describe('main/index.ts', () => {
  it('sandboxes all renderers and registers app:// as privileged before the app is ready', () => {
    const ready = fake.calls.indexOf('app.whenReady');
    expect(fake.calls.indexOf('app.enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(fake.calls.indexOf('app.enableSandbox')).toBeLessThan(ready);
    const registered = fake.calls.findIndex((c) => c.startsWith('protocol.registerSchemesAsPrivileged'));
    expect(registered).toBeLessThan(ready);
    expect(fake.calls[registered]).toContain('"scheme":"app"');
  });

  it('takes the single-instance lock and handles the app lifecycle', () => {
    expect(fake.calls).toContain('app.requestSingleInstanceLock');
    for (const name of ['second-instance', 'web-contents-created', 'window-all-closed', 'activate', 'will-quit']) expect(fake.appListeners.has(name), name).toBe(true);
  });

  it('denies permissions on the default session and serves the renderer through protocol.handle("app")', () => {
    expect(fake.calls).toContain('session.setPermissionRequestHandler');
    expect(fake.calls).toContain('session.setPermissionCheckHandler');
    expect(fake.protocolHandlers.has('app')).toBe(true);
  });

  it('serves attachments and the renderer through the one app:// handler', async () => {
    const handler = fake.protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    const missing = await handler(new Request(`app://fielddesk/attachments/${'c'.repeat(64)}`));
    // Not stored locally and nobody signed in: a plain 404 from the attachment handler, not the SPA page.
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await missing.text()).toMatch(/not on this computer.*sign in/);
    expect((await handler(new Request('app://fielddesk/attachments/..%2f..%2fsession.json'))).status).toBe(400);
  });

  it('opens the window on app://fielddesk/ with the secure webPreferences and the built preload', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$|preload[\\/]index\.cjs$/);
    expect(fake.windows[0]?.loaded).toEqual(['app://fielddesk/']);
  });

  it('registers an IPC handler for every contract method', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(FIELDDESK_METHODS.map(ipcChannel).sort());
  });

  it('guards every web contents created', () => {
    const contents = { setWindowOpenHandler: vi.fn(), on: vi.fn() };
    fake.appListeners.get('web-contents-created')?.({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-attach-webview']));
  });
});
