/**
 * Opens the server's store: SQLite (better-sqlite3, in the data directory) or PostgreSQL
 * (pg Pool), wrapped in one Kysely<Database>, migrated to the latest schema.
 *
 * All writes that change synced records go through `store.write(fn)`: one transaction in
 * which `tx.nextRev()` hands out revs from the global change sequence. Writers are
 * serialized (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock),
 * so revs commit in increasing order and a pull by cursor can never skip a change that
 * commits late. `change_sequence.last_rev` is the committed high-water mark pulls read.
 *
 * Inside `write`, use `tx.db` only: on SQLite, `store.db` waits for the connection the
 * transaction holds.
 */
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { PostgresStoreConfig, SqliteStoreConfig, StoreConfig } from '../config';
import { postgresTarget } from '../config';
import { StartupError } from '../errors';
import { prepareDataDir } from './datadir';
import { PG_REV_SEQUENCE, type StoreKind } from './kind';
import { migrateToLatest } from './migrate';
import type { Database } from './types';

export type { StoreKind };

export interface WriteTx {
  db: Kysely<Database>;
  /** The next rev of the global change sequence, for one written record. */
  nextRev(): Promise<number>;
}

export interface Store {
  kind: StoreKind;
  db: Kysely<Database>;
  /** "SQLite at /path/fielddesk.sqlite" or "PostgreSQL at host:port/db". */
  label: string;
  /**
   * Runs fn in one serialized write transaction (see the module comment). `beforeLock`, if
   * given, runs first in the same transaction but before the writer lock is taken (on
   * PostgreSQL; SQLite's BEGIN IMMEDIATE locks at once): for statements whose correctness
   * does not rest on the writer lock (e.g. ones serialized by a row lock of their own), so
   * other writers wait for fewer round trips. It must not hand out revs.
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>, beforeLock?: (db: Kysely<Database>) => Promise<void>): Promise<T>;
  /** The highest committed rev: everything at or below it is visible to readers. */
  currentRev(): Promise<number>;
  close(): Promise<void>;
}

async function readCurrentRev(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('change_sequence').select('last_rev').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.last_rev);
}

function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries fn while another process holds SQLite's write lock (e.g. two servers starting at once). */
async function retryWhileBusy<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const code = errorCode(error) ?? errorCode((error as { cause?: unknown })?.cause);
      if (i >= attempts || !code?.startsWith('SQLITE_BUSY')) throw error;
      await sleep(50 + Math.floor(Math.random() * 200));
    }
  }
}

function openSqliteFile(file: string, fresh: boolean): Sqlite.Database {
  let raw: Sqlite.Database;
  try {
    raw = new Sqlite(file, { fileMustExist: !fresh });
  } catch (error) {
    throw new StartupError(`Cannot open the database ${file}: ${(error as Error).message}.`);
  }
  try {
    raw.pragma('busy_timeout = 5000');
    const check = raw.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      throw new StartupError(
        `The database ${file} failed its integrity check (${problems.slice(0, 3).join('; ')}). FieldDesk will not repair or reset it on its own: restore it from a backup.`,
      );
    }
    const mode = raw.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new StartupError(`Cannot switch ${file} to WAL mode (it stayed in "${String(mode)}" mode).`);
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
  } catch (error) {
    raw.close();
    if (error instanceof StartupError) throw error;
    const code = errorCode(error);
    if (code === 'SQLITE_CORRUPT') {
      throw new StartupError(
        `The database ${file} is damaged (${(error as Error).message}). FieldDesk will not repair or reset it on its own: restore it from a backup.`,
      );
    }
    if (code === 'SQLITE_NOTADB') {
      throw new StartupError(
        `${file} is not a readable SQLite database (${(error as Error).message}). FieldDesk will not overwrite it: restore it from a backup, or move it away if the directory is wrong.`,
      );
    }
    throw new StartupError(`Cannot use the database ${file}: ${(error as Error).message}.`);
  }
  return raw;
}

/** How many prepared statements the SQLite statement cache keeps (least recently used go first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 behind Kysely with a statement cache: Kysely's SqliteDialect prepares every
 * query anew, which costs several per cent of the CPU of a busy server. A statement is
 * reused only when it is not busy (a statement still iterating a stream gets a fresh one);
 * SQLite re-prepares a cached statement by itself when the schema changed.
 */
