/**
 * The preload script (sandboxed, bundled to out/preload/index.cjs): exposes the
 * platform contract as window.fielddesk through contextBridge. Only the functions
 * built by createBridge cross into the page; ipcRenderer itself never does.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'fielddesk',
  createBridge(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => {
      const handler = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
  ),
);
