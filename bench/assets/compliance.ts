/**
 * licence_compliance_ms: compliance of the generated titles (`licence-data.ts`) over the
 * installs of the generated assets, on the server's stores (SQLite and PostgreSQL, with the
 * server's migrations, `lib/stores.ts` + `openStore`).
 *
 * The installs go into the real `software_installs` table (their `assets` rows first: the
 * foreign key). Then, per round and store:
 * - value: read every install from `software_installs` (asset_id, name, version, publisher,
 *   through the store's Kysely as the server reads) and run `licenceCompliance` over them
 *   with the generated licences, assignments and holders;
 * - reference: one plain SQL `select name, publisher, count(distinct asset_id) from
 *   software_installs group by name, publisher`: the database alone counting the devices
 *   per spelling, the least any compliance count does over the same rows.
 * One warm-up of each, then `rounds` timed rounds, value and reference interleaved, the
 * order alternating; medians.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { licenceCompliance, type SoftwareInstall, type TitleCompliance } from '@fielddesk/common/assets/compliance';
import { openStore, type Store } from '../../server/src/db/database';
import type { AssetTable, Database } from '../../server/src/db/types';
import { log, type StoreName } from '../lib/report';
import { newStore } from '../lib/stores';
import type { LicenceEstate } from './licence-data';

export interface ComplianceRun {
  readMs: number;
  computeMs: number;
  totalMs: number;
  referenceMs: number;
}

export interface ComplianceMeasure {
  runs: ComplianceRun[];
  installsStored: number;
  loadMs: number;
  /** What the last round computed, to check it and print a summary. */
  result: TitleCompliance[];
  referenceRows: number;
}

/** Rows per insert statement: SQLite allows 32,766 parameters, 4 per install. */
const SQLITE_CHUNK = 5000;
/** PostgreSQL: one unnest statement per chunk of arrays. */
const PG_CHUNK = 50_000;

async function load(store: Store, estate: LicenceEstate): Promise<void> {
  const at = new Date().toISOString();
  const assetRows: Insertable<AssetTable>[] = estate.assetIds.map((id, i) => ({
    id,
    tag: `LC-${String(i).padStart(6, '0')}`,
    serial: null,
    name: `Licence bench device ${i}`,
    model: null,
    manufacturer: null,
    type: 'laptop',
    status: 'deployed',
    site_id: null,
    location_id: null,
    assigned_to_id: null,
    uuid: null,
    inventoried_at: at,
    rev: 0,
  }));
  const db = store.db;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < assetRows.length; i += 2000) await trx.insertInto('assets').values(assetRows.slice(i, i + 2000)).execute();
    const installs = estate.installs;
    if (store.kind === 'postgres') {
      for (let i = 0; i < installs.length; i += PG_CHUNK) {
        const part = installs.slice(i, i + PG_CHUNK);
        await sql`insert into software_installs (asset_id, name, version, publisher)
          select * from unnest(${part.map((r) => r.assetId)}::text[], ${part.map((r) => r.name)}::text[], ${part.map((r) => r.version)}::text[], ${part.map((r) => r.publisher)}::text[])`.execute(trx);
      }
    } else {
      for (let i = 0; i < installs.length; i += SQLITE_CHUNK) {
        const part = installs.slice(i, i + SQLITE_CHUNK);
        await trx
          .insertInto('software_installs')
          .values(part.map((r) => ({ asset_id: r.assetId, name: r.name, version: r.version, publisher: r.publisher })))
          .execute();
      }
    }
  });
  // As a server's database would be: statistics up to date (PostgreSQL's autovacuum, SQLite's optimize).
  await sql`analyze`.execute(db);
}

/**
 * Every install, with the columns compliance needs, as the server reads them: the rows come
 * out of the driver already in `SoftwareInstall`'s shape (asset_id aliased), so no second
 * object is made per row.
 */
function readInstalls(db: Kysely<Database>): Promise<SoftwareInstall[]> {
  return db.selectFrom('software_installs').select(['asset_id as assetId', 'name', 'version', 'publisher']).execute();
}

async function reference(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ name: string; publisher: string | null; devices: number }>`select name, publisher, count(distinct asset_id) as devices from software_installs group by name, publisher`.execute(db);
  return rows.length;
}

export async function measureCompliance(kind: StoreName, estate: LicenceEstate, rounds: number): Promise<ComplianceMeasure> {
  const bench = await newStore(kind);
  const store = await openStore(bench.store);
  try {
    const loadStarted = performance.now();
    await load(store, estate);
    const loadMs = performance.now() - loadStarted;
    const { count } = await store.db.selectFrom('software_installs').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const installsStored = Number(count);
    log(`licence_compliance_ms ${kind}: ${estate.assetIds.length} assets and ${installsStored} installs stored in ${Math.round(loadMs)} ms`);

    let result: TitleCompliance[] = [];
    let referenceRows = 0;
    const value = async (): Promise<Omit<ComplianceRun, 'referenceMs'>> => {
      const started = performance.now();
      const installs = await readInstalls(store.db);
      const read = performance.now();
      result = licenceCompliance({ licences: estate.licences, assignments: estate.assignments, installs, holders: estate.holders });
      const done = performance.now();
      return { readMs: read - started, computeMs: done - read, totalMs: done - started };
    };
    const ref = async (): Promise<number> => {
      const started = performance.now();
      referenceRows = await reference(store.db);
      return performance.now() - started;
    };

    await value();
    await ref();
    const runs: ComplianceRun[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always follows the other's garbage.
      let v: Omit<ComplianceRun, 'referenceMs'>;
      let referenceMs: number;
      if (i % 2 === 0) {
        v = await value();
        referenceMs = await ref();
      } else {
        referenceMs = await ref();
        v = await value();
      }
      runs.push({ ...v, referenceMs });
      log(`  round ${i + 1}: read ${Math.round(v.readMs)} + compute ${Math.round(v.computeMs)} = ${Math.round(v.totalMs)} ms; reference ${Math.round(referenceMs)} ms`);
    }
    return { runs, installsStored, loadMs, result, referenceRows };
  } finally {
    await store.close();
  }
}
