/**
 * Schema migrations, declared in code (no migration files to ship next to the bundle)
 * and run by Kysely's Migrator at every start, on SQLite and PostgreSQL alike.
 *
 * Add a migration by appending a new key ("0002_…") to `migrationsFor`; never edit
 * one that has shipped. Where the engines differ (the PostgreSQL rev sequence), the
 * migration asks which dialect it runs on.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { StoreKind } from './database';

/** The rev sequence used on PostgreSQL (SQLite counts in change_sequence instead). */
export const PG_REV_SEQUENCE = 'fielddesk_rev_seq';

function initial(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('change_sequence')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('last_rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('change_sequence').values({ id: 1, last_rev: 0 }).execute();
      if (kind === 'postgres') await sql`create sequence ${sql.id(PG_REV_SEQUENCE)} as bigint minvalue 1`.execute(db);

      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('locations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('persons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('technician', 'agent', 'admin', 'requester')`))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('person_groups')
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('person_groups_pk', ['person_id', 'group_id'])
        .execute();

      await db.schema
        .createTable('credentials')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('salt', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('r', 'integer', (c) => c.notNull())
        .addColumn('p', 'integer', (c) => c.notNull())
        .addColumn('key_len', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('client', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_person_idx').on('sessions').column('person_id').execute();
      await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('first_failure_at', 'bigint', (c) => c.notNull())
        .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .execute();

      await db.schema
        .createTable('tickets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.references('persons.id'))
        .addColumn('assignee_id', 'text', (c) => c.references('persons.id'))
        .addColumn('group_id', 'text', (c) => c.references('groups.id'))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('location_id', 'text', (c) => c.references('locations.id'))
        .addColumn('on_hold_reason', 'text')
        .addColumn('resolution_code', 'text')
        .addColumn('resolution_notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('field_revs', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tickets_rev_idx').on('tickets').column('rev').execute();
      await db.schema.createIndex('tickets_group_rev_idx').on('tickets').columns(['group_id', 'rev']).execute();
      await db.schema.createIndex('tickets_site_rev_idx').on('tickets').columns(['site_id', 'rev']).execute();
      await db.schema.createIndex('tickets_assignee_idx').on('tickets').column('assignee_id').execute();

      await db.schema
        .createTable('worklogs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('worklogs_rev_idx').on('worklogs').column('rev').execute();
      await db.schema.createIndex('worklogs_ticket_idx').on('worklogs').column('ticket_id').execute();

      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tag', 'text', (c) => c.notNull().unique())
        .addColumn('serial', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('manufacturer', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('location_id', 'text', (c) => c.references('locations.id'))
        .addColumn('assigned_to_id', 'text', (c) => c.references('persons.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assets_rev_idx').on('assets').column('rev').execute();
      await db.schema.createIndex('assets_serial_idx').on('assets').column('serial').execute();

      for (const table of ['sites', 'locations', 'groups', 'persons']) {
        await db.schema.createIndex(`${table}_rev_idx`).on(table).column('rev').execute();
      }

      await db.schema
        .createTable('ticket_counters')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sync_clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sync_ops')
        .addColumn('client_id', 'text', (c) => c.notNull().references('sync_clients.client_id'))
        .addColumn('op_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_ops_pk', ['client_id', 'op_id'])
        .execute();

      await db.schema
        .createTable('tombstones')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tombstones_pk', ['entity', 'id'])
        .execute();
      await db.schema.createIndex('tombstones_rev_idx').on('tombstones').column('rev').execute();
    },
  };
}

/**
 * 0003: every push conflict, kept server-side for audit (sync/apply.ts). One row per
 * clashing field of an op; values are JSON text.
 */
const syncConflicts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sync_conflicts')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('op_id', 'text', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('local_value', 'text', (c) => c.notNull())
      .addColumn('server_value', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_conflicts_pk', ['client_id', 'op_id', 'field'])
      .execute();
    await db.schema.createIndex('sync_conflicts_record_idx').on('sync_conflicts').columns(['entity', 'record_id']).execute();
  },
};

/**
 * Which columns decide who may see a record, per synced table: when an UPDATE changes one
 * of them, a trigger writes the old values to `scope_moves` (rev = the row's new rev), so
 * pull can tell users who could see the record before, and not now, to delete it
 * (sync/scope.ts). Triggers catch every writer (push, seed, future endpoints) on both engines.
 */
const SCOPE_KEYS: { table: string; entity: string; columns: Record<string, string> }[] = [
  { table: 'tickets', entity: 'ticket', columns: { group_id: 'old_group_id', site_id: 'old_site_id' } },
  { table: 'assets', entity: 'asset', columns: { site_id: 'old_site_id' } },
  { table: 'configuration_items', entity: 'configuration_item', columns: { site_id: 'old_site_id' } },
  { table: 'knowledge_articles', entity: 'knowledge_article', columns: { published: 'old_published', author_id: 'old_author_id' } },
  { table: 'changes', entity: 'change', columns: { window_start: 'old_window_start', window_end: 'old_window_end' } },
];

type ScopeKeys = (typeof SCOPE_KEYS)[number];

/** The `<table>_scope_move` trigger of one table (see SCOPE_KEYS), on either engine. */
async function createScopeMoveTrigger(db: Kysely<any>, kind: StoreKind, { table, entity, columns }: ScopeKeys): Promise<void> {
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
 * 0002: the CMDB, knowledge base, change and attachment tables (common/domain/entities.ts),
 * and the scope bookkeeping: `scope_moves` (records leaving or entering a scope) and
 * `persons.scope_version` (bumped by triggers when a person's site, role or groups change,
 * so pull can tell a replica built for the old scope to start over).
 */
function catalogAndScope(kind: StoreKind): Migration {
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

/**
 * The priority the default matrix of issue 4 gives each impact and urgency, inverted: the
 * impact and urgency migration 0004 gives an existing ticket of a priority, so the matrix
 * (common/itsm/config.ts priorityFor) agrees with the priority it already has. Frozen here:
 * a later change of DEFAULT_ITSM_CONFIG must not change what this migration did.
 */
const LEVELS_OF_PRIORITY: Record<number, [impact: number, urgency: number]> = { 1: [1, 1], 2: [1, 2], 3: [2, 2], 4: [2, 3], 5: [3, 3] };

/**
 * 0004, issue 4 (problems, tasks, links, history, configuration):
 * - tickets: impact, urgency, subcategory, responded_at, sla_holds (JSON array of
 *   {from, to}), catalog_item_id, problem_id (an incident's problem), root_cause,
 *   workaround, known_error (0/1). Existing tickets get impact/urgency that the default
 *   matrix maps to their priority, and responded_at when they have left "new" (the earlier
 *   of updated_at and resolved_at: the best bound the old schema kept);
 * - worklogs.visibility ('internal' | 'public'; existing worklogs are internal);
 * - knowledge_articles: source_ticket_id, created_at (existing articles: their updated_at),
 *   field_revs (as tickets', for the per-field merge of article patches);
 * - tasks (numbered TASK-nnnn, merged per field like tickets: field_revs), ticket_links
 *   (unique per ticket and target, which also serves lookups by ticket; a delete writes a
 *   tombstone), ticket_events (the
 *   history the server writes when it applies a change), itsm_config (one row: the
 *   configuration as JSON, from DEFAULT_ITSM_CONFIG, at a new rev so every replica pulls it);
 * - tasks are visible like tickets (their group or site) or to their assignee, so their
 *   scope_move trigger keeps old group, site and assignee (scope_moves.old_assignee_id);
 * - the KB counter starts after the highest KB number already given (the demo seed numbers
 *   its articles itself).
 */
function itsm(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      const flag = (name: string) => sql`${sql.ref(name)} in (0, 1)`;
      await db.schema.alterTable('tickets').addColumn('impact', 'integer', (c) => c.notNull().defaultTo(2)).execute();
      await db.schema.alterTable('tickets').addColumn('urgency', 'integer', (c) => c.notNull().defaultTo(2)).execute();
      await db.schema.alterTable('tickets').addColumn('subcategory', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('tickets').addColumn('responded_at', 'text').execute();
      await db.schema.alterTable('tickets').addColumn('sla_holds', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      await db.schema.alterTable('tickets').addColumn('catalog_item_id', 'text').execute();
      await db.schema.alterTable('tickets').addColumn('problem_id', 'text', (c) => c.references('tickets.id')).execute();
      await db.schema.alterTable('tickets').addColumn('root_cause', 'text').execute();
      await db.schema.alterTable('tickets').addColumn('workaround', 'text').execute();
      await db.schema
        .alterTable('tickets')
        .addColumn('known_error', 'integer', (c) => c.notNull().defaultTo(0).check(flag('known_error')))
        .execute();
      await db.schema.createIndex('tickets_problem_idx').on('tickets').column('problem_id').execute();
      for (const [priority, [impact, urgency]] of Object.entries(LEVELS_OF_PRIORITY)) {
        await db.updateTable('tickets').set({ impact, urgency }).where('priority', '=', Number(priority)).execute();
      }
      await db
        .updateTable('tickets')
        .set({ responded_at: sql`case when resolved_at is not null and resolved_at < updated_at then resolved_at else updated_at end` })
        .where('status', '<>', 'new')
        .execute();

      await db.schema
        .alterTable('worklogs')
        .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('internal').check(sql`visibility in ('internal', 'public')`))
        .execute();

      await db.schema.alterTable('knowledge_articles').addColumn('source_ticket_id', 'text', (c) => c.references('tickets.id')).execute();
      // NOT NULL needs a default when the table has rows; every writer sets it, and PostgreSQL drops it below.
      await db.schema.alterTable('knowledge_articles').addColumn('created_at', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.updateTable('knowledge_articles').set({ created_at: sql`updated_at` }).execute();
      if (kind === 'postgres') await db.schema.alterTable('knowledge_articles').alterColumn('created_at', (c) => c.dropDefault()).execute();
      // Articles are patched offline too and merge per field like tickets ('{}': no field changed since creation).
      await db.schema.alterTable('knowledge_articles').addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}')).execute();

      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'cancelled')`))
        .addColumn('assignee_id', 'text', (c) => c.references('persons.id'))
        .addColumn('group_id', 'text', (c) => c.references('groups.id'))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('due_at', 'text')
        .addColumn('created_by_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('field_revs', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tasks_rev_idx').on('tasks').column('rev').execute();
      await db.schema.createIndex('tasks_ticket_idx').on('tasks').column('ticket_id').execute();
      await db.schema.createIndex('tasks_assignee_rev_idx').on('tasks').columns(['assignee_id', 'rev']).execute();
      await db.schema.createIndex('tasks_group_rev_idx').on('tasks').columns(['group_id', 'rev']).execute();
      await db.schema.createIndex('tasks_site_rev_idx').on('tasks').columns(['site_id', 'rev']).execute();

      await db.schema
        .createTable('ticket_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('target_entity', 'text', (c) => c.notNull().check(sql`target_entity in ('asset', 'configuration_item', 'knowledge_article')`))
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('ticket_links_target_unique', ['ticket_id', 'target_entity', 'target_id'])
        .execute();
      await db.schema.createIndex('ticket_links_rev_idx').on('ticket_links').column('rev').execute();
      await db.schema.createIndex('ticket_links_target_idx').on('ticket_links').columns(['target_entity', 'target_id']).execute();

      await db.schema
        .createTable('ticket_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('from_value', 'text')
        .addColumn('to_value', 'text')
        .addColumn('actor_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ticket_events_rev_idx').on('ticket_events').column('rev').execute();
      await db.schema.createIndex('ticket_events_ticket_idx').on('ticket_events').column('ticket_id').execute();

      await db.schema.alterTable('scope_moves').addColumn('old_assignee_id', 'text').execute();
      await createScopeMoveTrigger(db, kind, TASK_SCOPE_KEYS);

      await db.schema
        .createTable('itsm_config')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('itsm_config_rev_idx').on('itsm_config').column('rev').execute();
      const { id, rev: _rev, ...config } = DEFAULT_ITSM_CONFIG;
      await db.insertInto('itsm_config').values({ id, config: JSON.stringify(config), rev: await takeRev(db, kind) }).execute();

      // The KB counter continues after numbers given before it existed (KB-0042 -> 42).
      const numbers = await db.selectFrom('knowledge_articles').select('number').where('number', 'is not', null).execute();
      const highest = Math.max(0, ...numbers.map((r: { number: string }) => Number(/-(\d+)$/.exec(r.number)?.[1] ?? 0)));
      if (highest > 0) await db.insertInto('ticket_counters').values({ kind: 'knowledge_article', last_number: highest }).execute();
    },
  };
}

