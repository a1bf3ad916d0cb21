/**
 * The references of the server-side metrics: the same rows, on the same store, through the
 * database driver alone — no Fastify, no Kysely, no FieldDesk code. A second connection to
 * the store the server uses (better-sqlite3 on the same file, with the server's pragmas; a
 * pg client on the same schema, with the server's int8 parsing), prepared statements only:
 *   readAsJson   every row of the given tables, in pages by rev (keyset, as pull pages),
 *                each page JSON.stringify'd — the least a pull of those rows costs
 *   updateRows   rows written back unchanged, n rows per transaction — the least a push of
 *                changes to those rows costs: SQLite (in process, no round trips) one prepared
 *                UPDATE … WHERE id per row; PostgreSQL (a round trip per statement) prepared
 *                multi-row INSERT … ON CONFLICT (id) DO UPDATE, as many rows per statement as
 *                the parameter limit allows
 * Measured while the server is idle, so the two never compete for the store.
 */
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { DB_FILE } from '../../server/src/db/datadir';
import type { StoreName } from './report';
import { PG_URL, type BenchStore } from './stores';

export type Row = Record<string, unknown>;

export interface RawStore {
  kind: StoreName;
  /** The rows of `table` with these ids, as the driver returns them (not timed). */
  rowsById(table: string, ids: readonly string[]): Promise<Row[]>;
  /** Writes `rows` back unchanged, `perTx` rows per transaction; answers each transaction's ms. */
  updateRows(table: string, rows: readonly Row[], perTx: number): Promise<number[]>;
  /** Reads every row of `tables` in keyset pages of `pageSize` by rev and serializes each page as JSON. */
  readAsJson(tables: readonly string[], pageSize: number): Promise<{ ms: number; records: number; bytes: number }>;
  close(): Promise<void>;
}

/** The SQLite file of a bench store (server/src/db/datadir.ts DB_FILE in the data directory). */
export function sqliteFile(store: BenchStore): string {
  if (store.store.kind !== 'sqlite') throw new Error('Not a SQLite store.');
  return path.join(store.store.dataDir, DB_FILE);
}

/** A better-sqlite3 connection with the pragmas of server/src/db/database.ts. */
export function openSqliteRaw(store: BenchStore): Sqlite.Database {
  const db = new Sqlite(sqliteFile(store), { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** JSON objects and arrays go to the driver as text (the stores keep JSON in text columns). */
function param(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return value;
  return JSON.stringify(value);
}

function sqliteRaw(store: BenchStore): RawStore {
  const db = openSqliteRaw(store);
  const updates = new Map<string, Sqlite.Statement>();
  const updateFor = (table: string, columns: string[]) => {
    const key = `${table}\u0000${columns.join(',')}`;
    let stmt = updates.get(key);
    if (!stmt) {
      stmt = db.prepare(`update ${quote(table)} set ${columns.map((c) => `${quote(c)} = ?`).join(', ')} where id = ?`);
      updates.set(key, stmt);
    }
    return stmt;
  };
  return {
    kind: 'sqlite',
    async rowsById(table, ids) {
      const out: Row[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        out.push(...(db.prepare(`select * from ${quote(table)} where id in (${chunk.map(() => '?').join(',')})`).all(...chunk) as Row[]));
      }
      return out;
    },
    async updateRows(table, rows, perTx) {
      const first = rows[0];
      if (!first) return [];
      const columns = Object.keys(first).filter((c) => c !== 'id');
      const stmt = updateFor(table, columns);
      const writeAll = db.transaction((batch: readonly Row[]) => {
        for (const row of batch) stmt.run(...columns.map((c) => param(row[c])), row.id);
      });
      const times: number[] = [];
      for (let i = 0; i < rows.length; i += perTx) {
        const batch = rows.slice(i, i + perTx);
        const started = performance.now();
        writeAll.immediate(batch);
        times.push(performance.now() - started);
      }
      return times;
    },
    async readAsJson(tables, pageSize) {
      return readPagesAsJson(tables, pageSize, (table) => {
        const page = db.prepare(`select * from ${quote(table)} where rev > ? order by rev limit ?`);
        return async (cursor) => page.all(cursor, pageSize) as Row[];
      });
    },
    async close() {
      db.close();
    },
  };
}

async function postgresRaw(store: BenchStore): Promise<RawStore> {
  if (store.store.kind !== 'postgres') throw new Error('Not a PostgreSQL store.');
  const client = new pg.Client({
    connectionString: PG_URL,
    ...(store.store.schema ? { options: `-c search_path=${store.store.schema}` } : {}),
    // As the server: int8 (revs, counts) as numbers.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  await client.connect();
  let statements = 0;
  const names = new Map<string, string>();
  /** A named (server-side prepared) statement: parsed and planned once per connection. */
  const named = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `fdbench_ref_${++statements}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    kind: 'postgres',
    async rowsById(table, ids) {
      const { rows } = await client.query<Row>(`select * from ${quote(table)} where id = any($1)`, [ids]);
      return rows;
    },
    async updateRows(table, rows, perTx) {
      const first = rows[0];
      if (!first) return [];
      // Over a socket the limit is one round trip per statement, not per row: each transaction
      // writes its rows with multi-row upserts (as many rows per statement as parameters allow).
      const columns = Object.keys(first);
      const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
      const statementFor = (n: number) => {
        const values = Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        const sets = columns.filter((c) => c !== 'id').map((c) => `${quote(c)} = excluded.${quote(c)}`);
        const text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${values} on conflict (id) do update set ${sets.join(', ')}`;
        return { name: named(text), text };
      };
      const times: number[] = [];
      for (let i = 0; i < rows.length; i += perTx) {
        const batch = rows.slice(i, i + perTx);
        const started = performance.now();
        await client.query('begin');
        try {
          for (let k = 0; k < batch.length; k += perStatement) {
            const part = batch.slice(k, k + perStatement);
            await client.query({ ...statementFor(part.length), values: part.flatMap((row) => columns.map((c) => param(row[c]))) });
          }
          await client.query('commit');
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        }
        times.push(performance.now() - started);
      }
      return times;
    },
    async readAsJson(tables, pageSize) {
      return readPagesAsJson(tables, pageSize, (table) => {
        const text = `select * from ${quote(table)} where rev > $1 order by rev limit $2`;
        const name = named(text);
        return async (cursor) => (await client.query<Row>({ name, text, values: [cursor, pageSize] })).rows;
      });
    },
    async close() {
      await client.end();
    },
  };
}

/** A raw connection to the store the bench server runs on. */
export async function openRawStore(store: BenchStore): Promise<RawStore> {
  return store.store.kind === 'sqlite' ? sqliteRaw(store) : postgresRaw(store);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/**
 * The raw pull reference's loop, one store's page query aside: every table read by rev in pages
 * of `pageSize`, each page turned into JSON as the server's pull does.
 */
async function readPagesAsJson(
  tables: readonly string[],
  pageSize: number,
  pageQuery: (table: string) => (cursor: number) => Promise<Row[]>,
): Promise<{ ms: number; records: number; bytes: number }> {
  let records = 0;
  let bytes = 0;
  const started = performance.now();
  for (const table of tables) {
    const page = pageQuery(table);
    let cursor = 0;
    for (;;) {
      const rows = await page(cursor);
      if (rows.length === 0) break;
      bytes += JSON.stringify(rows).length;
      records += rows.length;
      cursor = Number(rows[rows.length - 1]!.rev);
      if (rows.length < pageSize) break;
    }
  }
  return { ms: performance.now() - started, records, bytes };
}
