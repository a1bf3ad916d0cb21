/**
 * Keeps a SearchIndex in step with the local replica. Runs inside the search worker (and,
 * where there are no workers, such as unit tests, on the page itself).
 *
 * - On start it reads every indexed table in chunks of primary keys (short read-only
 *   transactions, so the sync engine's writes are never held up for long) and reports
 *   progress as it goes; searches are answered from what is indexed so far.
 * - Afterwards it follows Dexie's `storagemutated` event, which Dexie raises after every
 *   committed write, in this context and (over a BroadcastChannel) in every other context
 *   of the origin, so the worker hears of the page's writes without the page doing anything.
 *   A write of a few records names their keys: only those are read again. A bulk write
 *   (a pulled page of hundreds of records, a bulk assign) names the whole table: the table
 *   is read again and only records whose indexed text changed are re-indexed (a fingerprint
 *   comparison), nothing is rebuilt; those re-reads are coalesced while a sync is pulling.
 */
import type { Dexie, Table } from 'dexie';
import { SearchIndex } from './SearchIndex';
import { INDEXED_TABLES, docKey, toSearchDoc, type IndexedTable } from './documents';
import type { IndexProgress, SearchOptions, SearchResult } from './types';

const READ_CHUNK = 2000;
const INDEX_SLICE = 500;
/** A bulk change is re-read once the writes have paused this long (a pull writes page after page). */
const RESCAN_QUIET_MS = 400;
/** …but at most this long after the first one, so results never lag a long sync by much. */
const RESCAN_MAX_WAIT_MS = 3000;

/** One node of Dexie's RangeSet tree (also what arrives, as plain data, over the BroadcastChannel). */
interface RangeNode {
  from: unknown;
  to: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
}

/** The keys a mutated range set names, or 'all' when it holds a range (a bulk write or a clear). */
export function keysOfRangeSet(node: RangeNode | null | undefined): string[] | 'all' {
  const keys: string[] = [];
  const stack: RangeNode[] = [];
  if (node && 'from' in node) stack.push(node);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.from === undefined && n.to === undefined) continue;
    if (typeof n.from !== 'string' || n.from !== n.to) return 'all';
    keys.push(n.from);
    if (n.l) stack.push(n.l);
    if (n.r) stack.push(n.r);
  }
  return keys;
}

const PROGRESS_EVERY_MS = 250;

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface IndexHostOptions {
  /** Told whenever the progress changes. */
  onProgress?: (progress: IndexProgress) => void;
}

export class IndexHost {
  readonly index = new SearchIndex();
  private progress: IndexProgress = { indexed: 0, total: 0, ready: false, revision: 0 };
  private disposed = false;
  private readonly pendingKeys = new Map<IndexedTable, Set<string>>();
  private readonly pendingTables = new Set<IndexedTable>();
  private rescanTimer: ReturnType<typeof setTimeout> | null = null;
  private firstPendingAt = 0;
  private draining: Promise<void> | null = null;
  private built: Promise<void> | null = null;
  private lastReportAt = 0;

  constructor(
    private readonly db: Dexie,
    private readonly options: IndexHostOptions = {},
  ) {}

  get currentProgress(): IndexProgress {
    return this.progress;
  }

  /** Reads every indexed table once; resolves when done (or failed: see progress.error). */
  start(): Promise<void> {
    this.built ??= this.build().catch((err: unknown) => {
      this.report({ ...this.progress, error: `The search index could not read the local data: ${err instanceof Error ? err.message : String(err)}` });
    });
    return this.built;
  }

  search(query: string, options?: SearchOptions): SearchResult {
    return this.index.search(query, options);
  }

  dispose(): void {
    this.disposed = true;
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
  }

  private tables(): IndexedTable[] {
    // A replica of an older schema may lack a table (tasks came with schema v4).
    const present = new Set(this.db.tables.map((t) => t.name));
    return INDEXED_TABLES.filter((t) => present.has(t));
  }

  private table(name: IndexedTable): Table<{ id: string }, string> {
    return this.db.table(name);
  }

  private report(progress: IndexProgress): void {
    const before = this.progress;
    this.progress = progress;
    // While building, tell at most every PROGRESS_EVERY_MS (each report re-runs the open searches);
    // an applied change is always told, or an answer on screen would miss it until the next keystroke.
    const now = Date.now();
    const milestone =
      progress.ready !== before.ready || progress.error !== before.error || progress.revision !== before.revision || progress.indexed === 0;
    if (!milestone && now - this.lastReportAt < PROGRESS_EVERY_MS) return;
    this.lastReportAt = now;
    this.options.onProgress?.(progress);
  }

  private async build(): Promise<void> {
    if (!this.db.isOpen()) await this.db.open();
    const tables = this.tables();
    const counts = await Promise.all(tables.map((t) => this.table(t).count()));
    const total = counts.reduce((a, b) => a + b, 0);
    let indexed = 0;
    const { revision } = this.progress;
    this.report({ indexed, total, ready: false, revision });
    for (const name of tables) {
      await this.readTable(name, (n) => {
        indexed += n;
        this.report({ indexed, total: Math.max(total, indexed), ready: false, revision });
      });
      if (this.disposed) return;
    }
    this.report({ indexed, total: Math.max(total, indexed), ready: true, revision });
    // Changes that came in while building are applied now.
    this.kick();
  }

