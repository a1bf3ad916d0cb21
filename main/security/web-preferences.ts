/**
 * The BrowserWindow settings of the security baseline (Electron security checklist):
 * isolated, sandboxed renderer without Node, with web security on and no <webview>.
 */
import path from 'node:path';

/** The subset of Electron's WebPreferences FieldDesk sets, spelled out so tests can check each. */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: boolean;
}

/** Path of the built preload script (electron-vite writes out/preload/index.cjs next to out/main/). */
export function preloadPathFor(mainDir: string): string {
  return path.join(mainDir, '..', 'preload', 'index.cjs');
}

export function createWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}