const TASK_SCOPE_KEYS: ScopeKeys = {
  table: 'tasks',
  entity: 'task',
  columns: { group_id: 'old_group_id', site_id: 'old_site_id', assignee_id: 'old_assignee_id' },
};

/**
 * One rev of the change sequence, for a row a migration writes (outside store.write): moves
 * the committed high-water mark too, so every replica's next pull picks the row up.
 */
async function takeRev(db: Kysely<any>, kind: StoreKind): Promise<number> {
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
 * 0005, issue 5 (inventory):
 * - assets: uuid (normalised), macs (JSON array, '[]' for existing assets), inventoried_at
 *   (null: never inventoried); lookups for the matching rules by upper(serial), uuid and
 *   lower(name) (expression indexes, so assets written by anyone are found), and by MAC
 *   through asset_macs (one row per normalised MAC, not a LIKE over JSON);
 * - asset_inventories: the latest inventory of each asset (the AssetInventory record, id =
 *   the asset's id), with the asset's site_id copied by a trigger whenever the asset moves
 *   (at the asset's new rev), and its own scope_move trigger, so it follows its asset's scope;
 * - inventory_documents: every inventory received, as received;
 * - software_installs: the software of each asset's latest inventory (compliance counts).
 */
function inventory(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('assets').addColumn('uuid', 'text').execute();
      await db.schema.alterTable('assets').addColumn('macs', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      await db.schema.alterTable('assets').addColumn('inventoried_at', 'text').execute();
      await db.schema.createIndex('assets_uuid_idx').on('assets').column('uuid').execute();
      await db.schema.createIndex('assets_serial_upper_idx').on('assets').expression(sql`upper(serial)`).execute();
      await db.schema.createIndex('assets_name_lower_idx').on('assets').expression(sql`lower(name)`).execute();

      await db.schema
        .createTable('asset_macs')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('mac', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('asset_macs_pk', ['mac', 'asset_id'])
        .execute();
      await db.schema.createIndex('asset_macs_asset_idx').on('asset_macs').column('asset_id').execute();

      await db.schema
        .createTable('asset_inventories')
        .addColumn('id', 'text', (c) => c.primaryKey().references('assets.id').onDelete('cascade'))
        .addColumn('configuration_item_id', 'text', (c) => c.references('configuration_items.id'))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('fielddesk', 'glpi_agent', 'fusioninventory')`))
        .addColumn('device_id', 'text')
        .addColumn('scanned_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('asset_inventories_rev_idx').on('asset_inventories').column('rev').execute();
      await db.schema.createIndex('asset_inventories_site_rev_idx').on('asset_inventories').columns(['site_id', 'rev']).execute();

      await db.schema
        .createTable('inventory_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('fielddesk', 'glpi_agent', 'fusioninventory')`))
        .addColumn('device_id', 'text')
        .addColumn('itemtype', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inventory_documents_asset_idx').on('inventory_documents').columns(['asset_id', 'received_at']).execute();

      await db.schema
        .createTable('software_installs')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('publisher', 'text')
        .execute();
      await db.schema.createIndex('software_installs_name_idx').on('software_installs').columns(['name', 'publisher']).execute();
      await db.schema.createIndex('software_installs_asset_idx').on('software_installs').column('asset_id').execute();

      // The inventory record follows its asset's site (and so its scope), at the asset's new rev.
      const follow = 'update asset_inventories set site_id = NEW.site_id, rev = NEW.rev where id = NEW.id';
      if (kind === 'sqlite') {
        await sql.raw(`create trigger assets_inventory_site after update of site_id on assets when OLD.site_id IS NOT NEW.site_id begin ${follow}; end`).execute(db);
      } else {
        await sql.raw(`create function assets_inventory_site() returns trigger language plpgsql as $$ begin ${follow}; return null; end $$`).execute(db);
        await sql
          .raw(`create trigger assets_inventory_site after update on assets for each row when (OLD.site_id IS DISTINCT FROM NEW.site_id) execute function assets_inventory_site()`)
          .execute(db);
      }
      await createScopeMoveTrigger(db, kind, { table: 'asset_inventories', entity: 'asset_inventory', columns: { site_id: 'old_site_id' } });
    },
  };
}

/**
 * 0006: who has uploaded which attachment file (server/src/attachments/ownership.ts). Files
 * are content-addressed and shared, so knowing a SHA-256 must not be enough to reach one:
 * an attachment record is tied to its file only when its author uploaded the bytes (proved
 * possession) or could already see a record whose file is held. Records held before this
 * migration keep their files: their authors count as the uploaders.
 */
const attachmentUploads: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('attachment_uploads')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
      .addColumn('uploaded_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('attachment_uploads_pk', ['sha256', 'person_id'])
      .execute();
    await sql`insert into attachment_uploads (sha256, person_id, uploaded_at)
      select sha256, author_id, min(created_at) from attachments where uploaded = 1 group by sha256, author_id`.execute(db);
  },
};

/**
 * Rebuilds SQLite tables whose definition must change in a way ALTER TABLE cannot make (a
 * CHECK or NOT NULL constraint), after SQLite's ALTER TABLE page: each table is made again
 * from its own recorded SQL as `edit` changes it, its rows copied, the old one dropped and the
 * new one renamed; its indexes, and the triggers that name it, are dropped and made again.
 * Foreign keys are off during a migration run (migrateToLatest), so dropping a parent table
 * neither cascades into nor is refused by the tables that reference it.
 */
async function rebuildSqliteTables(db: Kysely<any>, tables: string[], edit: (table: string, create: string) => string): Promise<void> {
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

const OLD_SOURCES = `source in ('fielddesk', 'glpi_agent', 'fusioninventory')`;
const NEW_SOURCES = `source in ('fielddesk', 'glpi_agent', 'fusioninventory', 'ocsinventory')`;

/**
 * 0007: inventories from OCS Inventory NG's agent are recorded as such (source
 * 'ocsinventory'), not as FusionInventory's. SQLite cannot alter a CHECK constraint: its two
 * tables are rebuilt.
 */
function ocsSource(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      const tables = ['asset_inventories', 'inventory_documents'];
      if (kind === 'postgres') {
        for (const table of tables) {
          await sql.raw(`alter table ${table} drop constraint ${table}_source_check`).execute(db);
          await sql.raw(`alter table ${table} add constraint ${table}_source_check check (${NEW_SOURCES})`).execute(db);
        }
        return;
      }
      await rebuildSqliteTables(db, tables, (table, create) => {
        if (!create.includes(OLD_SOURCES)) throw new Error(`table ${table} does not have the expected source check`);
        return create.replace(OLD_SOURCES, NEW_SOURCES);
      });
    },
  };
}

