/**
 * Guards every web contents of the app: new windows are denied (http(s) links go to
 * the user's browser instead), navigation away from the app origin is denied, no
 * <webview> may attach, and every permission request or check is denied.
 */
import type { Logger } from '../log';
import type { OpenExternal } from './external';
import { isSameOrigin } from './origin';

export interface PreventableEvent {
  preventDefault(): void;
  /** Electron >= 28 puts the target on the event; older versions pass it as 2nd argument. */
  url?: string;
}

/** setWindowOpenHandler: never open a window; hand http(s) links to the browser. */
export function createWindowOpenHandler(openExternal: OpenExternal, log: Logger): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    log.info(`Denied a new window for ${url.slice(0, 200)}; http(s) links open in the browser.`);
    void openExternal(url);
    return { action: 'deny' };
  };
}

/** will-navigate / will-redirect / will-frame-navigate: stay on the app origin. */
export function createNavigationGuard(appOrigin: string, log: Logger): (event: PreventableEvent, url?: string) => void {
  return (event, url) => {
    const target = event.url ?? url ?? '';
    if (isSameOrigin(target, appOrigin)) return;
    event.preventDefault();
    log.warn(`Denied navigation away from the app to ${target.slice(0, 200) || '(unknown address)'}.`);
  };
}

/** session.setPermissionRequestHandler: deny everything (FieldDesk asks for no permission yet). */
export function createPermissionRequestHandler(log: Logger): (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void {
  return (_webContents, permission, callback) => {
    log.warn(`Denied a request for the "${permission}" permission.`);
    callback(false);
  };
}

/** session.setPermissionCheckHandler: every check answers "not granted". */
export function createPermissionCheckHandler(): (webContents: unknown, permission: string) => boolean {
  return () => false;
}

/** The parts of Electron's WebContents the guards attach to. */
export interface GuardableWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** The parts of Electron's Session the permission guards attach to. */
export interface GuardableSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export function guardWebContents(contents: GuardableWebContents, options: { appOrigin: string; openExternal: OpenExternal; log: Logger }): void {
  const { appOrigin, openExternal, log } = options;
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal, log));
  const guard = createNavigationGuard(appOrigin, log);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('Denied a <webview>: FieldDesk does not use them.');
  });
}

export function guardSession(session: GuardableSession, log: Logger): void {
  session.setPermissionRequestHandler(createPermissionRequestHandler(log));
  session.setPermissionCheckHandler(createPermissionCheckHandler());
}
