/**
 * licence_compliance_ms: compliance of the generated titles (`licence-data.ts`) over the
 * installs of the generated assets, on the server's stores (SQLite and PostgreSQL, with the
 * server's migrations, `lib/stores.ts` + `openStore`).
 *
 * Everything compliance reads is STORED as the server stores it: the people who hold devices
 * (`persons`), the devices with their holder (`assets.assigned_to_id`), the installs
 * (`software_installs`), the licences (`licences`) and their seats (`licence_seats`). Then, per
 * round and store:
 * - value: the server's own compliance (server/src/licences/compliance.ts `complianceFor`, what
 *   GET /api/licences/compliance answers, as an admin who counts every device): it reads the
 *   licences, seats, installs and holders and runs `licenceCompliance` over them;
 * - reference: one plain SQL `select name, publisher, count(distinct asset_id) from
 *   software_installs group by name, publisher`: the database alone counting the devices
 *   per spelling, the least any compliance count does over the same rows.
 * One warm-up of each, then `rounds` timed rounds, value and reference interleaved, the
 * order alternating; medians. The split (read, compute) is measured apart, on the same reads.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import { licenceCompliance, type ComplianceInput, type Licence, type SoftwareInstall, type TitleCompliance } from '@fielddesk/common/assets/compliance';
import { openStore, type Store } from '../../server/src/db/database';
import type { AssetTable, Database, LicenceSeatTable, LicenceTable, PersonTable } from '../../server/src/db/types';
import { complianceFor } from '../../server/src/licences/compliance';
import type { Viewer } from '../../server/src/sync/scope';
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

/** Who asks: an admin, who counts every device. */
const ADMIN: Viewer = { id: '00000000-0000-4000-8000-000000000001', role: 'admin', siteId: null, groupIds: [] };

async function load(store: Store, estate: LicenceEstate): Promise<void> {
  const at = new Date().toISOString();
  const personIds = [...new Set(estate.holders.values())];
  const personRows: Insertable<PersonTable>[] = personIds.map((id, i) => ({
    id,
    username: `licence-bench-${i}`,
    display_name: `Licence bench person ${i}`,
    email: `licence-bench-${i}@example.test`,
    role: 'requester',
    site_id: null,
    rev: 0,
  }));
  const licenceRows: Insertable<LicenceTable>[] = estate.licences.map((l) => ({
    id: l.id,
    name: l.name,
    publisher: l.publisher,
    seats: l.seats,
    kind: l.kind,
    vendor_id: null,
    contract_id: null,
    product_key: null,
    purchased_on: null,
    expires_on: null,
    cost_cents: null,
    currency: 'EUR',
    notes: '',
    created_at: at,
    updated_at: at,
    field_revs: '{}',
    rev: 0,
  }));
  // The generated estate may give one target two seats of a licence (drawn at random); the store keeps one.
  const seen = new Set<string>();
  const seatRows: Insertable<LicenceSeatTable>[] = [];
  for (const a of estate.assignments) {
    const key = `${a.licenceId}\u0000${a.target.kind}\u0000${a.target.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    seatRows.push({ id: randomUUID(), licence_id: a.licenceId, target_kind: a.target.kind, target_id: a.target.id, assigned_by_id: null, created_at: at, rev: 0 });
  }
  const assetRows: Insertable<AssetTable>[] = estate.assetIds.map((id, i) => ({
    id,
    tag: `LC-${String(i).padStart(6, '0')}`,
    serial: null,
    name: `Licence bench device ${i}`,
    model: null,
    manufacturer: null,
    type: 'laptop',
    state: 'in_use',
    substate: null,
    checked_out_to: null,
    vendor_id: null,
    purchased_on: null,
    cost_cents: null,
    warranty_ends_on: null,
    order_line_id: null,
    site_id: null,
    location_id: null,
    assigned_to_id: estate.holders.get(id) ?? null,
    uuid: null,
    inventoried_at: at,
    rev: 0,
  }));
  const db = store.db;
  await db.transaction().execute(async (trx) => {
    // Rows per statement from the row's width: SQLite allows 32,766 bound values per statement.
    const rowsPer = (rows: readonly object[]) => Math.max(1, Math.floor(30_000 / Math.max(1, Object.keys(rows[0] ?? {}).length)));
    for (let i = 0, n = rowsPer(personRows); i < personRows.length; i += n) await trx.insertInto('persons').values(personRows.slice(i, i + n)).execute();
    for (let i = 0, n = rowsPer(assetRows); i < assetRows.length; i += n) await trx.insertInto('assets').values(assetRows.slice(i, i + n)).execute();
    for (let i = 0, n = rowsPer(licenceRows); i < licenceRows.length; i += n) await trx.insertInto('licences').values(licenceRows.slice(i, i + n)).execute();
    for (let i = 0, n = rowsPer(seatRows); i < seatRows.length; i += n) await trx.insertInto('licence_seats').values(seatRows.slice(i, i + n)).execute();
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
 * What complianceFor reads, read the same way (for the split only): licences, seats, every
 * install (out of the driver already in `SoftwareInstall`'s shape) and the holders.
 */
async function readStored(db: Kysely<Database>): Promise<ComplianceInput> {
  const [licences, seats, installs, assets] = await Promise.all([
    db.selectFrom('licences').select(['id', 'name', 'publisher', 'seats', 'kind']).execute(),
    db.selectFrom('licence_seats').select(['licence_id', 'target_kind', 'target_id']).execute(),
    db.selectFrom('software_installs').select(['asset_id as assetId', 'name', 'version', 'publisher']).execute() as Promise<SoftwareInstall[]>,
    db.selectFrom('assets').select(['id', 'assigned_to_id']).execute(),
  ]);
  return {
    licences: licences.map((l) => ({ ...l, seats: Number(l.seats), kind: l.kind as Licence['kind'] })),
    assignments: seats.map((a) => ({ licenceId: a.licence_id, target: { kind: a.target_kind, id: a.target_id } })),
    installs,
    holders: new Map(assets.flatMap((a) => (a.assigned_to_id ? [[a.id, a.assigned_to_id] as const] : []))),
  };
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
      result = (await complianceFor(store.db, ADMIN)).titles;
      const done = performance.now();
      // The split, on the same stored rows: reading them as complianceFor does, then the rule alone.
      const input = await readStored(store.db);
      const read = performance.now();
      licenceCompliance(input);
      const computed = performance.now();
      return { readMs: read - done, computeMs: computed - read, totalMs: done - started };
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
      log(`  round ${i + 1}: complianceFor ${Math.round(v.totalMs)} ms (apart: read ${Math.round(v.readMs)} ms, licenceCompliance ${Math.round(v.computeMs)} ms); reference ${Math.round(referenceMs)} ms`);
    }
    return { runs, installsStored, loadMs, result, referenceRows };
  } finally {
    await store.close();
  }
}
