/**
 * Multi-row INSERT (optionally upsert) for the push hot path, compiled by hand: Kysely
 * builds one syntax node per value, which for a 1,000-ticket batch (23,000 values) costs
 * more than the database's own work. Table and column names come from our code only;
 * every value is a bound parameter ('?' on SQLite, '$n' on PostgreSQL).
 *
 * On SQLite, statements are cut into power-of-two row counts (512, 256, …, 1), so only a
 * handful of distinct statement texts exist per table and a statement cache can reuse them;
 * PostgreSQL gets the fewest statements (each one is a round trip).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { StoreKind } from '../db/database';
import type { Database } from '../db/types';

/** Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface BulkInsert<Row> {
  table: keyof Database & string;
  columns: readonly (keyof Row & string)[];
  rows: readonly Row[];
  /** Upsert: on a clash on this column, overwrite every other column. */
  onConflictUpdate?: keyof Row & string;
}

/** How many rows each statement takes (see the module comment). */
export function statementSizes(rows: number, perStatement: number, kind: StoreKind): number[] {
  const sizes: number[] = [];
  let left = rows;
  if (kind === 'postgres') {
    for (; left > 0; left -= Math.min(left, perStatement)) sizes.push(Math.min(left, perStatement));
    return sizes;
  }
  let largest = 1;
  while (largest * 2 <= perStatement) largest *= 2;
  for (let size = largest; left > 0; size = Math.max(1, size / 2)) {
    while (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

export async function bulkInsert<Row extends object>(db: Kysely<Database>, kind: StoreKind, spec: BulkInsert<Row>): Promise<void> {
  const { table, columns, rows, onConflictUpdate } = spec;
  if (rows.length === 0) return;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const sizes = statementSizes(rows.length, perStatement, kind);
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const tail = onConflictUpdate
    ? ` on conflict (${quote(onConflictUpdate)}) do update set ${columns
        .filter((c) => c !== onConflictUpdate)
        .map((c) => `${quote(c)} = excluded.${quote(c)}`)
        .join(', ')}`
    : '';
  let start = 0;
  for (const size of sizes) {
    const part = rows.slice(start, start + size);
    start += size;
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const row of part) {
      const marks: string[] = [];
      for (const column of columns) {
        parameters.push((row as Record<string, unknown>)[column] ?? null);
        marks.push(kind === 'postgres' ? `$${parameters.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await db.executeQuery(CompiledQuery.raw(head + tuples.join(', ') + tail, parameters));
  }
}
