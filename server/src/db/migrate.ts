/**
 * Runs the schema migrations: Kysely's Migrator, at every start, on SQLite and PostgreSQL
 * alike. The migrations are declared in code, one module each in migrations/ named after its
 * key (imported, so no migration files ship next to the bundle).
 *
 * Add a migration as a new module in migrations/ and append its key ("0009_…") to
 * `migrationsFor`; never edit one that has shipped. Where the engines differ (the PostgreSQL
 * rev sequence), the migration asks which dialect it runs on.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { StoreKind } from './kind';
import { initial } from './migrations/0001_initial';
import { catalogAndScope } from './migrations/0002_catalog_and_scope';
import { syncConflicts } from './migrations/0003_sync_conflicts';
import { itsm } from './migrations/0004_itsm';
import { inventory } from './migrations/0005_inventory';
import { attachmentUploads } from './migrations/0006_attachment_uploads';
import { ocsSource } from './migrations/0007_inventory_source_ocs';
import { assetModelOptional } from './migrations/0008_asset_model_optional';
import { scopeMovesGeneric } from './migrations/0009_scope_moves_generic';
import { ciRelations } from './migrations/0010_ci_relations';
import { assetLifecycle } from './migrations/0011_asset_lifecycle';
import { consumables } from './migrations/0012_consumables';
import { contractsLicences } from './migrations/0013_contracts_licences';
import { purchaseOrders } from './migrations/0014_purchase_orders';
import { changeCis } from './migrations/0015_change_cis';
import { audits } from './migrations/0016_audits';
import { auditScanDetails } from './migrations/0017_audit_scan_details';
import { changes } from './migrations/0018_changes';
import { calendarFeeds } from './migrations/0019_calendar_feeds';

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
    '0009_scope_moves_generic': scopeMovesGeneric(kind),
    '0010_ci_relations': ciRelations,
    '0011_asset_lifecycle': assetLifecycle(kind),
    '0012_consumables': consumables(kind),
    '0013_contracts_licences': contractsLicences,
    '0014_purchase_orders': purchaseOrders(kind),
    '0015_change_cis': changeCis,
    '0016_audits': audits(kind),
    '0017_audit_scan_details': auditScanDetails,
    '0018_changes': changes(kind),
    '0019_calendar_feeds': calendarFeeds,
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

/** Runs `fn` holding PG_CATALOG_LOCK (on a connection of the pool's, for the lock's session). */
export async function withPgCatalogLock<T>(db: Kysely<any>, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(${PG_CATALOG_LOCK}))`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${PG_CATALOG_LOCK}))`.execute(conn);
    }
  });
}

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
  if (kind === 'postgres') return withPgCatalogLock(db, () => runMigrator(db, kind, schema));
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
