/**
 * The page's handle on the search index: one per replica (database), shared by the global
 * search box, the knowledge base list and the related-articles panel.
 *
 * The index lives in a Web Worker (search.worker.ts). Where workers are unavailable (unit
 * tests in jsdom) or the worker fails to start, the same IndexHost runs on the page instead,
 * still indexing in slices between events.
 *
 * Searches on a named channel are "latest only": while one is being answered, a newer one
 * replaces any still waiting, and the replaced one resolves to null. Fast typing therefore
 * never queues up work: the worker answers the keystroke that matters.
 */
import { Dexie, type ObservabilitySet } from 'dexie';
import { IndexHost } from './engine/indexHost';
import type { FromSearchWorker, ToSearchWorker } from './engine/protocol';
import type { IndexProgress, SearchOptions, SearchResult } from './engine/types';

export interface SearchService {
  /** Resolves to the result, or to null when a newer search on the same channel replaced it. */
  search(query: string, options?: SearchOptions & { channel?: string }): Promise<SearchResult | null>;
  getProgress(): IndexProgress;
  subscribe(listener: () => void): () => void;
  /** Resolves once the index has read the replica and applied every change heard of so far. */
  settled(): Promise<void>;
  dispose(): void;
}

interface Backend {
  search(query: string, options: SearchOptions | undefined): Promise<SearchResult>;
  settled(): Promise<void>;
  dispose(): void;
}

const EMPTY_PROGRESS: IndexProgress = { indexed: 0, total: 0, ready: false, revision: 0 };

function inlineBackend(db: Dexie, onProgress: (p: IndexProgress) => void): Backend {
  const host = new IndexHost(db, { onProgress });
  const listener = (parts: ObservabilitySet) => host.onStorageMutated(parts);
  Dexie.on('storagemutated', listener);
  void host.start();
  return {
    search: (query, options) => Promise.resolve(host.search(query, options)),
    settled: () => host.settled(),
    dispose: () => {
      Dexie.on.storagemutated.unsubscribe(listener);
      host.dispose();
    },
  };
}

function workerBackend(db: Dexie, onProgress: (p: IndexProgress) => void, onFailure: (reason: string) => void): Backend | null {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'fielddesk-search' });
  } catch {
    return null;
  }
  let seq = 0;
  let heard = false;
  const waiting = new Map<number, (value: SearchResult | undefined) => void>();
  const post = (message: ToSearchWorker) => worker.postMessage(message);
  worker.onmessage = (event: MessageEvent<FromSearchWorker>) => {
    heard = true;
    const message = event.data;
    if (message.type === 'progress') onProgress(message.progress);
    else {
      const resolve = waiting.get(message.seq);
      waiting.delete(message.seq);
      resolve?.(message.type === 'result' ? message.result : undefined);
    }
  };
  worker.onerror = (event) => {
    if (!heard) {
      event.preventDefault();
      onFailure(event.message || 'the search worker did not start');
    }
  };
  const request = <T,>(message: ToSearchWorker & { seq: number }) =>
    new Promise<T>((resolve) => {
      waiting.set(message.seq, resolve as (v: SearchResult | undefined) => void);
      post(message);
    });
  // The page owns the schema: the worker opens the database only once the page has (it may be upgrading it).
  void db.open().then(() => post({ type: 'init', dbName: db.name }));
  return {
    search: (query, options) => request<SearchResult>({ type: 'search', seq: ++seq, query, options }),
    settled: () => request<void>({ type: 'settled', seq: ++seq }),
    dispose: () => {
      worker.terminate();
      for (const resolve of waiting.values()) resolve(undefined);
      waiting.clear();
    },
  };
}

interface Channel {
  busy: boolean;
  next: { query: string; options: SearchOptions | undefined; resolve: (r: SearchResult | null) => void } | null;
}

export function createSearchService(db: Dexie, opts: { useWorker?: boolean } = {}): SearchService {
  let progress = EMPTY_PROGRESS;
  const listeners = new Set<() => void>();
  const setProgress = (p: IndexProgress) => {
    progress = p;
    for (const l of listeners) l();
  };
  const useWorker = (opts.useWorker ?? true) && typeof Worker !== 'undefined';
  let backend: Backend =
    (useWorker &&
      workerBackend(db, setProgress, () => {
        // The worker could not start (a CSP or a browser without module workers): index on the page.
        backend.dispose();
        backend = inlineBackend(db, setProgress);
      })) ||
    inlineBackend(db, setProgress);

  const channels = new Map<string, Channel>();

  async function run(channel: Channel, query: string, options: SearchOptions | undefined, resolve: (r: SearchResult | null) => void) {
    channel.busy = true;
    try {
      resolve(await backend.search(query, options));
    } catch {
      resolve(null);
    } finally {
      channel.busy = false;
      const next = channel.next;
      channel.next = null;
      if (next) void run(channel, next.query, next.options, next.resolve);
    }
  }

  return {
    search(query, options = {}) {
      const { channel: name, ...searchOptions } = options;
      if (!name) return backend.search(query, searchOptions);
      let channel = channels.get(name);
      if (!channel) channels.set(name, (channel = { busy: false, next: null }));
      return new Promise((resolve) => {
        if (!channel.busy) {
          void run(channel, query, searchOptions, resolve);
          return;
        }
        channel.next?.resolve(null);
        channel.next = { query, options: searchOptions, resolve };
      });
    },
    getProgress: () => progress,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled: () => backend.settled(),
    dispose: () => backend.dispose(),
  };
}

/** One service per open replica, created on first use and ended shortly after its last user leaves. */
const services = new Map<Dexie, { service: SearchService; users: number; timer: ReturnType<typeof setTimeout> | null }>();

/** The replica's search service (created on first call; safe to call during render). */
export function searchServiceFor(db: Dexie): SearchService {
  let entry = services.get(db);
  if (!entry) services.set(db, (entry = { service: createSearchService(db), users: 0, timer: null }));
  return entry.service;
}

/** A mounted user of the service: keeps it alive until released. */
export function retainSearchService(db: Dexie): void {
  searchServiceFor(db);
  const entry = services.get(db)!;
  entry.users++;
  if (entry.timer) {
    clearTimeout(entry.timer);
    entry.timer = null;
  }
}

export function releaseSearchService(db: Dexie): void {
  const entry = services.get(db);
  if (!entry) return;
  entry.users = Math.max(0, entry.users - 1);
  if (entry.users > 0 || entry.timer) return;
  // A grace period: moving between screens releases and re-acquires at once; signing out ends it.
  entry.timer = setTimeout(() => {
    if (entry.users > 0) return;
    services.delete(db);
    entry.service.dispose();
  }, 5000);
}
