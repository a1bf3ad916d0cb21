/**
 * What a feature declares in its index.ts (renderer/src/features/<feature>/index.ts): its
 * routes, its navbar entry, and what runs for it in the background from the workspace's start.
 * The app builds the router and the navbar from the list of features (app/features.ts).
 *
 * Screens load when first opened: a route's screen is a `lazyScreen`, its own chunk, so the
 * start needs only the shell, the sync engine and the queue.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Icon } from '@tabler/icons-react';

export interface FeatureRoute {
  /** A react-router path below the workspace (`/tickets/:id`; `*` for anything else). */
  path: string;
  /** The screen: a lazyScreen, or a plain component for the few screens in the start bundle. */
  screen: ComponentType;
}

export interface NavEntry {
  to: string;
  label: string;
  icon: Icon;
  /** Place in the navbar, smallest first. */
  order: number;
  /** The key that opens it from anywhere (shown in its tooltip; the feature binds it). */
  shortcut?: string;
  /** What it opens, for the tooltip. */
  description?: string;
  /** The navbar's main action (a filled button above the places) rather than a place. */
  primary?: boolean;
  /** Other path prefixes that belong to this place (a ticket opened from a queue). */
  also?: readonly string[];
}

export interface Feature {
  name: string;
  routes?: readonly FeatureRoute[];
  nav?: NavEntry;
  /**
   * Mounted once while the workspace is open, from its start (notices, hotkeys, timers). It is
   * in the start bundle: keep it small, and never let it import a screen.
   */
  background?: ComponentType;
}

/** A screen that failed to load (its chunk could not be fetched: offline, or a newer build on the server). */
export class ScreenLoadError extends Error {
  constructor(readonly screen: string, cause: unknown) {
    super(`The ${screen} screen could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ScreenLoadError';
  }
}

export type LazyScreen = LazyExoticComponent<ComponentType> & {
  /** Fetches the screen's code ahead of time (idempotent); never rejects. */
  preload(): Promise<void>;
};

/**
 * A screen in its own chunk, loaded when first rendered (inside the workspace's Suspense).
 * `load` must be a literal `() => import('./Screen')` so the bundler splits it off.
 */
export function lazyScreen<M>(name: string, load: () => Promise<M>, pick: (module: M) => ComponentType): LazyScreen {
  let loading: Promise<{ default: ComponentType }> | null = null;
  const loadOnce = () =>
    (loading ??= load().then(
      (module) => ({ default: pick(module) }),
      (cause: unknown) => {
        loading = null; // a later attempt (preload, or the next render after a reload) tries again
        throw new ScreenLoadError(name, cause);
      },
    ));
  const screen = lazy(loadOnce) as LazyScreen;
  screen.preload = () => loadOnce().then(
    () => undefined,
    () => undefined,
  );
  return screen;
}
