/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveJsonTrigger } from './shared';

/**
 * Purchase orders (common/entities/purchase-order.ts, purchase-order-line.ts, order-receipt.ts):
 * orders and their lines are patched offline and merged per field (`field_revs`); receipts are
 * written once. One receipt per line (a unique index, behind the push handler's own check, so
 * two technicians receiving the same line offline never both make its assets). An order's scope
 * reads its site, hence its scope-move trigger; lines and receipts follow their order.
 */
export const purchaseOrders = (kind: StoreKind): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('purchase_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
      .addColumn('ordered_on', 'text', (c) => c.notNull())
      .addColumn('expected_on', 'text')
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('created_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('purchase_orders_rev_idx').on('purchase_orders').column('rev').execute();
    await db.schema.createIndex('purchase_orders_site_idx').on('purchase_orders').column('site_id').execute();
    await createScopeMoveJsonTrigger(db, kind, { table: 'purchase_orders', entity: 'purchase_order', columns: ['site_id'] });

    await db.schema
      .createTable('purchase_order_lines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
      .addColumn('model_id', 'text', (c) => c.references('asset_models.id'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 500`))
      .addColumn('unit_cost_cents', 'bigint', (c) => c.notNull().check(sql`unit_cost_cents >= 0`))
      .addColumn('tag_pattern', 'text')
      .addColumn('field_revs', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('purchase_order_lines_rev_idx').on('purchase_order_lines').column('rev').execute();
    await db.schema.createIndex('purchase_order_lines_order_idx').on('purchase_order_lines').column('order_id').execute();

    await db.schema
      .createTable('order_receipts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
      .addColumn('line_id', 'text', (c) => c.notNull().references('purchase_order_lines.id'))
      .addColumn('asset_ids', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.references('locations.id'))
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('received_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('order_receipts_rev_idx').on('order_receipts').column('rev').execute();
    await db.schema.createIndex('order_receipts_order_idx').on('order_receipts').column('order_id').execute();
    await db.schema.createIndex('order_receipts_line_key').on('order_receipts').column('line_id').unique().execute();
    await db.schema.createIndex('assets_order_line_idx').on('assets').column('order_line_id').execute();
  },
});
