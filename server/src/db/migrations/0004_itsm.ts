/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { StoreKind } from '../kind';
import { createScopeMoveTrigger, takeRev, type ScopeKeys } from './shared';

/**
 * The priority the default ITSM matrix gives each impact and urgency, inverted: the impact
 * and urgency this migration gives an existing ticket of a priority, so the matrix
 * (common/itsm/config.ts priorityFor) agrees with the priority it already has. Frozen here:
 * a later change of DEFAULT_ITSM_CONFIG must not change what this migration did.
 */
const LEVELS_OF_PRIORITY: Record<number, [impact: number, urgency: number]> = { 1: [1, 1], 2: [1, 2], 3: [2, 2], 4: [2, 3], 5: [3, 3] };

/** A task's scope: its group, site and assignee (see the scope bookkeeping of 0002_catalog_and_scope). */
const TASK_SCOPE_KEYS: ScopeKeys = {
  table: 'tasks',
  entity: 'task',
  columns: { group_id: 'old_group_id', site_id: 'old_site_id', assignee_id: 'old_assignee_id' },
};

/**
 * Problems, tasks, ticket links, ticket history and the ITSM configuration:
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
 *   tombstone), ticket_events (the history the server writes when it applies a change),
 *   itsm_config (one row: the configuration as JSON, from DEFAULT_ITSM_CONFIG, at a new rev
 *   so every replica pulls it);
 * - tasks are visible like tickets (their group or site) or to their assignee, so their
 *   scope_move trigger keeps old group, site and assignee (scope_moves.old_assignee_id);
 * - the KB counter starts after the highest KB number already given (the demo seed numbers
 *   its articles itself).
 */
export function itsm(kind: StoreKind): Migration {
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
