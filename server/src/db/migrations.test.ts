import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { PG_REV_SEQUENCE } from './kind';
import { migrateToLatest, migrationsFor, withPgCatalogLock } from './migrate';
import { assetFromRow, itsmConfigFromRow, knowledgeArticleFromRow, ticketFromRow, worklogFromRow } from './records';
import type { Database, ScopeMoveTable } from './types';
import { couldSeeBefore } from '../sync/scope';
import { describeStores, tableNames, type StoreHarness } from '../../test/stores';

/** The keys of every migration from `first` on: what an upgrade from just before it applies. */
function migrationsFrom(kind: StoreHarness['kind'], first: string): string[] {
  const keys = Object.keys(migrationsFor(kind));
  return keys.slice(keys.indexOf(first));
}

/** A database of an issue-3 server: migrations 0001-0003 only, on a connection of its own. */
async function issue3Database(h: StoreHarness): Promise<{ db: Kysely<Database>; schema: string | null }> {
  return olderDatabase(h, '0004_itsm');
}

/** A database migrated up to just before the migration `next` (which an upgrade then applies first), on a connection of its own. */
async function olderDatabase(h: StoreHarness, next: string): Promise<{ db: Kysely<Database>; schema: string | null }> {
  const keys = Object.keys(migrationsFor(h.kind));
  if (!keys.includes(next)) throw new Error(`no migration ${next}`);
  const names = keys.slice(0, keys.indexOf(next));
  let db: Kysely<Database>;
  let schema: string | null = null;
  if (h.kind === 'sqlite') {
    const raw = new Sqlite(':memory:');
    raw.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  } else {
    const store = await h.newStore();
    if (store.kind !== 'postgres' || !store.schema) throw new Error('the PostgreSQL harness gives a schema per store');
    schema = store.schema;
    // int8 as numbers, as the store reads them (db/database.ts).
    const types = { getTypeParser: ((oid: number, format?: 'text') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };
    const pool = new pg.Pool({ connectionString: store.url, options: `-c search_path=${schema}`, max: 2, types });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const all = migrationsFor(h.kind);
  const chosen = Object.fromEntries(names.map((name) => [name, all[name]]));
  const migrator = new Migrator({ db, provider: { getMigrations: async () => chosen as typeof all }, ...(schema ? { migrationTableSchema: schema } : {}) });
  // As every migration run on PostgreSQL: Kysely's look-up of its tables reads every schema's
  // catalog, and failed ("schema … does not exist") while another test process dropped one.
  const { error } = h.kind === 'postgres' ? await withPgCatalogLock(db, () => migrator.migrateToLatest()) : await migrator.migrateToLatest();
  if (error) throw error;
  return { db, schema };
}

/** The scope moves (of one entity), by entity and rev, with their old scope values read from old_scope (JSON text). */
async function movesOf(db: Kysely<Database>, entity?: string): Promise<{ entity: string; id: string; rev: number; old: unknown }[]> {
  let query = db.selectFrom('scope_moves').select(['entity', 'id', 'rev', 'old_scope']).orderBy('entity').orderBy('rev');
  if (entity) query = query.where('entity', '=', entity);
  return (await query.execute()).map((m) => ({ entity: m.entity, id: m.id, rev: Number(m.rev), old: m.old_scope === null ? null : JSON.parse(m.old_scope) }));
}

/** The names of the columns of a table of the database's (current) schema. */
async function columnNames(kind: StoreHarness['kind'], db: Kysely<Database>, table: string): Promise<string[]> {
  const query =
    kind === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table})`
      : sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`;
  return (await query.execute(db)).rows.map((r) => r.name).sort();
}

