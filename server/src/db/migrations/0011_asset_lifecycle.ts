/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { takeRev } from './shared';

/**
 * The asset lifecycle (common/assets/): asset models; on assets, the kind, the model, the
 * lifecycle state and substate instead of the old status, who has it (`checked_out_to`),
 * money (vendor, purchase date and cost, warranty end, the order line it came from) and
 * notes, with per-field merge state (`field_revs`) since assets are now patched; asset
 * history events; check-outs.
 *
 * Existing assets move to the states the old statuses mean (OLD_STATUS_TO_STATE, written
 * out here as SQL so that the migration never changes with the code): deployed → in use,
 * in repair → in maintenance, in stock → in stock and available. An asset assigned to a
 * person is checked out to them, with an open check-out record dated today; each asset gets
 * a new rev, so every replica pulls it in its new shape. Their history starts here.
 */
export function assetLifecycle(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('asset_models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('manufacturer', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('life_months', 'integer')
        .addColumn('warranty_months', 'integer')
        .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('asset_models_rev_idx').on('asset_models').column('rev').execute();

      const added: [string, 'text' | 'bigint', string | null][] = [
        ['kind', 'text', "'hardware'"],
        ['model_id', 'text', null],
        ['state', 'text', "'in_use'"],
        ['substate', 'text', null],
        ['checked_out_to', 'text', null],
        ['vendor_id', 'text', null],
        ['purchased_on', 'text', null],
        ['cost_cents', 'bigint', null],
        ['warranty_ends_on', 'text', null],
        ['order_line_id', 'text', null],
        ['notes', 'text', "''"],
        ['field_revs', 'text', "'{}'"],
      ];
      for (const [column, type, fallback] of added) {
        await db.schema
          .alterTable('assets')
          .addColumn(column, type, (c) => (fallback === null ? c : c.notNull().defaultTo(sql.raw(fallback))))
          .execute();
      }
      await db.schema.createIndex('assets_model_idx').on('assets').column('model_id').execute();

      await sql`update assets set state = case status
          when 'in_stock' then 'in_stock' when 'deployed' then 'in_use' when 'in_repair' then 'in_maintenance'
          when 'retired' then 'retired' when 'missing' then 'missing' else 'in_use' end,
        substate = case status when 'in_stock' then 'available' else null end`.execute(db);

      await db.schema
        .createTable('asset_checkouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('checked_out_on', 'text', (c) => c.notNull())
        .addColumn('expected_return_on', 'text')
        .addColumn('acceptance_required', 'integer', (c) => c.notNull())
        .addColumn('checked_out_at', 'text', (c) => c.notNull())
        .addColumn('checked_out_by_id', 'text', (c) => c.references('persons.id'))
        .addColumn('accepted_at', 'text')
        .addColumn('signature', 'text')
        .addColumn('signed_name', 'text')
        .addColumn('checked_in_at', 'text')
        .addColumn('checked_in_by_id', 'text', (c) => c.references('persons.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('asset_checkouts_rev_idx').on('asset_checkouts').column('rev').execute();
      await db.schema.createIndex('asset_checkouts_asset_idx').on('asset_checkouts').column('asset_id').execute();

      await db.schema
        .createTable('asset_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.references('persons.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('from_substate', 'text')
        .addColumn('to_state', 'text')
        .addColumn('to_substate', 'text')
        .addColumn('from_location_id', 'text')
        .addColumn('to_location_id', 'text')
        .addColumn('target', 'text')
        .addColumn('checkout_id', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('asset_events_rev_idx').on('asset_events').column('rev').execute();
      await db.schema.createIndex('asset_events_asset_idx').on('asset_events').column('asset_id').execute();

      // Assigned assets are checked out to their person; every asset gets a new rev.
      const now = new Date().toISOString();
      const rows = await db.selectFrom('assets').select(['id', 'assigned_to_id']).orderBy('rev').execute();
      for (const row of rows as { id: string; assigned_to_id: string | null }[]) {
        const rev = await takeRev(db, kind);
        if (row.assigned_to_id) {
          const target = JSON.stringify({ kind: 'person', id: row.assigned_to_id });
          await db
            .insertInto('asset_checkouts')
            .values({ id: randomUUID(), asset_id: row.id, target, checked_out_on: now.slice(0, 10), expected_return_on: null, acceptance_required: 0, checked_out_at: now, checked_out_by_id: null, accepted_at: null, signature: null, signed_name: null, checked_in_at: null, checked_in_by_id: null, rev })
            .execute();
          await db.updateTable('assets').set({ checked_out_to: target, state: 'in_use', substate: null, rev }).where('id', '=', row.id).execute();
        } else {
          await db.updateTable('assets').set({ rev }).where('id', '=', row.id).execute();
        }
      }
      await db.schema.alterTable('assets').dropColumn('status').execute();
    },
  };
}
