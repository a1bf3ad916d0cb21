/**
 * The Electron security checklist, one test per item (issue 2, point 4). The app://
 * traversal checks are in main/protocol/app-protocol.test.ts; the IPC sender check
 * in main/ipc/handlers.test.ts.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../log';
import { createAppProtocolHandler } from '../protocol/app-protocol';
import { CONTENT_SECURITY_POLICY } from './csp';
import { createOpenExternal, isSafeExternalUrl } from './external';
import { createNavigationGuard, createPermissionCheckHandler, createPermissionRequestHandler, createWindowOpenHandler, guardSession, guardWebContents, type PreventableEvent } from './guards';
import { APP_ORIGIN, isSameOrigin } from './origin';
import { APP_SCHEME_PRIVILEGES, applyAppSecurity } from './privileged-scheme';
import { createWebPreferences, preloadPathFor } from './web-preferences';

const prefs = createWebPreferences('/app/out/preload/index.cjs');

function navEvent(url: string): PreventableEvent & { prevented: boolean } {
  const e = { url, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
}

describe('BrowserWindow webPreferences', () => {
  it('isolates the preload world from the page (contextIsolation)', () => {
    expect(prefs.contextIsolation).toBe(true);
  });

  it('sandboxes the renderer', () => {
    expect(prefs.sandbox).toBe(true);
  });

  it('gives the page no Node.js (nodeIntegration off, also in workers and subframes)', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on, no insecure content, no <webview> tag, no experimental features', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('loads the built preload at out/preload/index.cjs', () => {
    expect(preloadPathFor(path.join('/app', 'out', 'main'))).toBe(path.join('/app', 'out', 'preload', 'index.cjs'));
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
});

describe('Content-Security-Policy', () => {
  it('is strict: scripts only from the app, no objects, no base, no framing, no remote connections', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('is sent as a response header with the app page by the app:// handler', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'fd-csp-'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>FieldDesk</title>');
    const response = await createAppProtocolHandler(root)(new Request(`${APP_ORIGIN}/`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('custom app:// scheme', () => {
  it('is registered as privileged (standard, secure, fetch) and every renderer is sandboxed, before ready', () => {
    const calls: string[] = [];
    const app = { enableSandbox: vi.fn(() => calls.push('enableSandbox')) };
    const protocol = { registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemesAsPrivileged')) };
    applyAppSecurity(app, protocol);
    expect(calls).toEqual(['enableSandbox', 'registerSchemesAsPrivileged']);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false });
  });

  it('compares origins by scheme, host and port (URL.origin is "null" for app://)', () => {
    expect(isSameOrigin('app://fielddesk/tickets/1', APP_ORIGIN)).toBe(true);
    expect(isSameOrigin('app://FIELDDESK/', APP_ORIGIN)).toBe(true);
    expect(isSameOrigin('app://evil/', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('https://fielddesk/', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('not a url', APP_ORIGIN)).toBe(false);
  });
});

describe('window.open', () => {
  it('is always denied; http(s) links are handed to the browser, nothing else is', async () => {
    const opened: string[] = [];
    const log = createMemoryLogger();
    const handler = createWindowOpenHandler(createOpenExternal(async (u) => void opened.push(u), log), log);
    expect(handler({ url: 'https://docs.example.com/kb/42' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' });
    expect(handler({ url: `${APP_ORIGIN}/popup` })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual(['https://docs.example.com/kb/42']);
  });
});

describe('navigation', () => {
  it('is denied unless it stays on the app origin', () => {
    const guard = createNavigationGuard(APP_ORIGIN, createMemoryLogger());
    const inside = navEvent('app://fielddesk/tickets');
    guard(inside);
    expect(inside.prevented).toBe(false);
    for (const url of ['https://evil.example.com/', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)', 'data:text/html,<b>x</b>', '']) {
      const e = navEvent(url);
      guard(e);
      expect(e.prevented, url).toBe(true);
    }
    // Older Electron passes the URL as the second argument.
    const legacy = { preventDefault: vi.fn() };
    guard(legacy, 'https://evil.example.com/');
    expect(legacy.preventDefault).toHaveBeenCalled();
  });

  it('is guarded on every web contents: window.open, navigate, redirect, frame navigation and <webview>', () => {
    const listeners = new Map<string, (event: PreventableEvent, url?: string) => void>();
    let windowOpen: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents = {
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => void (windowOpen = h),
      on: (name: string, l: (event: PreventableEvent, url?: string) => void) => void listeners.set(name, l),
    };
    guardWebContents(contents, { appOrigin: APP_ORIGIN, openExternal: async () => false, log: createMemoryLogger() });
    expect(windowOpen).not.toBeNull();
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']) {
      const e = navEvent('https://evil.example.com/');
      listeners.get(name)?.(e);
      expect(e.prevented, name).toBe(true);
    }
  });
});

describe('permissions', () => {
  it('denies every permission request and logs it', () => {
    const log = createMemoryLogger();
    const handler = createPermissionRequestHandler(log);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn();
      handler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(log.lines.some((l) => l.includes('"geolocation"'))).toBe(true);
  });

  it('answers every permission check with "not granted", on the session', () => {
    expect(createPermissionCheckHandler()({}, 'media')).toBe(false);
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    guardSession(session, createMemoryLogger());
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (wc: unknown, p: string) => boolean;
    expect(check(null, 'usb')).toBe(false);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (wc: unknown, p: string, cb: (g: boolean) => void) => void;
    const cb = vi.fn();
    request({}, 'display-capture', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });
});

describe('shell.openExternal', () => {
  it('accepts only well-formed http: and https: links', () => {
    expect(isSafeExternalUrl('https://fielddesk.example.com/kb/1')).toBe(true);
    expect(isSafeExternalUrl('http://10.0.0.5:8470/')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'FILE:///C:/Windows/System32/cmd.exe',
      'javascript:alert(1)',
      'smb://attacker/share',
      '\\\\attacker\\share',
      'ms-msdt:/id PCWDiagnostic',
      'fielddesk://anything',
      'vscode://file/etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'https://user:secret@evil.example.com/',
      'http://',
      'not a url',
      '',
      42,
      null,
    ]) {
      expect(isSafeExternalUrl(url), String(url)).toBe(false);
    }
  });

  it('passes safe links to the shell and refuses (and logs) the rest', async () => {
    const shell = vi.fn(async () => {});
    const log = createMemoryLogger();
    const open = createOpenExternal(shell, log);
    expect(await open('https://example.com/a b')).toBe(true);
    expect(shell).toHaveBeenCalledWith('https://example.com/a%20b');
    expect(await open('smb://attacker/share')).toBe(false);
    expect(await open('javascript:alert(1)')).toBe(false);
    expect(shell).toHaveBeenCalledTimes(1);
    expect(log.lines.filter((l) => l.startsWith('warn: Refused'))).toHaveLength(2);
  });
});
