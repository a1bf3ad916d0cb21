/**
 * Bulk-seeds benchmark records straight into the server's database with Kysely: tickets,
 * assets and (where the schema has them) configuration items, all in the scope of one
 * technician (their site and group), so a pull as that technician sees every one.
 *
 * Revs come from the server's own allocator: each chunk is one `store.write` transaction
 * and every row takes `tx.nextRev()`, exactly like a server write, so the change sequence
 * and the pull high-water mark stay consistent.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { Store } from '../../server/src/db/database';
import { ticketToRow } from '../../server/src/db/records';
import type { AssetTable, Database } from '../../server/src/db/types';

/** The technician whose scope the seeded records are in. */
export interface SeedTarget {
  userId: string;
  username: string;
  siteId: string;
  groupId: string;
}

export interface SeedCounts {
  ticket: number;
  asset: number;
  configuration_item: number;
}

export interface SeedResult {
  counts: SeedCounts;
  ticketIds: string[];
  /** Why some entities could not be seeded (e.g. no configuration item table yet). */
  notes: string[];
  ms: number;
}

/** Finds a technician with a site and a group (tech1 in the demo data). */
export async function findTechnician(db: Kysely<Database>, username = 'tech1'): Promise<SeedTarget> {
  const person = await db.selectFrom('persons').select(['id', 'site_id', 'username']).where('username', '=', username).executeTakeFirst();
  if (!person?.site_id) throw new Error(`The demo technician "${username}" with a site was not found: did the demo seed run?`);
  const group = await db.selectFrom('person_groups').select('group_id').where('person_id', '=', person.id).executeTakeFirst();
  if (!group) throw new Error(`The demo technician "${username}" has no group.`);
  return { userId: person.id, username: person.username, siteId: person.site_id, groupId: group.group_id };
}

const CHUNK = 400;
/** Ticket numbers are unique per database: keep counting across seed calls. */
let ticketSerial = 0;
const STATES = ['in_stock', 'in_use', 'in_maintenance'] as const;

function ticketRecord(i: number, target: SeedTarget, rev: number, at: string): Ticket {
  return {
    id: randomUUID(),
    number: `BENCH-${String(i).padStart(6, '0')}`,
    kind: i % 4 === 0 ? 'service_request' : 'incident',
    title: `Benchmark ticket ${i}: printer on floor ${i % 9} shows error E${i % 97}`,
    description: `Seeded by bench/sync. The device reports a paper jam after the morning batch; user ${i % 313} asked for a visit.`,
    status: 'assigned',
    priority: ((i % 5) + 1) as Ticket['priority'],
    category: 'Hardware',
    requesterId: null,
    assigneeId: target.userId,
    groupId: target.groupId,
    siteId: target.siteId,
    locationId: null,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    impact: 2,
    urgency: 2,
    subcategory: '',
    respondedAt: at,
    slaHolds: [],
    catalogItemId: null,
    problemId: null,
    rootCause: null,
    workaround: null,
    knownError: false,
    rev,
  };
}

function assetRow(i: number, target: SeedTarget, rev: number): Insertable<AssetTable> {
  return {
    id: randomUUID(),
    tag: `BA-${String(i).padStart(7, '0')}`,
    serial: `SN${(1_000_000_007 * (i + 1)).toString(36).toUpperCase()}`,
    name: `Benchmark laptop ${i}`,
    model: 'Latitude 7440',
    manufacturer: 'Dell',
    type: 'laptop',
    state: STATES[i % STATES.length] ?? 'in_stock',
    substate: STATES[i % STATES.length] === 'in_stock' ? 'available' : null,
    site_id: target.siteId,
    location_id: null,
    assigned_to_id: null,
    uuid: null,
    macs: '[]',
    inventoried_at: null,
    rev,
  };
}

