/**
 * BENCH_SQL_STATS=1: times every SQL statement the server runs in this process, to find
 * what bounds a metric without touching server code. Wraps better-sqlite3's statements
 * (all/get/run: the SQLite work itself, synchronous) and pg's Client#query (round trip,
 * including lock waits). reportSqlStats() prints the statements by total time to stderr.
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { log } from './report';

interface Stat {
  calls: number;
  ms: number;
  rows: number;
}
const stats = new Map<string, Stat>();
let installed = false;

/** One key per statement shape: parameter lists folded, whitespace squeezed. */
function shape(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\((?:\s*(?:\?|\$\d+)\s*,)+\s*(?:\?|\$\d+)\s*\)/g, '(?…)')
    .slice(0, 220);
}

function record(sql: string, ms: number, rows: number): void {
  const key = shape(sql);
  const s = stats.get(key) ?? { calls: 0, ms: 0, rows: 0 };
  s.calls++;
  s.ms += ms;
  s.rows += rows;
  stats.set(key, s);
}

export function sqlStatsEnabled(): boolean {
  return process.env.BENCH_SQL_STATS === '1';
}

export function installSqlStats(): void {
  if (installed || !sqlStatsEnabled()) return;
  installed = true;

  type Stmt = { source: string } & Record<'all' | 'get' | 'run', (...args: unknown[]) => unknown>;
  const proto = Sqlite.prototype as unknown as { prepare(this: unknown, sql: string): Stmt };
  const prepare = proto.prepare;
  let patched = false;
  proto.prepare = function (this: unknown, sql: string) {
    const stmt = prepare.call(this, sql);
    if (!patched) {
      patched = true;
      const sp = Object.getPrototypeOf(stmt) as Stmt;
      for (const name of ['all', 'get', 'run'] as const) {
        const original = sp[name];
        sp[name] = function (this: Stmt, ...args: unknown[]) {
          const started = performance.now();
          const result = original.apply(this, args);
          const rows = Array.isArray(result) ? result.length : 1;
          record(this.source, performance.now() - started, rows);
          return result;
        };
      }
    }
    return stmt;
  };

  const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
    const result = query.apply(this, args);
    if (text && result && typeof (result as Promise<unknown>).then === 'function') {
      const started = performance.now();
      (result as Promise<{ rowCount?: number; rows?: unknown[] }>).then(
        (r) => record(text, performance.now() - started, r?.rows?.length ?? 0),
        () => record(text, performance.now() - started, 0),
      );
    }
    return result;
  };
}

/** Prints the statements by total time (top `n`) and forgets them. */
export function reportSqlStats(label: string, n = 12): void {
  if (!installed) return;
  const all = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = all.reduce((t, [, s]) => t + s.ms, 0);
  log(`SQL time for ${label}: ${Math.round(total)} ms in ${all.reduce((t, [, s]) => t + s.calls, 0)} statements; top ${n}:`);
  for (const [sql, s] of all.slice(0, n)) {
    log(`  ${Math.round(s.ms).toString().padStart(7)} ms ${String(s.calls).padStart(6)}x ${String(s.rows).padStart(8)} rows  ${sql}`);
  }
  stats.clear();
}

export function resetSqlStats(): void {
  stats.clear();
}
