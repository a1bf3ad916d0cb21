/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveJsonTrigger } from './shared';

/**
 * Consumables (common/entities/consumable.ts, consumable-movement.ts): the catalog, patched
 * offline and merged per field (field_revs), with its reorder rules as JSON; and the stock
 * movements, append-only, one row per movement: stock is their sum, never a stored count.
 * A movement keeps the site of each location it touches, which its scope reads; movements are
 * never updated, but the table has its scope-move trigger like every scoped table.
 */
export const consumables = (kind: StoreKind): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('consumables')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('manufacturer', 'text', (c) => c.notNull())
      .addColumn('part_number', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('reorder_rules', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consumables_rev_idx').on('consumables').column('rev').execute();

    await db.schema
      .createTable('consumable_movements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('item_id', 'text', (c) => c.notNull().references('consumables.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('quantity', 'bigint', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
      .addColumn('to_location_id', 'text', (c) => c.references('locations.id'))
      .addColumn('issued_to', 'text')
      .addColumn('direction', 'text')
      .addColumn('reason', 'text')
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
      .addColumn('to_site_id', 'text', (c) => c.references('sites.id'))
      .addColumn('author_id', 'text', (c) => c.references('persons.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consumable_movements_rev_idx').on('consumable_movements').column('rev').execute();
    await db.schema.createIndex('consumable_movements_item_idx').on('consumable_movements').column('item_id').execute();
    await db.schema.createIndex('consumable_movements_site_idx').on('consumable_movements').column('site_id').execute();
    await db.schema.createIndex('consumable_movements_to_site_idx').on('consumable_movements').column('to_site_id').execute();
    await createScopeMoveJsonTrigger(db, kind, { table: 'consumable_movements', entity: 'consumable_movement', columns: ['site_id', 'to_site_id'] });
  },
});
