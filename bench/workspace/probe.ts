/**
 * In-page timing for the workspace benchmarks, installed with Playwright's addInitScript so
 * it runs before the app's own code on every navigation. Times are performance.now() in the
 * page: milliseconds since the navigation started (performance.timeOrigin), so
 * "navigation to queue" needs no clock shared with Node.
 *
 * A screen counts as showing something in the frame that shows it: a MutationObserver notes
 * that the DOM changed, a requestAnimationFrame callback checks the DOM just before that frame
 * is painted, and the time is taken in a task posted from there, which runs once the frame is
 * done (the same trick as the "next paint" of the Event Timing API).
 *
 * installProbe must stay self-contained (Playwright serialises it into the page).
 */

/** Which elements mean "the queue is there". Each is a CSS selector list. */
export interface ProbeOptions {
  /** A ticket row of the queue. */
  rowSelector: string;
  /** The queue's text filter; "interactive" needs it present and enabled. */
  filterSelector: string;
  /** Named selectors: the probe records the frame in which each first matches (e.g. the search index is ready). */
  marks: Record<string, string>;
}

/** A change is complete in the first frame where an element matching `selector` has all `attrs`. */
export interface WatchExpectation {
  selector: string;
  attrs: Record<string, string>;
}

/** What the probe found when the queue first showed rows. */
export interface QueueReady {
  /** ms since navigation start: the frame with a visible row and an enabled filter is done. */
  at: number;
  /** The first frame with a visible row (maybe before the filter was enabled). */
  firstRowAt: number;
  rows: number;
  /** True when a service worker served this page (navigator.serviceWorker.controller). */
  swControlled: boolean;
  /** Navigation timing: when the HTML had arrived, and DOMContentLoaded. */
  responseEnd: number;
  domContentLoaded: number;
}

/** One watched change: from an input event to the last frame in which the watched items changed. */
export interface WatchResult {
  /** event.timeStamp of the first keydown/pointerdown after watch() (ms since navigation start). */
  inputAt: number | null;
  /** How many frames showed a different set of watched items. */
  changes: number;
  /** The frame-done time of the first and the last change. */
  firstChangeAt: number | null;
  lastChangeAt: number | null;
  /** The frame-done time when the expectation (if any) was first met after the input. */
  doneAt: number | null;
  /** The items' signature now, and how many items match. */
  signature: string;
  items: number;
  now: number;
}

export interface Probe {
  ready: QueueReady | null;
  /** Frame-done times (ms since navigation start) at which each of options.marks first matched. */
  marks: Record<string, number>;
  longTasks: { start: number; duration: number }[];
  watch(itemSelector: string, extraSelector: string | null, expect: WatchExpectation | null): void;
  result(): WatchResult;
}

declare global {
  interface Window {
    __fdProbe?: Probe;
  }
}

export function installProbe(options: ProbeOptions): void {
  const longTasks: { start: number; duration: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Long task timing is informative only.
  }

  /** Runs fn in a task after the next frame has been produced. */
  const afterFrame = (fn: () => void): void => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => fn();
      channel.port2.postMessage(null);
    });
  };

  const visible = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.width > 0 && r.bottom > 0 && r.top < window.innerHeight;
  };

  const probe: Probe = {
    ready: null,
    marks: {},
    longTasks,
    watch() {
      throw new Error('not yet');
    },
    result() {
      throw new Error('not yet');
    },
  };
  window.__fdProbe = probe;

  // --- Queue readiness -------------------------------------------------------------------
  let firstRowAt: number | null = null;
  let checkQueued = false;
  const checkQueue = () => {
    checkQueued = false;
    if (probe.ready) return;
    const rows = Array.from(document.querySelectorAll(options.rowSelector));
    const row = rows.find(visible);
    if (!row) return;
    const input = document.querySelector(options.filterSelector) as HTMLInputElement | null;
    const interactive = !!input && !input.disabled && !input.readOnly && visible(input);
    const rowCount = rows.length;
    afterFrame(() => {
      const at = performance.now();
      if (firstRowAt === null) firstRowAt = at;
      if (!interactive || probe.ready) return;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      probe.ready = {
        at,
        firstRowAt,
        rows: rowCount,
        swControlled: !!navigator.serviceWorker?.controller,
        responseEnd: nav?.responseEnd ?? 0,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? 0,
      };
      queueObserver.disconnect();
    });
  };
  const queueObserver = new MutationObserver(() => {
    if (probe.ready || checkQueued) return;
    checkQueued = true;
    requestAnimationFrame(checkQueue);
  });
  queueObserver.observe(document, { childList: true, subtree: true, attributes: true });

  // --- Marks -----------------------------------------------------------------------------
  const pendingMarks = new Map(Object.entries(options.marks));
  let marksQueued = false;
  const marksObserver = new MutationObserver(() => {
    if (marksQueued) return;
    marksQueued = true;
    requestAnimationFrame(() => {
      marksQueued = false;
      for (const [name, selector] of pendingMarks) {
        if (!document.querySelector(selector)) continue;
        pendingMarks.delete(name);
        afterFrame(() => {
          probe.marks[name] = performance.now();
        });
      }
      if (pendingMarks.size === 0) marksObserver.disconnect();
    });
  });
  if (pendingMarks.size > 0) marksObserver.observe(document, { childList: true, subtree: true, attributes: true });

  // --- Watching a change (filter, search) -----------------------------------------------
  let watchObserver: MutationObserver | null = null;
  let state: WatchResult = { inputAt: null, changes: 0, firstChangeAt: null, lastChangeAt: null, doneAt: null, signature: '', items: 0, now: 0 };
  const met = (expect: WatchExpectation) =>
    Array.from(document.querySelectorAll(expect.selector)).some((el) => Object.entries(expect.attrs).every(([name, value]) => el.getAttribute(name) === value));
  const signatureOf = (itemSelector: string, extraSelector: string | null) => {
    const items = Array.from(document.querySelectorAll(itemSelector));
    const extra = extraSelector ? (document.querySelector(extraSelector)?.textContent ?? '') : '';
    return { signature: `${extra}\u0000${items.map((e) => `${e.getAttribute('data-ticket-id') ?? ''}:${e.textContent ?? ''}`).join('\u0001')}`, items: items.length };
  };

  probe.watch = (itemSelector, extraSelector, expect) => {
    watchObserver?.disconnect();
    const start = signatureOf(itemSelector, extraSelector);
    state = { inputAt: null, changes: 0, firstChangeAt: null, lastChangeAt: null, doneAt: null, signature: start.signature, items: start.items, now: performance.now() };
    let doneQueued = false;
    const onInput = (event: Event) => {
      if (state.inputAt === null) state.inputAt = event.timeStamp;
    };
    window.addEventListener('keydown', onInput, { capture: true, once: true });
    window.addEventListener('pointerdown', onInput, { capture: true, once: true });
    let queued = false;
    watchObserver = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        if (expect && state.inputAt !== null && state.doneAt === null && !doneQueued && met(expect)) {
          doneQueued = true;
          afterFrame(() => {
            state.doneAt = performance.now();
          });
        }
        const now = signatureOf(itemSelector, extraSelector);
        if (now.signature === state.signature) return;
        state.signature = now.signature;
        state.items = now.items;
        afterFrame(() => {
          const at = performance.now();
          state.changes++;
          if (state.firstChangeAt === null) state.firstChangeAt = at;
          state.lastChangeAt = at;
        });
      });
    });
    watchObserver.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  };
  probe.result = () => ({ ...state, now: performance.now() });
}