/**
 * 0008: an asset's model and manufacturer may be unknown (null), as an agent that reports
 * neither leaves them; they were NOT NULL, and such assets were given ''. Those '' become
 * null, each with a new rev so every replica pulls the corrected asset.
 */
function assetModelOptional(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      const columns = ['model', 'manufacturer'];
      if (kind === 'postgres') {
        for (const column of columns) await sql.raw(`alter table assets alter column ${column} drop not null`).execute(db);
      } else {
        await rebuildSqliteTables(db, ['assets'], (_table, create) => {
          let edited = create;
          for (const column of columns) {
            const required = `"${column}" text not null`;
            if (!edited.includes(required)) throw new Error(`table assets does not have the expected column ${required}`);
            edited = edited.replace(required, `"${column}" text`);
          }
          return edited;
        });
      }
      const blank = await db.selectFrom('assets').select('id').where((eb) => eb.or([eb('model', '=', ''), eb('manufacturer', '=', '')])).orderBy('rev').execute();
      for (const { id } of blank) {
        await db
          .updateTable('assets')
          .set({ model: sql`nullif(model, '')`, manufacturer: sql`nullif(manufacturer, '')`, rev: await takeRev(db, kind) })
          .where('id', '=', id)
          .execute();
      }
    },
  };
}

