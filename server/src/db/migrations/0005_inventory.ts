/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { createScopeMoveTrigger } from './shared';

/**
 * Hardware and software inventory:
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
export function inventory(kind: StoreKind): Migration {
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
