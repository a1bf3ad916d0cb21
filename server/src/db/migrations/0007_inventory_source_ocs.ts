/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { rebuildSqliteTables } from './shared';

/** The CHECK on inventory sources before this migration, and after it. */
const OLD_SOURCES = `source in ('fielddesk', 'glpi_agent', 'fusioninventory')`;
const NEW_SOURCES = `source in ('fielddesk', 'glpi_agent', 'fusioninventory', 'ocsinventory')`;

/**
 * Inventories from OCS Inventory NG's agent are recorded as such (source 'ocsinventory'), not
 * as FusionInventory's: asset_inventories and inventory_documents accept the new source.
 * SQLite cannot alter a CHECK constraint: its two tables are rebuilt.
 */
export function ocsSource(kind: StoreKind): Migration {
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