/** The names of the indexes of the database's (current) schema. */
async function indexNames(kind: StoreHarness['kind'], db: Kysely<Database>): Promise<string[]> {
  const query =
    kind === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index'`
      : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`;
  return (await query.execute(db)).rows.map((r) => r.name);
}

const TABLES = [
  'meta',
  'change_sequence',
  'sites',
  'locations',
  'groups',
  'persons',
  'person_groups',
  'credentials',
  'sessions',
  'login_attempts',
  'tickets',
  'worklogs',
  'assets',
  'ticket_counters',
  'sync_clients',
  'sync_ops',
  'tombstones',
  'tasks',
  'ticket_links',
  'ticket_events',
  'itsm_config',
  'asset_macs',
  'asset_inventories',
  'inventory_documents',
  'software_installs',
  'attachment_uploads',
];

describeStores('migrations', (h) => {
  it('create every table at start, and running them again changes nothing', async () => {
    const s = await h.start({ seedDemoData: false });
    const tables = await tableNames(s.db, h.kind);
    for (const table of TABLES) expect(tables, table).toContain(table);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(s.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrationsFor(h.kind)));
    expect(await migrateToLatest(s.db, h.kind, h.kind === 'postgres' && s.store.kind === 'postgres' ? schemaOf(s.store.label) : null)).toEqual([]);
    // The one row a fresh database has: the ITSM configuration (migration 0004), at rev 1.
    expect(await s.store.currentRev()).toBe(1);
    expect(await s.db.selectFrom('itsm_config').select('rev').execute()).toEqual([{ rev: 1 }]);
  });

  it('index rev on every synced table', async () => {
    const s = await h.start({ seedDemoData: false });
    const names = await indexNames(h.kind, s.db);
    for (const table of ['sites', 'locations', 'groups', 'persons', 'tickets', 'worklogs', 'assets', 'tombstones', 'tasks', 'ticket_links', 'ticket_events', 'itsm_config', 'asset_inventories']) {
      expect(names, table).toContain(`${table}_rev_idx`);
    }
  });

  it('hand out revs from one increasing sequence, and roll back cleanly', async () => {
    const s = await h.start({ seedDemoData: false });
    const first = await s.store.write(async (tx) => [await tx.nextRev(), await tx.nextRev()]);
    expect(first).toEqual([2, 3]);
    await expect(
      s.store.write(async (tx) => {
        await tx.nextRev();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.store.currentRev()).toBe(3);
    const next = await s.store.write((tx) => tx.nextRev());
    expect(next).toBeGreaterThan(3);
    expect(await s.store.currentRev()).toBe(next);
    if (h.kind === 'postgres') {
      const seq = await sql<{ last_value: number }>`select last_value from ${sql.id(PG_REV_SEQUENCE)}`.execute(s.db);
      expect(Number(seq.rows[0]?.last_value)).toBe(next);
    }
  });

  it('upgrade an issue-3 database with data: new columns get values that fit, the configuration arrives at a new rev', async () => {
    const { db, schema } = await issue3Database(h);
    try {
      const at = (d: number) => new Date(Date.UTC(2026, 10, d, 9)).toISOString();
      // Issue-3 rows, written the way an issue-3 server wrote them (no issue-4 columns exist yet).
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('sites').values({ id: 's1', code: 'HQ', name: 'HQ', time_zone: 'UTC', address: '', rev: 1 }).execute();
      await old.insertInto('groups').values({ id: 'g1', name: 'Field Support', rev: 2 }).execute();
      await old.insertInto('persons').values({ id: 'p1', username: 'tech1', display_name: 'Alex', email: '', role: 'technician', site_id: 's1', rev: 3 }).execute();
      const ticket = (id: string, status: string, priority: number, extra: Record<string, unknown> = {}) => ({
        id, number: `INC-000${id.slice(1)}`, kind: 'incident', title: id, description: '', status, priority, category: 'Hardware',
        requester_id: null, assignee_id: status === 'new' ? null : 'p1', group_id: 'g1', site_id: 's1', location_id: null,
        on_hold_reason: null, resolution_code: null, resolution_notes: null, created_at: at(1), updated_at: at(3),
        resolved_at: null, closed_at: null, rev: 4, field_revs: '{}', ...extra,
      });
      await old.insertInto('tickets').values([
        ticket('t1', 'new', 1),
        ticket('t2', 'in_progress', 3),
        ticket('t3', 'closed', 4, { resolution_code: 'fixed', resolution_notes: 'Done', resolved_at: at(2), closed_at: at(3) }),
        ticket('t4', 'on_hold', 5, { on_hold_reason: 'Parts' }),
        ticket('t5', 'assigned', 2),
      ]).execute();
      await old.insertInto('worklogs').values({ id: 'w1', ticket_id: 't2', author_id: 'p1', body: 'Looked', minutes: 5, created_at: at(2), rev: 5 }).execute();
      await old.insertInto('knowledge_articles').values({ id: 'k1', number: 'KB-0007', title: 'VPN', body: 'Reconnect', category: '', tags: '["vpn"]', published: 1, author_id: 'p1', updated_at: at(2), rev: 6 }).execute();
      await old.updateTable('change_sequence').set({ last_rev: 6 }).where('id', '=', 1).execute();
      if (h.kind === 'postgres') await sql`select setval(${PG_REV_SEQUENCE}::regclass, 6)`.execute(db);

      expect(await migrateToLatest(db, h.kind, schema)).toEqual(migrationsFrom(h.kind, '0004_itsm'));

      const tickets = new Map((await db.selectFrom('tickets').selectAll().execute()).map((r) => [r.id, ticketFromRow(r)]));
      // Impact and urgency that the default matrix maps back to each ticket's priority.
      for (const t of tickets.values()) expect(DEFAULT_ITSM_CONFIG.priorityMatrix[t.impact - 1]?.[t.urgency - 1], t.id).toBe(t.priority);
      expect(tickets.get('t1')).toMatchObject({ impact: 1, urgency: 1, respondedAt: null, slaHolds: [], subcategory: '', knownError: false, problemId: null });
      expect(tickets.get('t2')?.respondedAt).toBe(at(3)); // left "new": its last change is the best bound kept
      expect(tickets.get('t3')?.respondedAt).toBe(at(2)); // resolved before its last change
      expect(worklogFromRow(await db.selectFrom('worklogs').selectAll().executeTakeFirstOrThrow()).visibility).toBe('internal');
      expect(knowledgeArticleFromRow(await db.selectFrom('knowledge_articles').selectAll().executeTakeFirstOrThrow())).toMatchObject({
        createdAt: at(2),
        sourceTicketId: null,
        tags: ['vpn'],
      });
      const config = itsmConfigFromRow(await db.selectFrom('itsm_config').selectAll().executeTakeFirstOrThrow());
      expect(config).toEqual({ ...DEFAULT_ITSM_CONFIG, rev: 7 });
      expect((await db.selectFrom('change_sequence').select('last_rev').executeTakeFirstOrThrow()).last_rev).toBe(7);
      expect(await db.selectFrom('ticket_counters').selectAll().where('kind', '=', 'knowledge_article').execute()).toEqual([{ kind: 'knowledge_article', last_number: 7 }]);

      // The task scope trigger keeps a moved task's old group, site and assignee.
      await db.insertInto('tasks').values({
        id: 'task1', number: 'TASK-0001', ticket_id: 't2', title: 'Order', description: '', status: 'open', assignee_id: 'p1', group_id: 'g1',
        site_id: 's1', due_at: null, created_by_id: 'p1', created_at: at(3), updated_at: at(3), completed_at: null, field_revs: '{}', rev: 8,
      }).execute();
      await db.updateTable('tasks').set({ assignee_id: null, rev: 9 }).where('id', '=', 'task1').execute();
      expect(await movesOf(db, 'task')).toEqual([{ entity: 'task', id: 'task1', rev: 9, old: { group_id: 'g1', site_id: 's1', assignee_id: 'p1' } }]);
    } finally {
      await db.destroy();
    }
  });

  it('upgrade an issue-4 database with assets: never inventoried, identity indexes, inventories follow their asset', async () => {
    const { db, schema } = await olderDatabase(h, '0005_inventory');
    try {
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('sites').values([
        { id: 's1', code: 'HQ', name: 'HQ', time_zone: 'UTC', address: '', rev: 2 },
        { id: 's2', code: 'DC', name: 'DC', time_zone: 'UTC', address: '', rev: 3 },
      ]).execute();
      const asset = (id: string, tag: string, serial: string | null, rev: number) => ({
        id, tag, serial, name: tag, model: 'OptiPlex 7010', manufacturer: 'Dell', type: 'desktop', status: 'deployed', site_id: 's1', location_id: null, assigned_to_id: null, rev,
      });
      await old.insertInto('assets').values([asset('a1', 'FD-000001', 'ABC123', 4), asset('a2', 'FD-000002', null, 5)]).execute();
      await old.insertInto('configuration_items').values({ id: 'c1', name: 'FD-000001', ci_type: 'desktop', status: 'active', asset_id: 'a1', site_id: 's1', description: '', rev: 6 }).execute();
      await old.updateTable('change_sequence').set({ last_rev: 6 }).where('id', '=', 1).execute();
      if (h.kind === 'postgres') await sql`select setval(${PG_REV_SEQUENCE}::regclass, 6)`.execute(db);

      expect(await migrateToLatest(db, h.kind, schema)).toEqual(migrationsFrom(h.kind, '0005_inventory'));

      const assets = (await db.selectFrom('assets').selectAll().orderBy('id').execute()).map(assetFromRow);
      // 0005 leaves their revs; 0011 (the lifecycle) gives each a new one, in rev order.
      expect(assets.map((a) => ({ id: a.id, uuid: a.uuid, macs: a.macs, inventoriedAt: a.inventoriedAt, rev: a.rev, serial: a.serial }))).toEqual([
        { id: 'a1', uuid: null, macs: [], inventoriedAt: null, rev: 7, serial: 'ABC123' },
        { id: 'a2', uuid: null, macs: [], inventoriedAt: null, rev: 8, serial: null },
      ]);
      for (const table of ['asset_macs', 'asset_inventories', 'inventory_documents', 'software_installs'] as const) {
        expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
      }
      // The matching rules' lookups use indexes, whatever the case of the stored serial.
      const found = await db.selectFrom('assets').select('id').where(sql<string>`upper(serial)`, '=', 'ABC123').execute();
      expect(found).toEqual([{ id: 'a1' }]);

      // An inventory follows its asset to another site, at the asset's rev, leaving a scope move.
      await db.insertInto('asset_inventories').values({
        id: 'a1', configuration_item_id: 'c1', site_id: 's1', source: 'glpi_agent', device_id: 'dev', scanned_at: '2026-11-20T08:00:00.000Z',
        received_at: '2026-11-20T08:00:01.000Z', summary: '{}', rev: 7,
      }).execute();
      await db.updateTable('assets').set({ site_id: 's2', rev: 8 }).where('id', '=', 'a1').execute();
      expect(await db.selectFrom('asset_inventories').select(['site_id', 'rev']).execute()).toEqual([{ site_id: 's2', rev: 8 }]);
      expect(await movesOf(db)).toEqual([
        { entity: 'asset', id: 'a1', rev: 8, old: { site_id: 's1' } },
        { entity: 'asset_inventory', id: 'a1', rev: 8, old: { site_id: 's1' } },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('upgrade an issue-5 database: uploaders of held files recorded, OCS inventories allowed, inventory triggers kept', async () => {
    const { db, schema } = await olderDatabase(h, '0006_attachment_uploads');
    try {
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('sites').values([
        { id: 's1', code: 'HQ', name: 'HQ', time_zone: 'UTC', address: '', rev: 2 },
        { id: 's2', code: 'DC', name: 'DC', time_zone: 'UTC', address: '', rev: 3 },
      ]).execute();
      await old.insertInto('persons').values([
        { id: 'p1', username: 'tech1', display_name: 'Alex', email: '', role: 'technician', site_id: 's1', rev: 4 },
        { id: 'p2', username: 'tech2', display_name: 'Sam', email: '', role: 'technician', site_id: 's1', rev: 4 },
      ]).execute();
      await old.insertInto('tickets').values({
        id: 't1', number: 'INC-0001', kind: 'incident', title: 't', description: '', status: 'new', priority: 3, impact: 2, urgency: 2, category: 'Hardware',
        requester_id: null, assignee_id: null, group_id: null, site_id: 's1', location_id: null, on_hold_reason: null, resolution_code: null,
        resolution_notes: null, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', resolved_at: null, closed_at: null, rev: 5, field_revs: '{}',
      }).execute();
      const attachment = (id: string, sha: string, author: string, uploaded: number, at: string) => ({
        id, ticket_id: 't1', sha256: sha, file_name: 'f', mime_type: 'image/png', size: 1, kind: 'file', author_id: author, created_at: at, uploaded, rev: 6,
      });
      await old.insertInto('attachments').values([
        attachment('x1', 'a'.repeat(64), 'p1', 1, '2026-01-02T00:00:00.000Z'),
        attachment('x2', 'a'.repeat(64), 'p1', 1, '2026-01-01T00:00:00.000Z'),
        attachment('x3', 'b'.repeat(64), 'p2', 0, '2026-01-01T00:00:00.000Z'),
      ]).execute();
      await old.insertInto('assets').values({
        id: 'a1', tag: 'FD-000001', serial: null, name: 'pc', model: '', manufacturer: '', type: 'desktop', status: 'deployed', site_id: 's1', location_id: null,
        assigned_to_id: null, uuid: null, macs: '[]', inventoried_at: null, rev: 7,
      }).execute();
      const inventory = { id: 'a1', configuration_item_id: null, site_id: 's1', device_id: 'dev', scanned_at: 'x', received_at: 'x', summary: '{}', rev: 8 };
      await old.insertInto('asset_inventories').values({ ...inventory, source: 'fusioninventory' }).execute();
      await old.updateTable('change_sequence').set({ last_rev: 8 }).where('id', '=', 1).execute();
      if (h.kind === 'postgres') await sql`select setval(${PG_REV_SEQUENCE}::regclass, 8)`.execute(db);

      expect(await migrateToLatest(db, h.kind, schema)).toEqual(migrationsFrom(h.kind, '0006_attachment_uploads'));

      // Files held before: their records' authors count as their uploaders; a file not held has none.
      expect(await db.selectFrom('attachment_uploads').selectAll().execute()).toEqual([{ sha256: 'a'.repeat(64), person_id: 'p1', uploaded_at: '2026-01-01T00:00:00.000Z' }]);
      // The kept inventory is still there, OCS is a source now, anything else still is not.
      expect(await db.selectFrom('asset_inventories').select(['id', 'source']).execute()).toEqual([{ id: 'a1', source: 'fusioninventory' }]);
      await db.updateTable('asset_inventories').set({ source: 'ocsinventory' }).where('id', '=', 'a1').execute();
      await db.insertInto('inventory_documents').values({ id: 'd1', asset_id: 'a1', source: 'ocsinventory', device_id: 'dev', itemtype: 'Computer', received_at: 'x', bytes: 1, document: '<x/>' }).execute();
      await expect(db.insertInto('inventory_documents').values({ id: 'd2', asset_id: 'a1', source: 'ocs' as 'ocsinventory', device_id: 'dev', itemtype: 'Computer', received_at: 'x', bytes: 1, document: '<x/>' }).execute()).rejects.toThrow(/check/i);
      // The inventory still follows its asset to another site, leaving a scope move (triggers made again).
      await db.updateTable('assets').set({ site_id: 's2', rev: 9 }).where('id', '=', 'a1').execute();
      expect(await db.selectFrom('asset_inventories').select(['site_id', 'rev']).execute()).toEqual([{ site_id: 's2', rev: 9 }]);
      const moves = await db.selectFrom('scope_moves').select(['entity', 'id']).where('entity', '=', 'asset_inventory').execute();
      expect(moves).toEqual([{ entity: 'asset_inventory', id: 'a1' }]);
      // And its indexes are back.
      const names = await indexNames(h.kind, db);
      expect(names).toEqual(expect.arrayContaining(['asset_inventories_rev_idx', 'asset_inventories_site_rev_idx', 'inventory_documents_asset_idx']));
    } finally {
      await db.destroy();
    }
  });

  it('upgrade an issue-11 database: unknown models and manufacturers become null at a new rev, and nothing that references an asset is lost', async () => {
    const { db, schema } = await olderDatabase(h, '0008_asset_model_optional');
    try {
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('sites').values([
        { id: 's1', code: 'HQ', name: 'HQ', time_zone: 'UTC', address: '', rev: 1 },
        { id: 's2', code: 'DC', name: 'DC', time_zone: 'UTC', address: '', rev: 2 },
      ]).execute();
      const asset = (id: string, model: string, manufacturer: string, rev: number) => ({
        id, tag: `FD-${id}`, serial: null, name: id, model, manufacturer, type: 'desktop', status: 'deployed', site_id: 's1', location_id: null,
        assigned_to_id: null, uuid: null, macs: '[]', inventoried_at: null, rev,
      });
      await old.insertInto('assets').values([asset('a1', '', '', 3), asset('a2', 'OptiPlex 7090', 'Dell', 4), asset('a3', 'ThinkPad', '', 5)]).execute();
      // Everything that references an asset: with cascades (MACs, inventories, installs) and without (CIs, agent documents).
      await old.insertInto('asset_macs').values({ mac: '00:11:22:33:44:55', asset_id: 'a1' }).execute();
      await old.insertInto('asset_inventories').values({ id: 'a1', configuration_item_id: null, site_id: 's1', source: 'fusioninventory', device_id: 'dev', scanned_at: 'x', received_at: 'x', summary: '{}', rev: 6 }).execute();
      await old.insertInto('inventory_documents').values({ id: 'd1', asset_id: 'a1', source: 'fusioninventory', device_id: 'dev', itemtype: 'Computer', received_at: 'x', bytes: 1, document: '<x/>' }).execute();
      await old.insertInto('configuration_items').values({ id: 'c1', name: 'pc', ci_type: 'computer', status: 'active', asset_id: 'a1', site_id: 's1', description: '', rev: 7 }).execute();
      await old.updateTable('change_sequence').set({ last_rev: 7 }).where('id', '=', 1).execute();
      if (h.kind === 'postgres') await sql`select setval(${PG_REV_SEQUENCE}::regclass, 7)`.execute(db);
      const count = async (table: string) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);
      const referencing = ['asset_macs', 'asset_inventories', 'inventory_documents', 'configuration_items'];
      const before = await Promise.all(referencing.map(count));

      expect(await migrateToLatest(db, h.kind, schema)).toEqual(migrationsFrom(h.kind, '0008_asset_model_optional'));

      const rows = await db.selectFrom('assets').select(['id', 'model', 'manufacturer', 'rev']).orderBy('id').execute();
      // 0008 gives a1 and a3 revs 8 and 9; then 0011 (the lifecycle) gives every asset a new one, in rev order.
      expect(rows).toEqual([
        { id: 'a1', model: null, manufacturer: null, rev: 11 },
        { id: 'a2', model: 'OptiPlex 7090', manufacturer: 'Dell', rev: 10 },
        { id: 'a3', model: 'ThinkPad', manufacturer: null, rev: 12 },
      ]);
      expect(assetFromRow((await db.selectFrom('assets').selectAll().where('id', '=', 'a1').executeTakeFirstOrThrow()) as never).model).toBeNull();
      expect((await db.selectFrom('change_sequence').select('last_rev').executeTakeFirstOrThrow()).last_rev).toBe(12);
      expect(await Promise.all(referencing.map(count))).toEqual(before);
      // The trigger that moves an inventory with its asset is back, the indexes too, and foreign keys hold again.
      await db.updateTable('assets').set({ site_id: 's2', rev: 10 }).where('id', '=', 'a1').execute();
      expect(await db.selectFrom('asset_inventories').select(['site_id', 'rev']).execute()).toEqual([{ site_id: 's2', rev: 10 }]);
      const names = await indexNames(h.kind, db);
      expect(names).toEqual(expect.arrayContaining(['assets_rev_idx', 'assets_serial_idx']));
      await expect(db.insertInto('asset_macs').values({ mac: '00:11:22:33:44:66', asset_id: 'no-such-asset' }).execute()).rejects.toThrow(/foreign key/i);
      const { status: _status, ...a4 } = asset('a4', 'x', 'y', 13);
      await expect(db.insertInto('assets').values({ ...a4, state: 'in_use', tag: 'FD-a1' } as never).execute()).rejects.toThrow(/unique/i);
    } finally {
      await db.destroy();
    }
  });

  it('upgrade an issue-12 database: scope moves keep their old values as one JSON object, and the triggers write it', async () => {
    const { db, schema } = await olderDatabase(h, '0009_scope_moves_generic');
    try {
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const at = '2026-01-01T00:00:00.000Z';
      const w = (d: number) => new Date(Date.UTC(2026, 2, d, 22)).toISOString();
      await old.insertInto('sites').values([
        { id: 's1', code: 'HQ', name: 'HQ', time_zone: 'UTC', address: '', rev: 1 },
        { id: 's2', code: 'DC', name: 'DC', time_zone: 'UTC', address: '', rev: 2 },
      ]).execute();
      await old.insertInto('groups').values([{ id: 'g1', name: 'Field', rev: 3 }, { id: 'g2', name: 'Network', rev: 3 }]).execute();
      await old.insertInto('persons').values([
        { id: 'p1', username: 'tech1', display_name: 'Alex', email: '', role: 'technician', site_id: 's1', rev: 4 },
        { id: 'p2', username: 'tech2', display_name: 'Sam', email: '', role: 'technician', site_id: 's1', rev: 4 },
      ]).execute();
      await old.insertInto('tickets').values({
        id: 't1', number: 'INC-0001', kind: 'incident', title: 't', description: '', status: 'new', priority: 3, impact: 2, urgency: 2, category: 'Hardware',
        requester_id: null, assignee_id: null, group_id: 'g1', site_id: 's1', location_id: null, on_hold_reason: null, resolution_code: null,
        resolution_notes: null, created_at: at, updated_at: at, resolved_at: null, closed_at: null, rev: 5, field_revs: '{}',
      }).execute();
      await old.insertInto('tasks').values({
        id: 'task1', number: 'TASK-0001', ticket_id: 't1', title: 'Order', description: '', status: 'open', assignee_id: 'p1', group_id: 'g1',
        site_id: 's1', due_at: null, created_by_id: 'p1', created_at: at, updated_at: at, completed_at: null, field_revs: '{}', rev: 6,
      }).execute();
      await old.insertInto('assets').values({
        id: 'a1', tag: 'FD-000001', serial: null, name: 'pc', model: null, manufacturer: null, type: 'desktop', status: 'deployed', site_id: 's1', location_id: null,
        assigned_to_id: null, uuid: null, macs: '[]', inventoried_at: null, rev: 7,
      }).execute();
      await old.insertInto('configuration_items').values({ id: 'c1', name: 'pc', ci_type: 'computer', status: 'active', asset_id: 'a1', site_id: 's1', description: '', rev: 8 }).execute();
      await old.insertInto('asset_inventories').values({ id: 'a1', configuration_item_id: 'c1', site_id: 's1', source: 'glpi_agent', device_id: 'dev', scanned_at: at, received_at: at, summary: '{}', rev: 9 }).execute();
      await old.insertInto('knowledge_articles').values({
        id: 'k1', number: 'KB-0001', title: 'VPN', body: '', category: '', tags: '[]', published: 1, author_id: 'p1', updated_at: at, created_at: at, source_ticket_id: null, field_revs: '{}', rev: 10,
      }).execute();
      await old.insertInto('changes').values({
        id: 'ch1', number: 'CHG-0001', title: 'Swap', description: '', status: 'scheduled', risk: 'low', window_start: w(1), window_end: w(2), site_id: 's1', owner_id: 'p1', rev: 11,
      }).execute();

      // Moves written by the triggers of migrations 0002-0005 (old_* columns), and one of an entity unknown here, by hand.
      await old.updateTable('tickets').set({ group_id: 'g2', rev: 20 }).where('id', '=', 't1').execute();
      await old.updateTable('tasks').set({ assignee_id: null, rev: 21 }).where('id', '=', 'task1').execute();
      await old.updateTable('assets').set({ site_id: 's2', rev: 22 }).where('id', '=', 'a1').execute(); // the inventory follows
      await old.updateTable('configuration_items').set({ site_id: 's2', rev: 23 }).where('id', '=', 'c1').execute();
      await old.updateTable('knowledge_articles').set({ published: 0, rev: 24 }).where('id', '=', 'k1').execute();
      await old.updateTable('changes').set({ window_start: w(3), window_end: w(4), rev: 25 }).where('id', '=', 'ch1').execute();
      await old.insertInto('scope_moves').values({ entity: 'widget', id: 'x1', rev: 26, old_site_id: 's9' }).execute();
      expect(await old.selectFrom('scope_moves').select('old_published').where('entity', '=', 'knowledge_article').execute()).toEqual([{ old_published: 1 }]);

      expect(await migrateToLatest(db, h.kind, schema)).toEqual(migrationsFrom(h.kind, '0009_scope_moves_generic'));

      expect(await columnNames(h.kind, db, 'scope_moves')).toEqual(['entity', 'id', 'old_scope', 'rev']);
      const converted = [
        { entity: 'asset', id: 'a1', rev: 22, old: { site_id: 's1' } },
        { entity: 'asset_inventory', id: 'a1', rev: 22, old: { site_id: 's1' } },
        { entity: 'change', id: 'ch1', rev: 25, old: { window_start: w(1), window_end: w(2) } },
        { entity: 'configuration_item', id: 'c1', rev: 23, old: { site_id: 's1' } },
        { entity: 'knowledge_article', id: 'k1', rev: 24, old: { published: 1, author_id: 'p1' } },
        { entity: 'task', id: 'task1', rev: 21, old: { group_id: 'g1', site_id: 's1', assignee_id: 'p1' } },
        { entity: 'ticket', id: 't1', rev: 20, old: { group_id: 'g1', site_id: 's1' } },
        {
          entity: 'widget', id: 'x1', rev: 26,
          old: { group_id: null, site_id: 's9', published: null, author_id: null, window_start: null, window_end: null, assignee_id: null },
        },
      ];
      expect(await movesOf(db)).toEqual(converted);

      // Pull reads the converted values: a technician of another site, in no group, could see the
      // published article (the 0/1 flag read from JSON) but not the ticket; one of the ticket's site could.
      const move = async (entity: string) => (await db.selectFrom('scope_moves').selectAll().where('entity', '=', entity).executeTakeFirstOrThrow()) as ScopeMoveTable;
      const elsewhere = { id: 'p9', role: 'technician' as const, siteId: 's2', groupIds: [] };
      expect(couldSeeBefore(elsewhere, await move('knowledge_article'), 0)).toBe(true);
      expect(couldSeeBefore(elsewhere, await move('ticket'), 0)).toBe(false);
      expect(couldSeeBefore({ ...elsewhere, siteId: 's1' }, await move('ticket'), 0)).toBe(true);
      expect(couldSeeBefore({ ...elsewhere, siteId: 's1' }, await move('task'), 0)).toBe(true);
      expect(couldSeeBefore({ ...elsewhere, siteId: 's1' }, await move('configuration_item'), 0)).toBe(true);

      // Every scope_move trigger writes old_scope now; an update of no scope column writes nothing.
      await db.updateTable('tickets').set({ site_id: 's2', rev: 30 }).where('id', '=', 't1').execute();
      await db.updateTable('tasks').set({ assignee_id: 'p2', rev: 31 }).where('id', '=', 'task1').execute();
      await db.updateTable('assets').set({ site_id: 's1', rev: 32 }).where('id', '=', 'a1').execute();
      await db.updateTable('configuration_items').set({ site_id: 's1', rev: 33 }).where('id', '=', 'c1').execute();
      await db.updateTable('knowledge_articles').set({ published: 1, rev: 34 }).where('id', '=', 'k1').execute();
      await db.updateTable('changes').set({ window_end: w(5), rev: 35 }).where('id', '=', 'ch1').execute();
      await db.updateTable('tickets').set({ title: 'renamed', rev: 36 }).where('id', '=', 't1').execute();
      await db.updateTable('knowledge_articles').set({ author_id: 'p2', rev: 37 }).where('id', '=', 'k1').execute();
      expect((await movesOf(db)).filter((m) => m.rev >= 30)).toEqual([
        { entity: 'asset', id: 'a1', rev: 32, old: { site_id: 's2' } },
        { entity: 'asset_inventory', id: 'a1', rev: 32, old: { site_id: 's2' } },
        { entity: 'change', id: 'ch1', rev: 35, old: { window_start: w(3), window_end: w(4), assignee_id: null, owner_id: 'p1' } },
        { entity: 'configuration_item', id: 'c1', rev: 33, old: { site_id: 's2' } },
        { entity: 'knowledge_article', id: 'k1', rev: 34, old: { published: 0, author_id: 'p1' } },
        { entity: 'knowledge_article', id: 'k1', rev: 37, old: { published: 1, author_id: 'p1' } },
        { entity: 'task', id: 'task1', rev: 31, old: { group_id: 'g1', site_id: 's1', assignee_id: null } },
        { entity: 'ticket', id: 't1', rev: 30, old: { group_id: 'g2', site_id: 's1' } },
      ]);
      expect((await movesOf(db)).filter((m) => m.rev < 30)).toEqual(converted);
    } finally {
      await db.destroy();
    }
  });

  it('upgrade an issue-13 database to the asset lifecycle: statuses become states, an assigned asset is checked out to its person, every asset at a new rev', async () => {
    const { db, schema } = await olderDatabase(h, '0011_asset_lifecycle');
    try {
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('sites').values({ id: 's1', code: 'HQ', name: 'HQ', time_zone: 'UTC', address: '', rev: 1 }).execute();
      await old.insertInto('persons').values({ id: 'p1', username: 'tech1', display_name: 'Alex', email: '', role: 'technician', site_id: 's1', rev: 2 }).execute();
      const statuses = ['deployed', 'in_stock', 'in_repair', 'retired', 'missing'];
      await old
        .insertInto('assets')
        .values(
          statuses.map((status, i) => ({
            id: `a${i + 1}`, tag: `FD-00000${i + 1}`, serial: null, name: status, model: null, manufacturer: null, type: 'laptop', status, site_id: 's1', location_id: null,
            assigned_to_id: status === 'deployed' ? 'p1' : null, uuid: null, macs: '[]', inventoried_at: null, rev: 3 + i,
          })),
        )
        .execute();
      await old.updateTable('change_sequence').set({ last_rev: 7 }).where('id', '=', 1).execute();
      if (h.kind === 'postgres') await sql`select setval(${PG_REV_SEQUENCE}::regclass, 7)`.execute(db);

      expect(await migrateToLatest(db, h.kind, schema)).toEqual(migrationsFrom(h.kind, '0011_asset_lifecycle'));

      const assets = (await db.selectFrom('assets').selectAll().orderBy('id').execute()).map(assetFromRow);
      expect(assets.map((a) => [a.id, a.state, a.substate, a.checkedOutTo, a.assignedToId, a.rev, a.kind, a.notes])).toEqual([
        ['a1', 'in_use', null, { kind: 'person', id: 'p1' }, 'p1', 8, 'hardware', ''],
        ['a2', 'in_stock', 'available', null, null, 9, 'hardware', ''],
        ['a3', 'in_maintenance', null, null, null, 10, 'hardware', ''],
        ['a4', 'retired', null, null, null, 11, 'hardware', ''],
        ['a5', 'missing', null, null, null, 12, 'hardware', ''],
      ]);
      expect(await columnNames(h.kind, db, 'assets')).not.toContain('status');
      const checkouts = await db.selectFrom('asset_checkouts').selectAll().execute();
      expect(checkouts.map((c) => ({ asset: c.asset_id, target: JSON.parse(c.target), open: c.checked_in_at === null, rev: Number(c.rev) }))).toEqual([{ asset: 'a1', target: { kind: 'person', id: 'p1' }, open: true, rev: 8 }]);
      for (const table of ['asset_models', 'asset_events'] as const) expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
      // The site trigger still records a move.
      await db.updateTable('assets').set({ site_id: null, rev: 13 }).where('id', '=', 'a2').execute();
      expect((await movesOf(db, 'asset')).map((m) => [m.id, m.rev])).toEqual([['a2', 13]]);
    } finally {
      await db.destroy();
    }
  });

  it('enforce foreign keys', async () => {
    const s = await h.start({ seedDemoData: false });
    await expect(
      s.store.write(async (tx) => {
        await tx.db.insertInto('locations').values({ id: 'l1', site_id: 'no-such-site', name: 'x', rev: await tx.nextRev() }).execute();
      }),
    ).rejects.toThrow(/foreign key/i);
  });
});

function schemaOf(label: string): string | null {
  return /\(schema (\w+)\)/.exec(label)?.[1] ?? null;
}
