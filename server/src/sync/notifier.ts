/**
 * The change notifier: every write that clients may want to pull calls `notify()` after it
 * commits (push batches, the seed, future endpoints); the poke stream (sync/events.ts)
 * subscribes and tells connected clients to pull.
 *
 *   ctx.changes.notify();                       // after a committed write; cheap, never throws
 *   const stop = ctx.changes.subscribe(() => …); // coalesced signals; stop() to unsubscribe
 *
 * Coalescing: signals are delivered on the trailing edge, at most once per `intervalMs`
 * (200 ms): a burst of 1,000 writes makes a handful of signals, and the first one arrives
 * at most `intervalMs` after the first write.
 *
 * Several processes on one PostgreSQL: `notify()` also sends `NOTIFY fielddesk_changes`
 * (itself coalesced, at most once per interval) with the schema and this process's id as
 * payload; a dedicated connection LISTENs on the channel, reconnecting with backoff when
 * the connection drops, and turns other processes' notifications of the same schema into
 * local (again coalesced) signals. The notifier holds no data: a missed signal only delays
 * a pull until the client's next scheduled sync.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { StoreConfig } from '../config';
import type { Database } from '../db/types';

export const CHANGES_CHANNEL = 'fielddesk_changes';
export const DEFAULT_POKE_INTERVAL_MS = 200;

export interface ChangeNotifier {
  /** Says that something clients may pull has been committed. Cheap; coalesced. */
  notify(): void;
  /** Calls `listener` (coalesced) whenever something changed here or in another process. */
  subscribe(listener: () => void): () => void;
  /** How many listeners are subscribed (open poke streams). */
  subscribers(): number;
  /** Stops timers and the LISTEN connection. */
  close(): Promise<void>;
}

export interface NotifierLogger {
  warn(message: string): void;
}

/** Runs `fn` on the trailing edge, at most once per `intervalMs`. */
export class Coalescer {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => void,
  ) {}

  trigger(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.fn();
    }, this.intervalMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export interface NotifierOptions {
  store: StoreConfig;
  db: Kysely<Database>;
  intervalMs?: number;
  log?: NotifierLogger;
}

export function createChangeNotifier(options: NotifierOptions): ChangeNotifier {
  const intervalMs = options.intervalMs ?? DEFAULT_POKE_INTERVAL_MS;
  const listeners = new Set<() => void>();
  const emit = new Coalescer(intervalMs, () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        options.log?.warn(`A change listener failed: ${(error as Error).message}`);
      }
    }
  });
  const remote = options.store.kind === 'postgres' ? new PgChannel(options.store.url, options.store.schema, options.db, intervalMs, () => emit.trigger(), options.log) : null;

  return {
    notify() {
      emit.trigger();
      remote?.send();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribers: () => listeners.size,
    async close() {
      emit.close();
      listeners.clear();
      await remote?.close();
    },
  };
}

/** The application_name of a process's LISTEN connection for a schema ('' = default). */
export const listenerName = (schema: string | null): string => `fielddesk-listen:${schema ?? ''}`.slice(0, 63);

/** LISTEN/NOTIFY on CHANGES_CHANNEL, scoped to one schema, ignoring our own notifications. */
class PgChannel {
  private readonly instance = randomUUID();
  private readonly scope: string;
  private readonly sender: Coalescer;
  private client: pg.Client | null = null;
  private closed = false;
  private retryMs = 500;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Resolves once the first LISTEN is in place (or failed), so tests and starts can wait. */
  readonly ready: Promise<void>;

  constructor(
    private readonly url: string,
    schema: string | null,
    private readonly db: Kysely<Database>,
    intervalMs: number,
    private readonly onRemote: () => void,
    private readonly log?: NotifierLogger,
  ) {
    this.scope = schema ?? '';
    this.sender = new Coalescer(intervalMs, () => {
      sql`select pg_notify(${CHANGES_CHANNEL}, ${`${this.scope}|${this.instance}`})`.execute(this.db).catch((error: unknown) => {
        this.log?.warn(`Could not tell other FieldDesk processes about a change: ${(error as Error).message}`);
      });
    });
    this.ready = this.connect();
  }

  send(): void {
    this.sender.trigger();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    // Named so operators (and tests) can tell it apart in pg_stat_activity.
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000, application_name: listenerName(this.scope) });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
      const [scope, instance] = message.payload.split('|');
      if (scope === this.scope && instance !== this.instance) this.onRemote();
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.log?.warn(`Lost the PostgreSQL connection that listens for changes${error ? ` (${error.message})` : ''}; reconnecting in ${this.retryMs} ms.`);
      this.scheduleReconnect();
    };
    client.on('error', (error) => lost(error));
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.retryMs = 500;
      // Changes made while we were not listening: let local clients pull once.
      this.onRemote();
    } catch (error) {
      lost(error as Error);
    }
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sender.close();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
