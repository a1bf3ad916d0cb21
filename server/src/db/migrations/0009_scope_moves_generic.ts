/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveJsonTrigger, type ScopeJsonKeys } from './shared';

/**
 * The scope columns of each table that had a scope_move trigger before this migration
 * (migrations 0002, 0004, 0005), as they were then: written out here, not read from today's
 * declarations, so this migration never changes.
 */
const SCOPE_KEYS: ScopeJsonKeys[] = [
  { table: 'tickets', entity: 'ticket', columns: ['group_id', 'site_id'] },
  { table: 'assets', entity: 'asset', columns: ['site_id'] },
  { table: 'configuration_items', entity: 'configuration_item', columns: ['site_id'] },
  { table: 'knowledge_articles', entity: 'knowledge_article', columns: ['published', 'author_id'] },
  { table: 'changes', entity: 'change', columns: ['window_start', 'window_end'] },
  { table: 'tasks', entity: 'task', columns: ['group_id', 'site_id', 'assignee_id'] },
  { table: 'asset_inventories', entity: 'asset_inventory', columns: ['site_id'] },
];

/** Every `old_<column>` column scope_moves had (0002, and old_assignee_id from 0004). */
const OLD_COLUMNS = ['group_id', 'site_id', 'published', 'author_id', 'window_start', 'window_end', 'assignee_id'];

/**
 * `scope_moves` keeps a moved record's old scope values as one JSON object, `old_scope`
 * ({<table column>: <old value>}), instead of one `old_<column>` column per scope column of any
 * table: a new entity's scope columns then need no new column here, only its trigger
 * (createScopeMoveJsonTrigger in ./shared.ts). The rows already there get their old values
 * from their old_* columns (those of their entity's table; a row of no known entity keeps all
 * of them), the triggers are made again to write old_scope, and the old_* columns are dropped
 * (on SQLite after the triggers that named them: DROP COLUMN refuses a column a trigger uses).
 */
export function scopeMovesGeneric(kind: StoreKind): Migration {
  const object = (columns: readonly string[]) => {
    const pairs = columns.map((c) => `'${c}', old_${c}`).join(', ');
    return kind === 'sqlite' ? `json_object(${pairs})` : `json_build_object(${pairs})::text`;
  };
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('scope_moves').addColumn('old_scope', 'text').execute();
      for (const { entity, columns } of SCOPE_KEYS) {
        await sql.raw(`update scope_moves set old_scope = ${object(columns)} where entity = '${entity}'`).execute(db);
      }
      await sql.raw(`update scope_moves set old_scope = ${object(OLD_COLUMNS)} where old_scope is null`).execute(db);

      for (const { table } of SCOPE_KEYS) {
        const name = `${table}_scope_move`;
        if (kind === 'sqlite') {
          await sql.raw(`drop trigger if exists ${name}`).execute(db);
        } else {
          await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
          await sql.raw(`drop function if exists ${name}()`).execute(db);
        }
      }
      // SQLite alters one column per statement.
      for (const column of OLD_COLUMNS) await db.schema.alterTable('scope_moves').dropColumn(`old_${column}`).execute();

      for (const keys of SCOPE_KEYS) await createScopeMoveJsonTrigger(db, kind, keys);
    },
  };
}
