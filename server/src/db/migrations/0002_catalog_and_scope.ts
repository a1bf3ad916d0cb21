/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveTrigger, type ScopeKeys } from './shared';

/**
 * Which columns decide who may see a record, per synced table: when an UPDATE changes one
 * of them, a trigger writes the old values to `scope_moves` (rev = the row's new rev), so
 * pull can tell users who could see the record before, and not now, to delete it
 * (sync/scope.ts). Triggers catch every writer (push, seed, future endpoints) on both engines.
 */
const SCOPE_KEYS: ScopeKeys[] = [
  { table: 'tickets', entity: 'ticket', columns: { group_id: 'old_group_id', site_id: 'old_site_id' } },
  { table: 'assets', entity: 'asset', columns: { site_id: 'old_site_id' } },
  { table: 'configuration_items', entity: 'configuration_item', columns: { site_id: 'old_site_id' } },
  { table: 'knowledge_articles', entity: 'knowledge_article', columns: { published: 'old_published', author_id: 'old_author_id' } },
  { table: 'changes', entity: 'change', columns: { window_start: 'old_window_start', window_end: 'old_window_end' } },
];

/**
 * The CMDB, knowledge base, change and attachment tables (common/domain/entities.ts), and the
 * scope bookkeeping: `scope_moves` (records leaving or entering a scope, written by the
 * scope_move triggers of SCOPE_KEYS) and `persons.scope_version` (bumped by triggers when a
 * person's site, role or groups change, so pull can tell a replica built for the old scope to
 * start over).
 */
export function catalogAndScope(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('configuration_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('ci_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('asset_id', 'text', (c) => c.references('assets.id'))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('configuration_items_rev_idx').on('configuration_items').column('rev').execute();
      await db.schema.createIndex('configuration_items_site_rev_idx').on('configuration_items').columns(['site_id', 'rev']).execute();
      await db.schema.createIndex('configuration_items_asset_idx').on('configuration_items').column('asset_id').execute();
      await db.schema.createIndex('assets_site_rev_idx').on('assets').columns(['site_id', 'rev']).execute();

      await db.schema
        .createTable('knowledge_articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull()) // JSON array of strings
        .addColumn('published', 'integer', (c) => c.notNull().check(sql`published in (0, 1)`))
        .addColumn('author_id', 'text', (c) => c.references('persons.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('knowledge_articles_rev_idx').on('knowledge_articles').column('rev').execute();

      await db.schema
        .createTable('changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('risk', 'text', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('window_end', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('owner_id', 'text', (c) => c.references('persons.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('changes_rev_idx').on('changes').column('rev').execute();
      await db.schema.createIndex('changes_window_start_idx').on('changes').column('window_start').execute();
      await db.schema.createIndex('changes_window_end_idx').on('changes').column('window_end').execute();

      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('uploaded', 'integer', (c) => c.notNull().defaultTo(0).check(sql`uploaded in (0, 1)`))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_rev_idx').on('attachments').column('rev').execute();
      await db.schema.createIndex('attachments_ticket_idx').on('attachments').column('ticket_id').execute();
      await db.schema.createIndex('attachments_sha256_idx').on('attachments').column('sha256').execute();

      await db.schema
        .createTable('scope_moves')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('old_group_id', 'text')
        .addColumn('old_site_id', 'text')
        .addColumn('old_published', 'integer')
        .addColumn('old_author_id', 'text')
        .addColumn('old_window_start', 'text')
        .addColumn('old_window_end', 'text')
        .execute();
      await db.schema.createIndex('scope_moves_rev_idx').on('scope_moves').column('rev').execute();

      await db.schema.alterTable('persons').addColumn('scope_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();

      for (const spec of SCOPE_KEYS) await createScopeMoveTrigger(db, kind, spec);

      const bump = (id: string) => `update persons set scope_version = scope_version + 1 where id = ${id}`;
      if (kind === 'sqlite') {
        await sql
          .raw(
            `create trigger persons_scope_version after update of site_id, role on persons when OLD.site_id IS NOT NEW.site_id OR OLD.role IS NOT NEW.role begin ${bump('NEW.id')}; end`,
          )
          .execute(db);
        await sql.raw(`create trigger person_groups_added_scope after insert on person_groups begin ${bump('NEW.person_id')}; end`).execute(db);
        await sql.raw(`create trigger person_groups_removed_scope after delete on person_groups begin ${bump('OLD.person_id')}; end`).execute(db);
      } else {
        await sql
          .raw(`create function persons_scope_version() returns trigger language plpgsql as $$ begin NEW.scope_version := OLD.scope_version + 1; return NEW; end $$`)
          .execute(db);
        await sql
          .raw(
            `create trigger persons_scope_version before update on persons for each row when (OLD.site_id IS DISTINCT FROM NEW.site_id OR OLD.role IS DISTINCT FROM NEW.role) execute function persons_scope_version()`,
          )
          .execute(db);
        await sql
          .raw(
            `create function person_groups_scope() returns trigger language plpgsql as $$ begin if TG_OP = 'DELETE' then ${bump('OLD.person_id')}; else ${bump('NEW.person_id')}; end if; return null; end $$`,
          )
          .execute(db);
        await sql.raw(`create trigger person_groups_scope after insert or delete on person_groups for each row execute function person_groups_scope()`).execute(db);
      }
    },
  };
}