/** All migrations in order; the key is the name recorded in kysely_migration. */
export function migrationsFor(kind: StoreKind): Record<string, Migration> {
  return {
    '0001_initial': initial(kind),
    '0002_catalog_and_scope': catalogAndScope(kind),
    '0003_sync_conflicts': syncConflicts,
    '0004_itsm': itsm(kind),
    '0005_inventory': inventory(kind),
    '0006_attachment_uploads': attachmentUploads,
    '0007_inventory_source_ocs': ocsSource(kind),
    '0008_asset_model_optional': assetModelOptional(kind),
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: StoreKind) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.kind);
  }
}

/**
 * The advisory lock (a session lock, by this name's hash) every migration run on PostgreSQL
 * holds from start to end. Kysely takes its own lock only around the migrations themselves;
 * before that it looks up and creates its bookkeeping tables, which fails now and then while
 * another process changes the catalog ("schema does not exist", "column is_locked does not
 * exist"): several servers starting at once on one database, or tests creating and dropping
 * schemas (server/test/stores.ts takes the same lock for that).
 */
export const PG_CATALOG_LOCK = 'fielddesk-catalog';

/**
 * Brings the schema up to date; throws with the failing migration's name and cause.
 *
 * PostgreSQL: the whole run holds PG_CATALOG_LOCK, and Kysely's migrator runs every pending
 * migration in one transaction. SQLite: Kysely takes no lock and no transaction there, so two servers
 * starting at once on one database would both run a migration (and the second fail with
 * "duplicate column"); the whole run is one BEGIN IMMEDIATE transaction instead, which the
 * second server waits for (or gets SQLITE_BUSY and retries: database.ts), then finds nothing
 * left to do. A failing migration leaves the schema as it was.
 */