  /**
   * Reads a whole table in chunks of primary keys and indexes every record; returns the
   * keys seen (so a re-read can drop the records that are gone).
   */
  private async readTable(name: IndexedTable, onChunk?: (n: number) => void): Promise<Set<string>> {
    const table = this.table(name);
    const seen = new Set<string>();
    const read = (after: string | null): Promise<{ id: string }[]> =>
      after === null ? table.orderBy(':id').limit(READ_CHUNK).toArray() : table.where(':id').above(after).limit(READ_CHUNK).toArray();
    // The next chunk is read while this one is indexed.
    let next = read(null);
    for (;;) {
      const chunk = await next;
      if (this.disposed || chunk.length === 0) break;
      next = chunk.length < READ_CHUNK ? Promise.resolve([]) : read(chunk[chunk.length - 1]!.id);
      for (let i = 0; i < chunk.length; i += INDEX_SLICE) {
        for (const record of chunk.slice(i, i + INDEX_SLICE)) {
          this.index.upsert(toSearchDoc(name, record));
          seen.add(docKey(name, record.id));
        }
        onChunk?.(Math.min(INDEX_SLICE, chunk.length - i));
        // Let searches (worker messages) in between slices.
        await yieldToEvents();
      }
    }
    return seen;
  }

  /** Dexie's storagemutated parts: `idb://<db>/<table>/` → the primary keys written. */
  onStorageMutated(parts: Record<string, unknown>): void {
    if (this.disposed) return;
    let any = false;
    for (const name of INDEXED_TABLES) {
      const part = parts[`idb://${this.db.name}/${name}/`] as RangeNode | undefined;
      if (!part) continue;
      const keys = keysOfRangeSet(part);
      if (keys === 'all') {
        if (this.pendingTables.size === 0 && this.firstPendingAt === 0) this.firstPendingAt = Date.now();
        this.pendingTables.add(name);
      } else if (keys.length > 0) {
        let set = this.pendingKeys.get(name);
        if (!set) this.pendingKeys.set(name, (set = new Set()));
        for (const k of keys) set.add(k);
      }
      any = true;
    }
    if (!any && parts.all) {
      // Dexie's "everything may have changed" (a page restored from the back-forward cache).
      for (const name of INDEXED_TABLES) this.pendingTables.add(name);
      any = true;
    }
    if (any) this.kick();
  }

  /** Applies pending changes: keyed ones at once, table re-reads once writes pause. */
  private kick(): void {
    if (this.disposed || !this.progress.ready) return;
    if (this.pendingKeys.size > 0) void this.drain();
    if (this.pendingTables.size > 0) {
      if (this.rescanTimer) clearTimeout(this.rescanTimer);
      const waited = this.firstPendingAt ? Date.now() - this.firstPendingAt : 0;
      const delay = Math.max(0, Math.min(RESCAN_QUIET_MS, RESCAN_MAX_WAIT_MS - waited));
      this.rescanTimer = setTimeout(() => {
        this.rescanTimer = null;
        void this.drain(true);
      }, delay);
    }
  }

  /** One change run at a time; a run picks up whatever is pending when it starts. */
  private drain(withTables = false): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.draining) await this.draining.catch(() => undefined);
      const keyed = [...this.pendingKeys];
      this.pendingKeys.clear();
      const tables = withTables ? [...this.pendingTables] : [];
      if (withTables) {
        this.pendingTables.clear();
        this.firstPendingAt = 0;
      }
      for (const [name, keys] of keyed) {
        if (tables.includes(name)) continue;
        const ids = [...keys];
        for (let i = 0; i < ids.length; i += READ_CHUNK) {
          const slice = ids.slice(i, i + READ_CHUNK);
          const records = await this.table(name).bulkGet(slice);
          records.forEach((record, j) => {
            if (record) this.index.upsert(toSearchDoc(name, record));
            else this.index.remove(docKey(name, slice[j]!));
          });
        }
      }
      for (const name of tables) {
        if (!this.tables().includes(name)) continue;
        const seen = await this.readTable(name);
        const prefix = `${name}:`;
        const gone: string[] = [];
        for (const key of this.index.keys()) if (key.startsWith(prefix) && !seen.has(key)) gone.push(key);
        for (const key of gone) this.index.remove(key);
      }
      // Searches answered before this run are out of date: say so, and the screens ask again.
      if (!this.disposed && (keyed.length > 0 || tables.length > 0)) this.report({ ...this.progress, revision: this.progress.revision + 1 });
    };
    const p = run().catch((err: unknown) => {
      this.report({ ...this.progress, error: `The search index could not apply a change: ${err instanceof Error ? err.message : String(err)}` });
    });
    this.draining = p;
    return p;
  }

  /** Resolves once every change heard of so far is in the index (tests, and the e2e helper). */
  async settled(): Promise<void> {
    await this.start();
    for (;;) {
      if (this.rescanTimer) {
        clearTimeout(this.rescanTimer);
        this.rescanTimer = null;
        await this.drain(true);
      } else if (this.pendingKeys.size > 0) await this.drain();
      else if (this.draining) {
        const d = this.draining;
        await d;
        if (this.draining === d) this.draining = null;
      } else return;
    }
  }
}
