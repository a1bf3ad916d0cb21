/**
 * Picks the platform the renderer runs on: the desktop app exposes the preload bridge as
 * window.fielddesk; anywhere else the renderer is the web app and talks to its own origin.
 */
import type { Platform } from '@fielddesk/common/ipc/contract';
import { createElectronPlatform, isFieldDeskBridge } from './electron';
import { createWebPlatform } from './web';

declare global {
  interface Window {
    fielddesk?: unknown;
  }
}

/** The desktop app is recognised by the bridge's presence (never register a service worker there). */
export function isDesktop(win: Window = window): boolean {
  return win.fielddesk !== undefined && win.fielddesk !== null;
}

export function detectPlatform(win: Window = window): Platform {
  const bridge = win.fielddesk;
  if (!isDesktop(win)) return createWebPlatform();
  if (!isFieldDeskBridge(bridge)) {
    throw new Error('window.fielddesk is present but does not offer the FieldDesk API: the desktop app and its preload script do not match.');
  }
  return createElectronPlatform(bridge);
}
