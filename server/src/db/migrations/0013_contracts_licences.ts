/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Vendors, contracts and the assets they cover, software licences and their seats
 * (common/entities/vendor.ts, contract.ts, contract-asset.ts, licence.ts, licence-seat.ts).
 *
 * - vendors, contracts and licences are patched offline and merged per field (`field_revs`,
 *   as tasks); each has a `rev` index for pull.
 * - contract_assets: one row per (contract, asset), gone with either; scoped with its asset
 *   (child of it), so no scope column and no scope-move trigger of its own.
 * - licence_seats: one seat per (licence, target); the target is an asset or a person, so it
 *   has no foreign key (a seat of a person or asset removed since counts as given, as
 *   compliance counts it, until someone takes it back). Gone with its licence.
 * Every scope here is `everyone` or a parent's, so none reads a column of its own table and no
 * scope-move trigger is needed.
 * Money is integer cents (bigint), dates are calendar dates as text (YYYY-MM-DD), which sort.
 */
export const contractsLicences: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('vendors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('contact_name', 'text')
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('website', 'text')
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vendors_rev_idx').on('vendors').column('rev').execute();

    await db.schema
      .createTable('contracts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('support', 'lease', 'warranty', 'licence_agreement')`))
      .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('renewal', 'text', (c) => c.notNull().check(sql`renewal in ('none', 'tacit', 'express')`))
      .addColumn('notice_days', 'integer', (c) => c.notNull().check(sql`notice_days >= 0`))
      .addColumn('cost_cents', 'bigint', (c) => c.notNull().check(sql`cost_cents >= 0`))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('created_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addCheckConstraint('contracts_dates_check', sql`ends_on >= starts_on`)
      .execute();
    await db.schema.createIndex('contracts_rev_idx').on('contracts').column('rev').execute();
    await db.schema.createIndex('contracts_ends_idx').on('contracts').column('ends_on').execute();

    await db.schema
      .createTable('contract_assets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
      .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
      .addColumn('added_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('contract_assets_contract_asset_key', ['contract_id', 'asset_id'])
      .execute();
    await db.schema.createIndex('contract_assets_rev_idx').on('contract_assets').column('rev').execute();
    await db.schema.createIndex('contract_assets_asset_idx').on('contract_assets').column('asset_id').execute();

    await db.schema
      .createTable('licences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('publisher', 'text')
      .addColumn('seats', 'bigint', (c) => c.notNull().check(sql`seats >= 0`))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('per_device', 'per_user')`))
      .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
      .addColumn('contract_id', 'text', (c) => c.references('contracts.id'))
      .addColumn('product_key', 'text')
      .addColumn('purchased_on', 'text')
      .addColumn('expires_on', 'text')
      .addColumn('cost_cents', 'bigint', (c) => c.check(sql`cost_cents >= 0`))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('field_revs', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('licences_rev_idx').on('licences').column('rev').execute();

    await db.schema
      .createTable('licence_seats')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('licence_id', 'text', (c) => c.notNull().references('licences.id').onDelete('cascade'))
      .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('asset', 'person')`))
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('assigned_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('licence_seats_licence_target_key', ['licence_id', 'target_kind', 'target_id'])
      .execute();
    await db.schema.createIndex('licence_seats_rev_idx').on('licence_seats').column('rev').execute();
  },
};
