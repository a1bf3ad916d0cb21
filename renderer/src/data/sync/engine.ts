/**
 * The sync engine: sends the outbox to the server and pulls what changed, through the
 * platform adapter (desktop: IPC to main; web: fetch). It never loses an op: an op
 * leaves the outbox only inside the transaction that records the server's answer for it.
 *
 * One run = verify the session (once per connection) -> push the outbox in seq order, in
 * batches of up to MAX_PUSH_OPS (each answer settled in one transaction) -> pull by cursor,
 * page by page, pipelined (the next page is fetched while the current one is written; the
 * stored cursor moves only with a committed page). A run starts at start(), on demand (syncNow),
 * shortly after a local change (requestSync), on a server poke, when the platform reports
 * the server is reachable again, periodically while online, and with backoff (exponential,
 * with jitter) after a failure. During the first download and any large pull, the status
 * carries progress counts (received, and the server's estimate of what remains).
 * Offline is a normal state: the engine stops quietly and retries. An expired session
 * stops syncing (not working): pending ops wait for the same user to sign in again.
 */
import { isApiError, type Platform, type PlatformEvent, type UploadQueueState } from '@fielddesk/common/ipc/contract';
import {
  DEFAULT_PULL_LIMIT,
  MAX_PULL_LIMIT,
  MAX_PUSH_BYTES,
  MAX_PUSH_OPS,
  type PullResponse,
  type PushResponse,
} from '@fielddesk/common/sync/protocol';
import { ensureClientId, getMeta, setMeta } from '../meta';
import type { FieldDeskDb, OutboxEntry } from '../db';
import { toProtocolOp } from '../outbox';
import { applyPullPage, applyPushResults, type SyncNotice } from './reconcile';

export type SyncState = 'starting' | 'syncing' | 'idle' | 'offline' | 'unauthorized' | 'error' | 'stopped';

export interface SyncStatus {
  state: SyncState;
  /** Whether the server was reachable at the last attempt; null before the first one. */
  online: boolean | null;
  lastSyncAt: string | null;
  /** What is wrong, in words; null when all is well. */
  message: string | null;
  nextRetryAt: string | null;
  /** Download progress during the first download or a large pull; null otherwise. */
  progress: SyncProgress | null;
  /** Attachment bytes waiting for upload (desktop: main's queue; web: always empty). */
  uploads: UploadQueueState | null;
}

export interface SyncProgress {
  /** Changes received in this pull so far. */
  received: number;
  /** The server's estimate of how many are left (not exact). */
  remaining: number;
}

export const SESSION_EXPIRED_MESSAGE = 'Your session expired — sign in to sync';

/** What the engine needs of a platform (getUploadQueue is optional so simple test hosts can omit it). */
export type SyncPlatform = Pick<Platform, 'push' | 'pull' | 'getSession' | 'onEvent'> & Partial<Pick<Platform, 'getUploadQueue'>>;

export interface SyncEngineOptions {
  db: FieldDeskDb;
  platform: SyncPlatform;
  /** The user this replica belongs to: ops are only ever pushed in this user's session. */
  userId: string;
  /** Ops per push (default and at most MAX_PUSH_OPS; a batch is also cut below MAX_PUSH_BYTES). */
  pushBatchSize?: number;
  /** Page size of an ordinary pull (catching up on a few changes). */
  pullLimit?: number;
  /**
   * Page size of the first download and of any large backlog (default MAX_PULL_LIMIT; when only
   * pullLimit is given, that size is used throughout).
   */
  largePullLimit?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Pull this often while online (0: never on a timer). */
  periodicMs?: number;
  /** requestSync waits this long so a burst of edits goes in one push. */
  debounceMs?: number;
  /** A pull with at least this many changes (received + remaining) shows progress. */
  progressThreshold?: number;
  now?: () => Date;
  random?: () => number;
}

/** A problem that is not an ApiError but must be told to the user as such. */
class SyncProblem extends Error {}
/** The platform has no session for this replica's user. */
class SessionProblem extends Error {}

