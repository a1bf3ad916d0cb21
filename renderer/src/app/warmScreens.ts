/**
 * The web app fetches the other screens' code once the start is over, one at a time while the
 * browser is idle, so an open tab that loses the server still opens every screen (the service
 * worker covers reloads, but it may not have cached the build yet, and on plain HTTP there is
 * none). The desktop app needs none of this: its files are on the disk.
 */
import { useEffect } from 'react';
import type { LazyScreen } from '../shared/feature';

/** How long after the workspace opens the first screen is fetched: after the start and the first pull began. */
export const WARM_UP_AFTER_MS = 3_000;

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
