/**
 * Where the web app can have no service worker (served over plain HTTP from another machine),
 * it fetches the other screens' code well after the start, one at a time while the browser is
 * idle, so an open tab that loses the server still opens every screen. Elsewhere the service
 * worker precaches every chunk, and the desktop app reads them from disk: screens load when
 * first opened, and nothing competes with the start and the first sync.
 */
import { useEffect } from 'react';
import type { LazyScreen } from '../shared/feature';

/** How long after the workspace opens the first screen is fetched: after the start and the first sync. */
export const WARM_UP_AFTER_MS = 30_000;

/** Whether this page can have the offline service worker (app/serviceWorker.ts registers it). */
export function canHaveServiceWorker(): boolean {
  return 'serviceWorker' in navigator && window.isSecureContext;
}

function isLazyScreen(screen: unknown): screen is LazyScreen {
  return typeof (screen as Partial<LazyScreen>).preload === 'function';
}

function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: 2_000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 50);
  return () => window.clearTimeout(id);
}

export function useScreenWarmUp(screens: readonly unknown[], enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const queue = [...new Set(screens.filter(isLazyScreen))];
    let cancel: () => void = () => undefined;
    let stopped = false;
    const next = () => {
      const screen = queue.shift();
      if (!screen || stopped) return;
      cancel = whenIdle(() => void screen.preload().then(() => next()));
    };
    const timer = window.setTimeout(next, WARM_UP_AFTER_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      cancel();
    };
  }, [screens, enabled]);
}