export class SyncEngine {
  private readonly db: FieldDeskDb;
  private readonly platform: SyncPlatform;
  private readonly userId: string;
  private readonly opts: Required<Omit<SyncEngineOptions, 'db' | 'platform' | 'userId'>>;
  private status: SyncStatus = { state: 'starting', online: null, lastSyncAt: null, message: null, nextRetryAt: null, progress: null, uploads: null };
  private readonly statusListeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(notice: SyncNotice) => void>();
  private running: Promise<SyncStatus> | null = null;
  private again = false;
  /** Listening to the platform and keeping timers (between start and stop). */
  private started = false;
  /** stop() was called: no more runs until start(). */
  private stopped = false;
  private failures = 0;
  private sessionVerified = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: SyncEngineOptions) {
    this.db = options.db;
    this.platform = options.platform;
    this.userId = options.userId;
    this.opts = {
      pushBatchSize: Math.max(1, Math.min(MAX_PUSH_OPS, options.pushBatchSize ?? MAX_PUSH_OPS)),
      pullLimit: options.pullLimit ?? DEFAULT_PULL_LIMIT,
      largePullLimit: Math.min(MAX_PULL_LIMIT, options.largePullLimit ?? options.pullLimit ?? MAX_PULL_LIMIT),
      retryMinMs: options.retryMinMs ?? 2_000,
      retryMaxMs: options.retryMaxMs ?? 60_000,
      periodicMs: options.periodicMs ?? 60_000,
      debounceMs: options.debounceMs ?? 300,
      progressThreshold: options.progressThreshold ?? 2_000,
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
    };
  }

  // ---- status for the UI (fits React's useSyncExternalStore) ----

  getStatus = (): SyncStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /** Refused changes and conflicts, as they are recorded. */
  onNotice(listener: (notice: SyncNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  private update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of [...this.statusListeners]) listener();
  }

  // ---- lifecycle ----

  /** Starts listening to the platform and syncs once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.unsubscribe = this.platform.onEvent((event) => this.onPlatformEvent(event));
    void getMeta(this.db, 'lastSyncAt').then((at) => {
      if (at && !this.status.lastSyncAt) this.update({ lastSyncAt: at });
    });
    void this.platform.getUploadQueue?.().then(
      (uploads) => this.update({ uploads }),
      () => undefined, // not knowing the queue is no reason to stop syncing
    );
    void this.syncNow();
  }

  stop(): void {
    this.started = false;
    this.stopped = true;
    this.clearTimers();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.update({ state: 'stopped', nextRetryAt: null });
  }

  /** After the user signed in again: check the session anew and sync. */
  resume(): Promise<SyncStatus> {
    this.sessionVerified = false;
    this.failures = 0;
    if (this.status.state === 'unauthorized') this.update({ state: 'idle', message: null });
    return this.syncNow();
  }

  /** A local change was made: sync soon (a burst of changes goes in one push). */
  requestSync(): void {
    if (this.stopped || this.status.state === 'unauthorized') return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.syncNow();
    }, this.opts.debounceMs);
  }

  /** Syncs now. If a run is under way, one more run follows it; resolves with the final status. */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const run = (async () => {
      do {
        this.again = false;
        await this.runOnce();
      } while (this.again && !this.stopped && (this.status.state === 'idle' || this.status.state === 'error'));
      return this.status;
    })();
    this.running = run.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private onPlatformEvent(event: PlatformEvent): void {
    if (event.type === 'session-expired') {
      this.sessionVerified = false;
      this.update({ state: 'unauthorized', message: SESSION_EXPIRED_MESSAGE, nextRetryAt: null });
      this.clearRetry();
      return;
    }
    if (event.type === 'poke') {
      if (!this.stopped && this.started && this.status.state !== 'unauthorized') void this.syncNow();
      return;
    }
    if (event.type === 'uploads') {
      this.update({ uploads: event.state });
      return;
    }
    if (event.type !== 'connectivity') return;
    if (event.state.online) {
      this.update({ online: true });
      if (this.status.state !== 'unauthorized') {
        this.failures = 0;
        void this.syncNow();
      }
    } else {
      this.sessionVerified = false;
      if (this.status.state !== 'syncing' && this.status.state !== 'unauthorized') {
        this.update({ state: 'offline', online: false, message: event.state.reason ?? 'The FieldDesk server cannot be reached.' });
      } else {
        this.update({ online: false });
      }
    }
  }

  // ---- one run ----

  private async runOnce(): Promise<void> {
    if (this.stopped) return;
    this.update({ state: 'syncing', nextRetryAt: null });
    try {
      if (!this.sessionVerified) await this.verifySession();
      await this.pushAll();
      await this.pullAll();
      const at = this.opts.now().toISOString();
      await setMeta(this.db, 'lastSyncAt', at);
      this.failures = 0;
      this.update({ state: 'idle', online: true, lastSyncAt: at, message: null, nextRetryAt: null });
      if (this.opts.periodicMs > 0) this.schedule(this.opts.periodicMs);
    } catch (e) {
      this.fail(e);
    }
  }

  private async verifySession(): Promise<void> {
    const session = await this.platform.getSession();
    if (!session) throw new SessionProblem(SESSION_EXPIRED_MESSAGE);
    if (session.user.id !== this.userId) {
      throw new SessionProblem(
        `The server session belongs to ${session.user.displayName}; sign in as the owner of these changes to sync them.`,
      );
    }
    this.sessionVerified = true;
  }

  private async pushAll(): Promise<void> {
    let batchSize = this.opts.pushBatchSize;
    let clientId: string | null = null;
    for (;;) {
      const entries = await this.nextBatch(batchSize);
      if (entries.length === 0) return;
      clientId ??= await ensureClientId(this.db);
      // Marking the batch 'sending' runs while the push is on its way (it is bookkeeping for
      // the user, not for correctness: the server recognises a resent op by its opId). It is
      // awaited before anything else touches the outbox, so it always lands first.
      const marking = this.markSending(entries);
      marking.catch(() => undefined);
      let response: PushResponse;
      try {
        response = await this.platform.push({ clientId, ops: entries.map(toProtocolOp) });
      } catch (e) {
        await marking;
        if (isApiError(e) && e.code === 'too_large' && batchSize > 1) {
          batchSize = Math.ceil(Math.min(batchSize, entries.length) / 2);
          continue;
        }
        throw e;
      }
      await marking;
      if (!response || !Array.isArray(response.results)) {
        throw new SyncProblem('The server answered the push in a form this app does not understand; the changes stay on this device.');
      }
      const { answered, notices } = await applyPushResults(this.db, entries, response.results, { userId: this.userId, now: this.opts.now });
      for (const notice of notices) for (const listener of [...this.noticeListeners]) listener(notice);
      if (answered === 0) {
        throw new SyncProblem(`The server did not answer for ${entries.length} queued change(s); they stay on this device and will be sent again.`);
      }
    }
  }

  /** The oldest outbox entries: at most `limit`, and short of MAX_PUSH_BYTES as JSON (one getAll). */
  private async nextBatch(limit: number): Promise<OutboxEntry[]> {
    const entries = await this.db.outbox.orderBy('seq').limit(limit).toArray();
    // Room for the request envelope: cut the batch at 90% of the byte limit.
    let bytes = 0;
    let count = 0;
    for (const entry of entries) {
      bytes += JSON.stringify(entry.op).length + 16;
      if (count > 0 && bytes > MAX_PUSH_BYTES * 0.9) break;
      count++;
    }
    return entries.slice(0, count);
  }

  /** Marks entries 'sending' and counts the attempt; only entries still in the outbox are written. */
  private async markSending(entries: OutboxEntry[]): Promise<void> {
    const first = entries[0]?.seq;
    const last = entries.at(-1)?.seq;
    if (first === undefined || last === undefined) return;
    await this.db.transaction('rw', this.db.outbox, async () => {
      // The batch is the first entries in seq order, so the key range holds exactly them.
      const current = await this.db.outbox.where(':id').between(first, last, true, true).toArray();
      for (const entry of current) {
        entry.state = 'sending';
        entry.attempts += 1;
      }
      await this.db.outbox.bulkPut(current);
    });
  }

  /**
   * Pulls page after page, pipelined: as soon as page N has arrived, page N+1 is requested
   * (its cursor is page N's) while page N is written into Dexie. Pages are applied strictly
   * in order, and each page's cursor is stored in the same transaction as its records, so
   * the stored cursor only moves once that page is committed: a failure anywhere (a request
   * or a write) leaves the cursor at the last committed page, and the next run re-requests
   * from there — nothing skipped, nothing applied twice. A request still in flight when a
   * write fails is dropped unused (the next run asks for it again from the stored cursor).
   */
  private async pullAll(): Promise<void> {
    const stored = (await getMeta(this.db, 'cursor')) ?? '0';
    let showProgress = stored === '0';
    // The first download and large backlogs use the largest page size; a few changes the usual one.
    let limit = stored === '0' ? this.opts.largePullLimit : this.opts.pullLimit;
    let received = 0;
    let next: Promise<PullResponse> | null = this.requestPage(stored, limit);
    try {
      for (let pages = 0; next && pages < 1_000_000; pages++) {
        const page = await next;
        next = null;
        if (!page || !Array.isArray(page.changes) || typeof page.cursor !== 'string') {
          throw new SyncProblem('The server answered the pull in a form this app does not understand.');
        }
        const remaining = page.hasMore ? Math.max(0, Number(page.remaining) || 0) : 0;
        if (page.reset || remaining >= this.opts.pullLimit) limit = this.opts.largePullLimit;
        if (page.hasMore) next = this.requestPage(page.cursor, limit);
        await applyPullPage(this.db, page, { userId: this.userId });
        if (page.reset) {
          // A fresh download: count from this page.
          received = 0;
          showProgress = true;
        }
        received += page.changes.length;
        if (!showProgress && page.hasMore && received + remaining >= this.opts.progressThreshold) showProgress = true;
        if (showProgress && page.hasMore) this.update({ progress: { received, remaining } });
      }
    } finally {
      if (this.status.progress) this.update({ progress: null });
    }
  }

  /**
   * Asks for a page. The request may fail while the previous page is still being written,
   * before anyone awaits it: a no-op handler keeps that from being reported as an unhandled
   * rejection (awaiting the returned promise still throws).
   */
  private requestPage(cursor: string, limit: number): Promise<PullResponse> {
    const request = this.platform.pull({ cursor, limit });
    request.catch(() => undefined);
    return request;
  }

  private fail(e: unknown): void {
    if (e instanceof SessionProblem || (isApiError(e) && e.code === 'unauthorized')) {
      this.sessionVerified = false;
      this.clearRetry();
      const message = e instanceof SessionProblem ? e.message : SESSION_EXPIRED_MESSAGE;
      this.update({ state: 'unauthorized', online: true, message, nextRetryAt: null });
      return;
    }
    this.failures += 1;
    const delay = this.backoff();
    const nextRetryAt = new Date(this.opts.now().getTime() + delay).toISOString();
    if (isApiError(e) && e.code === 'offline') {
      this.sessionVerified = false;
      this.update({ state: 'offline', online: false, message: e.message, nextRetryAt });
    } else {
      const message = e instanceof Error ? e.message : String(e);
      this.update({ state: 'error', online: isApiError(e) ? true : this.status.online, message: `Sync failed: ${message}`, nextRetryAt });
    }
    this.schedule(delay);
  }

  private backoff(): number {
    const base = Math.min(this.opts.retryMaxMs, this.opts.retryMinMs * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(base * (0.8 + 0.4 * this.opts.random()));
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    this.clearRetry();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
  }

  private clearRetry(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private clearTimers(): void {
    this.clearRetry();
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
  }
}

export type { SyncNotice };