/** The configuration item columns this schema has, or null when there is no such table. */
async function ciColumns(db: Kysely<Database>): Promise<{ table: string; columns: Set<string>; required: string[] } | null> {
  const tables = await db.introspection.getTables();
  const table = tables.find((t) => ['configuration_items', 'cis', 'configuration_item'].includes(t.name));
  if (!table) return null;
  return {
    table: table.name,
    columns: new Set(table.columns.map((c) => c.name)),
    required: table.columns.filter((c) => !c.isNullable && !c.hasDefaultValue).map((c) => c.name),
  };
}

function ciRow(i: number, target: SeedTarget, rev: number, at: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    name: `bench-srv-${String(i).padStart(6, '0')}`,
    ci_type: i % 3 === 0 ? 'switch' : 'server',
    status: 'active',
    asset_id: null,
    site_id: target.siteId,
    description: `Seeded by bench/sync: rack ${i % 40}, unit ${i % 42}.`,
    created_at: at,
    updated_at: at,
    rev,
  };
}

/** Seeds `counts` records in chunks of one write transaction each. */
export async function seedRecords(store: Store, target: SeedTarget, counts: SeedCounts): Promise<SeedResult> {
  const started = performance.now();
  const at = new Date().toISOString();
  const notes: string[] = [];
  const ticketIds: string[] = [];
  const done: SeedCounts = { ticket: 0, asset: 0, configuration_item: 0 };

  // Configuration items need a table the server may not have yet; if so, seed as many extra assets.
  let ci: Awaited<ReturnType<typeof ciColumns>> = null;
  let assetCount = counts.asset;
  if (counts.configuration_item > 0) {
    ci = await ciColumns(store.db);
    const sample = ciRow(0, target, 0, at);
    const unknown = ci?.required.filter((c) => !(c in sample)) ?? [];
    if (!ci) {
      notes.push(`no configuration item table in this schema yet: seeded ${counts.configuration_item} more assets instead`);
    } else if (unknown.length > 0) {
      notes.push(`the configuration item table ${ci.table} needs columns this seeder does not know (${unknown.join(', ')}): seeded assets instead`);
      ci = null;
    }
    if (!ci) assetCount += counts.configuration_item;
  }

  for (let i = 0; i < counts.ticket; i += CHUNK) {
    const n = Math.min(CHUNK, counts.ticket - i);
    await store.write(async (tx) => {
      const rows = [];
      for (let k = 0; k < n; k++) {
        const rev = await tx.nextRev();
        const t = ticketRecord(++ticketSerial, target, rev, at);
        ticketIds.push(t.id);
        const fieldRevs = Object.fromEntries(Object.keys(t).filter((f) => f !== 'id' && f !== 'rev').map((f) => [f, rev]));
        rows.push({ ...ticketToRow(t), field_revs: JSON.stringify(fieldRevs) });
      }
      await tx.db.insertInto('tickets').values(rows).execute();
    });
    done.ticket += n;
  }

  for (let i = 0; i < assetCount; i += CHUNK) {
    const n = Math.min(CHUNK, assetCount - i);
    await store.write(async (tx) => {
      const rows: Insertable<AssetTable>[] = [];
      for (let k = 0; k < n; k++) rows.push(assetRow(i + k, target, await tx.nextRev()));
      await tx.db.insertInto('assets').values(rows).execute();
    });
    done.asset += n;
  }

  if (ci) {
    const { table, columns } = ci;
    for (let i = 0; i < counts.configuration_item; i += CHUNK) {
      const n = Math.min(CHUNK, counts.configuration_item - i);
      await store.write(async (tx) => {
        const rows = [];
        for (let k = 0; k < n; k++) {
          const row = ciRow(i + k, target, await tx.nextRev(), at);
          rows.push(Object.fromEntries(Object.entries(row).filter(([c]) => columns.has(c))));
        }
        // The table is introspected at run time, so Kysely cannot type it.
        await tx.db
          .insertInto(table as 'tickets')
          .values(rows as never)
          .execute();
      });
      done.configuration_item += n;
    }
  }
  return { counts: done, ticketIds, notes, ms: performance.now() - started };
}
