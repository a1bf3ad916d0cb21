/**
 * Every ticket of the replica as queue rows, in memory, kept up to date without ever re-reading
 * the whole table. One index per database, shared by the queue and the dashboard and kept for
 * the page's lifetime, so going back to the queue costs nothing.
 *
 * Loading: first the newest few hundred tickets (ids are UUIDv7, so key order is creation
 * order), shown at once; then the whole table in forward chunks of CHUNK (IndexedDB getAll),
 * each its own request, so the main thread is free between them and the queue is interactive
 * while the rest arrives. Subscribers are told after the first rows and when all are in.
 *
 * Live updates: Dexie's `storagemutated` event (what liveQuery itself listens to; it also
 * carries writes from other tabs) names the primary keys each committed transaction touched.
 * The index re-reads only those keys (bulkGet) and replaces their rows; a write that names a
 * key range rather than keys (a table clear) reloads everything. Notifications are coalesced
 * to at most one per NOTIFY_MS, so a sync applying 1,000-record pages does not re-filter the
 * queue for each page.
 */
import Dexie, { RangeSet, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { SlaConfig } from '@fielddesk/common/itsm/sla';
import type { FieldDeskDb } from '../../../data/db';
import { toQueueItem, type QueueItem } from './item';

const FIRST_CHUNK = 300;
/** Big enough that the load is a handful of requests, small enough that no one chunk holds the main thread long. */
const CHUNK = 5_000;
const NOTIFY_MS = 150;

export interface IndexSnapshot {
  /** Bumped on every change of the rows (or of the SLA configuration). */
  version: number;
  /** True until every row is in memory. */
  loading: boolean;
  size: number;
}

export class TicketIndex {
  private readonly items = new Map<string, QueueItem>();
  private readonly listeners = new Set<() => void>();
  private snapshot: IndexSnapshot = { version: 0, loading: true, size: 0 };
  private started = false;
  private loadRun = 0;
  /** Keys refreshed or deleted since the current load began: a chunk read earlier must not undo them. */
  private touchedDuringLoad = new Set<string>();
  private pendingKeys = new Set<string>();
  private flushing = false;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private slaKey = '';
  private readonly part: string;
  private readonly delsPart: string;

  constructor(private readonly db: FieldDeskDb) {
    this.part = `idb://${db.name}/tickets/`;
    this.delsPart = `idb://${db.name}/tickets/:dels`;
  }

  /** Starts loading and listening (once). */
  start(): this {
    if (this.started) return this;
    this.started = true;
    Dexie.on.storagemutated.subscribe(this.onMutated);
    void this.load();
    return this;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): IndexSnapshot => this.snapshot;

  values(): IterableIterator<QueueItem> {
    return this.items.values();
  }

  get(id: string): QueueItem | undefined {
    return this.items.get(id);
  }

  get size(): number {
    return this.items.size;
  }

  /** The SLA configuration changed (new policies or calendars): every memo is stale. */
  setSlaConfig(config: SlaConfig): void {
    const key = JSON.stringify([config.slaPolicies, config.calendars, config.slaWarningPercent]);
    if (key === this.slaKey) return;
    const first = this.slaKey === '';
    this.slaKey = key;
    if (first) return;
    for (const item of this.items.values()) {
      item.slaLevel = undefined;
      item.resolution = undefined;
    }
    this.changed(true);
  }

  /** Resolves once every row is in memory (tests, and the benchmark's "fully loaded" mark). */
  whenLoaded(): Promise<void> {
    if (!this.snapshot.loading) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.subscribe(() => {
        if (!this.snapshot.loading) {
          off();
          resolve();
        }
      });
    });
  }

  private async load(): Promise<void> {
    const run = ++this.loadRun;
    this.touchedDuringLoad = new Set();
    this.setLoading(true);
    const seen = new Set<string>();
    const take = (chunk: Ticket[]) => {
      for (const ticket of chunk) {
        if (seen.has(ticket.id)) continue;
        seen.add(ticket.id);
        if (!this.touchedDuringLoad.has(ticket.id)) this.items.set(ticket.id, toQueueItem(ticket));
      }
    };
    // First the newest few (a short cursor walk backwards), so the queue shows rows at once.
    take(await this.db.tickets.reverse().limit(FIRST_CHUNK).toArray());
    if (run !== this.loadRun) return;
    this.changed(true);
    // Then everything, forwards: IndexedDB's getAll reads a forward range in one request (a
    // backward range is a cursor, one step per record). Subscribers hear again only at the end:
    // re-filtering and re-sorting after every chunk would slow the load and make rows jump.
    let lastId: string | null = null;
    for (;;) {
      const chunk: Ticket[] =
        lastId === null ? await this.db.tickets.limit(CHUNK).toArray() : await this.db.tickets.where(':id').above(lastId).limit(CHUNK).toArray();
      if (run !== this.loadRun) return;
      take(chunk);
      if (chunk.length < CHUNK) break;
      lastId = chunk[chunk.length - 1]!.id;
    }
    // A reload (after a clear) drops rows that are gone.
    for (const id of [...this.items.keys()]) if (!seen.has(id) && !this.touchedDuringLoad.has(id)) this.items.delete(id);
    this.touchedDuringLoad = new Set();
    this.setLoading(false);
  }

  private setLoading(loading: boolean): void {
    this.snapshot = { version: this.snapshot.version + 1, loading, size: this.items.size };
    this.emitNow();
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    const trees = [parts[this.part], parts[this.delsPart]].filter((t): t is IntervalTree => t !== undefined);
    if (trees.length === 0) return;
    for (const tree of trees) {
      for (const range of RangeSet(tree)) {
        if (typeof range.from === 'string' && range.from === range.to) this.pendingKeys.add(range.from);
        else {
          // A range, not keys (a clear, or a delete by range): read everything again.
          this.pendingKeys.clear();
          void this.load();
          return;
        }
      }
    }
    void this.flush();
  };

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pendingKeys.size > 0) {
        const keys = [...this.pendingKeys];
        this.pendingKeys.clear();
        const fresh = await this.db.tickets.bulkGet(keys);
        keys.forEach((id, i) => {
          const ticket = fresh[i];
          if (this.snapshot.loading) this.touchedDuringLoad.add(id);
          if (ticket) this.items.set(id, toQueueItem(ticket));
          else this.items.delete(id);
        });
        this.changed(false);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Records a change and tells subscribers (at once, or coalesced). */
  private changed(now: boolean): void {
    this.snapshot = { ...this.snapshot, version: this.snapshot.version + 1, size: this.items.size };
    if (now) this.emitNow();
    else this.notifyTimer ??= setTimeout(() => this.emitNow(), NOTIFY_MS);
  }

  private emitNow(): void {
    if (this.notifyTimer !== undefined) clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    for (const listener of [...this.listeners]) listener();
  }
}

const indexes = new WeakMap<FieldDeskDb, TicketIndex>();

/** The (started) index of a replica. */
export function ticketIndexFor(db: FieldDeskDb): TicketIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new TicketIndex(db).start();
    indexes.set(db, index);
  }
  return index;
}
