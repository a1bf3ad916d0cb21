/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveJsonTrigger } from './shared';

/**
 * On-site asset audits (issue 14; common/entities/audit*.ts, common/audits/records.ts):
 *
 * - `audits`: the plan, merged per field (field_revs); its scope lists, summary and signature
 *   as JSON/text; numbered AUD-0001… (ticket_counters kind "audit");
 * - `audit_expected`: the snapshot fixed when an audit starts, one row per expected asset
 *   (up to 50,000 an audit), unique per (audit, asset);
 * - `audit_scans`: append-only scans; `asset_id` has no foreign key (it is what the device
 *   named, kept as sent, and merging checks it against the snapshot); `holder_confirmed` is
 *   JSON text (true, false or null: not asked);
 * - `audit_events`: the audit's history (start, close, cancel);
 * - `assets.last_audited_on`: the day of the last closed audit that saw the asset.
 *
 * The three tables scoped by their own site_id get the scope-move trigger, as every scoped
 * table does (a site never changes on them; the trigger keeps the rule uniform).
 */
export const audits = (kind: StoreKind): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('assets').addColumn('last_audited_on', 'text').execute();

    await db.schema
      .createTable('audits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
      .addColumn('location_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('kinds', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('auditor_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('due_on', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('started_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('closed_at', 'text')
      .addColumn('closed_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('expected_count', 'integer')
      .addColumn('summary', 'text')
      .addColumn('signature', 'text')
      .addColumn('signed_name', 'text')
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audits_rev_idx').on('audits').column('rev').execute();
    await db.schema.createIndex('audits_site_idx').on('audits').column('site_id').execute();
    await createScopeMoveJsonTrigger(db, kind, { table: 'audits', entity: 'audit', columns: ['site_id'] });

    await db.schema
      .createTable('audit_expected')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('audit_id', 'text', (c) => c.notNull().references('audits.id').onDelete('cascade'))
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('serial', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text')
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('audit_expected_audit_asset_key', ['audit_id', 'asset_id'])
      .execute();
    await db.schema.createIndex('audit_expected_rev_idx').on('audit_expected').column('rev').execute();
    await createScopeMoveJsonTrigger(db, kind, { table: 'audit_expected', entity: 'audit_expected', columns: ['site_id'] });

    await db.schema
      .createTable('audit_scans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('audit_id', 'text', (c) => c.notNull().references('audits.id').onDelete('cascade'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
      .addColumn('auditor_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text')
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('move', 'text')
      .addColumn('condition', 'text')
      .addColumn('holder_confirmed', 'text')
      .addColumn('photo_sha256', 'text')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_scans_rev_idx').on('audit_scans').column('rev').execute();
    await db.schema.createIndex('audit_scans_audit_idx').on('audit_scans').column('audit_id').execute();
    await createScopeMoveJsonTrigger(db, kind, { table: 'audit_scans', entity: 'audit_scan', columns: ['site_id'] });

    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('audit_id', 'text', (c) => c.notNull().references('audits.id').onDelete('cascade'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.references('persons.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_events_rev_idx').on('audit_events').column('rev').execute();
    await db.schema.createIndex('audit_events_audit_idx').on('audit_events').column('audit_id').execute();
  },
});