export async function migrateToLatest(db: Kysely<any>, kind: StoreKind, schema: string | null = null): Promise<string[]> {
  if (kind === 'postgres') {
    return db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext(${PG_CATALOG_LOCK}))`.execute(conn);
      try {
        return await runMigrator(db, kind, schema);
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${PG_CATALOG_LOCK}))`.execute(conn);
      }
    });
  }
  return db.connection().execute(async (conn) => {
    // Foreign keys off for the run (SQLite ignores the pragma inside a transaction), so a table
    // can be rebuilt (rebuildSqliteTables); before the commit, every reference must still hold.
    await sql`pragma foreign_keys = off`.execute(conn);
    await sql`begin immediate`.execute(conn);
    try {
      const applied = await runMigrator(conn, kind, schema);
      const broken = (await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(conn)).rows;
      if (broken.length > 0) {
        const first = broken[0]!;
        throw new Error(`Database migration left ${broken.length} broken reference(s), e.g. from ${first.table} to ${first.parent}`);
      }
      await sql`commit`.execute(conn);
      return applied;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    } finally {
      await sql`pragma foreign_keys = on`.execute(conn);
    }
  });
}

async function runMigrator(db: Kysely<any>, kind: StoreKind, schema: string | null): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in a named schema; with a custom search_path, name it.
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider(kind), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
