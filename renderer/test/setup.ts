/**
 * Vitest setup for the renderer project (jsdom): an in-memory IndexedDB for Dexie, the
 * browser APIs Mantine expects that jsdom lacks, and DOM cleanup after each test.
 * (No jest-dom: it is not installed; tests assert on the DOM directly.)
 */
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll, vi } from 'vitest';
import { ROUTES } from '../src/app/features';
import type { LazyScreen } from '../src/shared/feature';

// Screen tests drive Mantine through user-event; on a loaded 2-core CI machine one can take
// several seconds, so the 5 s default would fail them for slowness, not for a defect.
vi.setConfig({ testTimeout: 20_000 });

// Screens are their own chunks, loaded when first opened (shared/feature.ts lazyScreen). A test is
// about what a screen does, not about how long its module takes to import: load them all before
// the file's tests, once per worker (the renderer project shares one module graph per worker),
// so no test spends its time limit importing the screen it opens on a loaded machine.
beforeAll(async () => {
  await Promise.all(ROUTES.map((route) => ('preload' in route.screen ? (route.screen as LazyScreen).preload() : undefined)));
}, 120_000);

afterEach(() => {
  cleanup();
  localStorage.clear();
});

if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList,
  });
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