function withStatementCache(raw: Sqlite.Database, size = STATEMENT_CACHE_SIZE): { prepare(sql: string): Sqlite.Statement; close(): void } {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached) {
        if (!cached.busy) {
          // Most recently used last.
          cache.delete(text);
          cache.set(text, cached);
          return cached;
        }
        return raw.prepare(text);
      }
      const stmt = raw.prepare(text);
      cache.set(text, stmt);
      if (cache.size > size) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return stmt;
    },
    close() {
      cache.clear();
      raw.close();
    },
  };
}

async function openSqlite(config: SqliteStoreConfig): Promise<Store> {
  const { dbFile, fresh, release } = await prepareDataDir(config);
  let raw: Sqlite.Database;
  try {
    raw = openSqliteFile(dbFile, fresh);
  } finally {
    release();
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  try {
    await retryWhileBusy(() => migrateToLatest(db, 'sqlite'));
  } catch (error) {
    await db.destroy();
    throw new StartupError(`Cannot prepare the database ${dbFile}: ${(error as Error).message}`);
  }

  const write = <T>(fn: (tx: WriteTx) => Promise<T>, beforeLock?: (db: Kysely<Database>) => Promise<void>): Promise<T> =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        if (beforeLock) await beforeLock(conn);
        const start = await readCurrentRev(conn);
        let last = start;
        const result = await fn({ db: conn, nextRev: async () => ++last });
        if (last !== start) await conn.updateTable('change_sequence').set({ last_rev: last }).where('id', '=', 1).execute();
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });

  return {
    kind: 'sqlite',
    db,
    label: `SQLite at ${dbFile}`,
    write,
    currentRev: () => readCurrentRev(db),
    close: () => db.destroy(),
  };
}

/** pg returns int8 (counts, bigint revs) as strings by default; revs fit in a JS number. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function describePgError(error: unknown, target: string): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return `Cannot reach PostgreSQL at ${target} (${code ?? message}). Check that the server runs and FIELDDESK_DATABASE_URL names the right host and port.`;
  }
  if (code === '28P01' || code === '28000') return `PostgreSQL at ${target} refused the login (${message}). Check the user and password in FIELDDESK_DATABASE_URL.`;
  if (code === '3D000') return `PostgreSQL at ${target}: ${message}. Create the database first, or fix its name in FIELDDESK_DATABASE_URL.`;
  return `Cannot use PostgreSQL at ${target}: ${message}`;
}

async function openPostgres(config: PostgresStoreConfig): Promise<Store> {
  const target = postgresTarget(config.url);
  const pool = new pg.Pool({
    connectionString: config.url,
    connectionTimeoutMillis: 5000,
    max: 10,
    types: pgTypes,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StartupError(describePgError(error, target));
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, 'postgres', config.schema);
  } catch (error) {
    await db.destroy();
    throw new StartupError(`Cannot prepare the PostgreSQL database at ${target}: ${(error as Error).message}`);
  }

  const write = <T>(fn: (tx: WriteTx) => Promise<T>, beforeLock?: (db: Kysely<Database>) => Promise<void>): Promise<T> =>
    db.transaction().execute(async (trx) => {
      if (beforeLock) await beforeLock(trx);
      // One writer per schema at a time, so revs commit in order (see the module comment).
      // Every statement under this lock makes the next writer wait, so the lock and the first
      // rev come in one statement (the subquery runs first: volatile, never pulled up) and the
      // sequence and the high-water mark move in another. Revs after the first are counted
      // here; a writer that writes nothing leaves a gap in the revs, which is harmless.
      const { rows } = await sql<{ rev: number }>`select nextval(${PG_REV_SEQUENCE}::regclass) as rev
        from (select pg_advisory_xact_lock(hashtext('fielddesk-writer:' || current_schema()))) as locked`.execute(trx);
      const first = Number(rows[0]?.rev);
      if (!Number.isSafeInteger(first)) throw new Error(`The rev sequence ${PG_REV_SEQUENCE} returned ${String(rows[0]?.rev)} instead of a number.`);
      let last = first - 1;
      const result = await fn({ db: trx, nextRev: async () => ++last });
      if (last >= first) {
        await sql`with moved as (select setval(${PG_REV_SEQUENCE}::regclass, ${last}) as rev)
          update change_sequence set last_rev = (select rev from moved) where id = 1`.execute(trx);
      }
      return result;
    });

  return {
    kind: 'postgres',
    db,
    label: `PostgreSQL at ${target}${config.schema ? ` (schema ${config.schema})` : ''}`,
    write,
    currentRev: () => readCurrentRev(db),
    close: () => db.destroy(),
  };
}

export async function openStore(config: StoreConfig): Promise<Store> {
  return config.kind === 'sqlite' ? openSqlite(config) : openPostgres(config);
}
