/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveJsonTrigger, takeRev } from './shared';

/**
 * Change and release management (issue 15, common/changes/):
 *
 * - `changes` gets its type, plans, people, release, review and per-field merge state
 *   (`field_revs`); the old states are renamed to the ITIL ones (draft → new, implementing →
 *   implement, completed → closed) and the risk "medium" to "moderate". Technicians now also see
 *   the changes they implement or own, whatever their date: the scope trigger watches
 *   assignee_id and owner_id too. Every change takes a new rev, so replicas pull it again.
 * - `change_events`: a change's history (moves between states, the approval's decision).
 * - `change_windows`: maintenance and freeze windows, once or recurring (an RRULE and a time zone).
 * - `releases` (numbered REL-…), `cab_meetings`.
 * - `approvals` (written by the server alone) and `approval_votes` (append-only); an approval's
 *   record is a change or a ticket, so `record_id` has no foreign key.
 */
export const changes = (kind: StoreKind): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('window_end', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('persons.id'))
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('releases_rev_idx').on('releases').column('rev').execute();

    const text = (name: string) => (t: any) => t.addColumn(name, 'text', (c: any) => c.notNull().defaultTo(''));
    const columns: ((t: any) => any)[] = [
      (t) => t.addColumn('type', 'text', (c: any) => c.notNull().defaultTo('normal')),
      text('reason'),
      text('category'),
      (t) => t.addColumn('risk_answers', 'text', (c: any) => c.notNull().defaultTo('{}')),
      text('risk_why'),
      (t) => t.addColumn('downtime_minutes', 'integer'),
      text('implementation_plan'),
      text('backout_plan'),
      text('test_plan'),
      (t) => t.addColumn('assignee_id', 'text', (c: any) => c.references('persons.id')),
      (t) => t.addColumn('group_id', 'text', (c: any) => c.references('groups.id')),
      (t) => t.addColumn('template_id', 'text'),
      (t) => t.addColumn('release_id', 'text', (c: any) => c.references('releases.id')),
      (t) => t.addColumn('outcome', 'text'),
      text('review_notes'),
      (t) => t.addColumn('problem_id', 'text', (c: any) => c.references('tickets.id')),
      text('created_at'),
      text('updated_at'),
      (t) => t.addColumn('field_revs', 'text', (c: any) => c.notNull().defaultTo('{}')),
    ];
    // SQLite alters one column per statement.
    for (const add of columns) await add(db.schema.alterTable('changes')).execute();
    await sql`update changes set status = case status when 'draft' then 'new' when 'implementing' then 'implement' when 'completed' then 'closed' else status end`.execute(db);
    await sql`update changes set risk = 'moderate' where risk = 'medium'`.execute(db);
    await sql`update changes set created_at = window_start, updated_at = window_start, outcome = case when status = 'closed' then 'succeeded' else null end`.execute(db);
    // Every change gets a new rev, so every replica pulls it in its new shape (before the scope
    // trigger is made again: no scope moved).
    for (const row of await db.selectFrom('changes').select('id').orderBy('rev').execute()) {
      await db.updateTable('changes').set({ rev: await takeRev(db, kind) }).where('id', '=', row.id).execute();
    }
    await db.schema.createIndex('changes_assignee_idx').on('changes').column('assignee_id').execute();
    await db.schema.createIndex('changes_release_idx').on('changes').column('release_id').execute();
    if (kind === 'sqlite') {
      await sql.raw('drop trigger if exists changes_scope_move').execute(db);
    } else {
      await sql.raw('drop trigger if exists changes_scope_move on changes').execute(db);
      await sql.raw('drop function if exists changes_scope_move()').execute(db);
    }
    await createScopeMoveJsonTrigger(db, kind, { table: 'changes', entity: 'change', columns: ['window_start', 'window_end', 'assignee_id', 'owner_id'] });

    await db.schema
      .createTable('change_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('change_id', 'text', (c) => c.notNull().references('changes.id').onDelete('cascade'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text', (c) => c.notNull())
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.references('persons.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('change_events_rev_idx').on('change_events').column('rev').execute();
    await db.schema.createIndex('change_events_change_idx').on('change_events').column('change_id').execute();

    await db.schema
      .createTable('change_windows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('enforcement', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('rrule', 'text')
      .addColumn('ci_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('service_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('site_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('change_windows_rev_idx').on('change_windows').column('rev').execute();

    await db.schema
      .createTable('cab_meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('rrule', 'text')
      .addColumn('agenda', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cab_meetings_rev_idx').on('cab_meetings').column('rev').execute();

    await db.schema
      .createTable('approvals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('record_label', 'text', (c) => c.notNull())
      .addColumn('site_id', 'text', (c) => c.references('sites.id'))
      .addColumn('rule_label', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.references('groups.id'))
      .addColumn('quorum', 'text', (c) => c.notNull())
      .addColumn('approver_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('manager_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('requester_id', 'text', (c) => c.references('persons.id'))
      .addColumn('allow_self_approval', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('approvals', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rejections', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('needed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('decided_at', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('approvals_rev_idx').on('approvals').column('rev').execute();
    await db.schema.createIndex('approvals_record_idx').on('approvals').column('record_id').execute();
    await createScopeMoveJsonTrigger(db, kind, { table: 'approvals', entity: 'approval', columns: ['group_id', 'requester_id', 'site_id'] });

    await db.schema
      .createTable('approval_votes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('approval_id', 'text', (c) => c.notNull().references('approvals.id').onDelete('cascade'))
      .addColumn('voter_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('choice', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('cast_at', 'text', (c) => c.notNull())
      .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('site_id', 'text', (c) => c.references('sites.id'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('approval_votes_rev_idx').on('approval_votes').column('rev').execute();
    await db.schema.createIndex('approval_votes_approval_idx').on('approval_votes').column('approval_id').execute();
  },
});
