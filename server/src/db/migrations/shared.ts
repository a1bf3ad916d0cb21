/** Helpers that several migrations use. Like the migrations themselves, change none that has shipped. */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely } from 'kysely';
import { PG_REV_SEQUENCE, type StoreKind } from '../kind';

/**
 * The columns that decide who may see the records of one synced table: when an UPDATE changes
 * one of them, the table's scope_move trigger (createScopeMoveTrigger) writes the old values
 * to `scope_moves`, in the columns named here (key: the table's column, value: the
 * scope_moves column for its old value).
 */
export interface ScopeKeys {
  table: string;
  entity: string;
  columns: Record<string, string>;
}

/** The `<table>_scope_move` trigger of one table (see ScopeKeys), on either engine. */
export async function createScopeMoveTrigger(db: Kysely<any>, kind: StoreKind, { table, entity, columns }: ScopeKeys): Promise<void> {
  const keys = Object.keys(columns);
  const olds = Object.values(columns);
  const name = `${table}_scope_move`;
  const insert = `insert into scope_moves (entity, id, rev, ${olds.join(', ')}) values ('${entity}', NEW.id, NEW.rev, ${keys.map((k) => `OLD.${k}`).join(', ')})`;
  if (kind === 'sqlite') {
    const when = keys.map((k) => `OLD.${k} IS NOT NEW.${k}`).join(' OR ');
    await sql.raw(`create trigger ${name} after update of ${keys.join(', ')} on ${table} when ${when} begin ${insert}; end`).execute(db);
  } else {
    const when = keys.map((k) => `OLD.${k} IS DISTINCT FROM NEW.${k}`).join(' OR ');
    await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${insert}; return null; end $$`).execute(db);
    await sql.raw(`create trigger ${name} after update on ${table} for each row when (${when}) execute function ${name}()`).execute(db);
  }
}

/**
 * One rev of the change sequence, for a row a migration writes (outside store.write): moves
 * the committed high-water mark too, so every replica's next pull picks the row up.
 */
export async function takeRev(db: Kysely<any>, kind: StoreKind): Promise<number> {
  if (kind === 'postgres') {
    const { rows } = await sql<{ rev: string | number }>`select nextval(${PG_REV_SEQUENCE}::regclass) as rev`.execute(db);
    const rev = Number(rows[0]?.rev);
    await db.updateTable('change_sequence').set({ last_rev: rev }).where('id', '=', 1).execute();
    return rev;
  }
  await db.updateTable('change_sequence').set({ last_rev: sql`last_rev + 1` }).where('id', '=', 1).execute();
  const row = await db.selectFrom('change_sequence').select('last_rev').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.last_rev);
}

/**
 * Rebuilds SQLite tables whose definition must change in a way ALTER TABLE cannot make (a
 * CHECK or NOT NULL constraint), after SQLite's ALTER TABLE page: each table is made again
 * from its own recorded SQL as `edit` changes it, its rows copied, the old one dropped and the
 * new one renamed; its indexes, and the triggers that name it, are dropped and made again.
 * Foreign keys are off during a migration run (migrateToLatest), so dropping a parent table
 * neither cascades into nor is refused by the tables that reference it.
 */
export async function rebuildSqliteTables(db: Kysely<any>, tables: string[], edit: (table: string, create: string) => string): Promise<void> {
  type Entry = { type: string; name: string; tbl_name: string; sql: string | null };
  const schema = (await sql<Entry>`select type, name, tbl_name, sql from sqlite_master`.execute(db)).rows;
  const mentions = (text: string | null) => text !== null && tables.some((t) => new RegExp(`\\b${t}\\b`).test(text));
  const triggers = schema.filter((e) => e.type === 'trigger' && mentions(e.sql));
  for (const trigger of triggers) await sql.raw(`drop trigger ${trigger.name}`).execute(db);
  for (const table of tables) {
    const create = schema.find((e) => e.type === 'table' && e.name === table)?.sql;
    if (!create) throw new Error(`table ${table} does not exist`);
    const indexes = schema.filter((e) => e.type === 'index' && e.tbl_name === table && e.sql !== null);
    const rebuilt = edit(table, create).replace(/^create table "?\w+"?/i, `create table "${table}_rebuilt"`);
    await sql.raw(rebuilt).execute(db);
    await sql.raw(`insert into ${table}_rebuilt select * from ${table}`).execute(db);
    await sql.raw(`drop table ${table}`).execute(db);
    await sql.raw(`alter table ${table}_rebuilt rename to ${table}`).execute(db);
    for (const index of indexes) await sql.raw(index.sql!).execute(db);
  }
  for (const trigger of triggers) await sql.raw(trigger.sql!).execute(db);
}

/**
 * The columns that decide who may see the records of one synced table, for
 * createScopeMoveJsonTrigger: the table's columns its declaration's scope rule reads (the
 * `scopeColumns` of the fields in common/entities/<entity>.ts), by their column names.
 */
export interface ScopeJsonKeys {
  table: string;
  entity: string;
  columns: readonly string[];
}

/**
 * The `<table>_scope_move` trigger of one table, on either engine, as every table has it since
 * migration 0009: when an UPDATE changes one of `columns`, it writes one `scope_moves` row at the
 * row's new rev, with the old values in `old_scope` as one JSON object {<column>: <old value>}
 * (SQLite json_object, PostgreSQL json_build_object as text; 0/1 flags stay numbers). Pull reads
 * them back by the declaration's scope columns (sync/scope.ts couldSeeBefore), so a new synced
 * entity whose records can leave a scope needs no new scope_moves column: the migration that
 * creates its table calls this, e.g.
 *
 *   await createScopeMoveJsonTrigger(db, kind, { table: 'widgets', entity: 'widget', columns: ['site_id'] });
 *
 * (To change a table's columns later: drop its trigger, and on PostgreSQL its function, both
 * named `<table>_scope_move`, then call this again.)
 */
export async function createScopeMoveJsonTrigger(db: Kysely<any>, kind: StoreKind, { table, entity, columns }: ScopeJsonKeys): Promise<void> {
  if (columns.length === 0) throw new Error(`the scope_move trigger of ${table} needs at least one column`);
  for (const name of [table, entity, ...columns]) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  }
  const name = `${table}_scope_move`;
  const pairs = columns.map((c) => `'${c}', OLD.${c}`).join(', ');
  const old = kind === 'sqlite' ? `json_object(${pairs})` : `json_build_object(${pairs})::text`;
  const insert = `insert into scope_moves (entity, id, rev, old_scope) values ('${entity}', NEW.id, NEW.rev, ${old})`;
  if (kind === 'sqlite') {
    const when = columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
    await sql.raw(`create trigger ${name} after update of ${columns.join(', ')} on ${table} when ${when} begin ${insert}; end`).execute(db);
  } else {
    const when = columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
    await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${insert}; return null; end $$`).execute(db);
    await sql.raw(`create trigger ${name} after update on ${table} for each row when (${when}) execute function ${name}()`).execute(db);
  }
}
