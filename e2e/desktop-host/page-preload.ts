/**
 * The desktop host's stand-in for Electron's preload/index.ts: bundled for the browser
 * at run time (see host.ts) and added as an init script. It builds window.fielddesk with
 * the REAL createBridge from preload/bridge.ts; only the transport differs: calls go
 * through the Playwright binding __fielddeskIpc instead of ipcRenderer.invoke, and
 * events arrive through __fielddeskDeliver (called by the host with page.evaluate)
 * instead of ipcRenderer.on.
 */
import { createBridge } from '../../preload/bridge';

declare const __FIELDDESK_APP_ORIGIN__: string;

type Binding = (channel: string, args: unknown[]) => Promise<unknown>;

const scope = globalThis as unknown as Record<string, unknown>;

// Like Electron's preload: only the app's own top-level page gets the bridge.
if (window === window.top && location.origin === __FIELDDESK_APP_ORIGIN__) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const binding = (): Binding => {
    const found = scope.__fielddeskIpc;
    if (typeof found !== 'function') throw new Error('The desktop host did not expose __fielddeskIpc.');
    return found as Binding;
  };

  const bridge = createBridge(
    (channel, ...args) => binding()(channel, args),
    (channel, listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  );

  Object.defineProperty(scope, '__fielddeskDeliver', {
    value: (channel: string, payload: unknown) => {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
    writable: false,
    configurable: false,
    enumerable: false,
  });
  Object.defineProperty(window, 'fielddesk', { value: bridge, writable: false, configurable: false, enumerable: true });
}
