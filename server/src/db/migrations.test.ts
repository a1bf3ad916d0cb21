import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest, migrationsFor, PG_REV_SEQUENCE } from './migrations';
import { describeStores } from '../../test/stores';

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
];

describeStores('migrations', (h) => {
  it('create every table at start, and running them again changes nothing', async () => {
    const s = await h.start({ seedDemoData: false });
    const tables = (await s.db.introspection.getTables()).map((t) => t.name);
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
    const names =
      h.kind === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(s.db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(s.db)).rows.map((r) => r.name);
    for (const table of ['sites', 'locations', 'groups', 'persons', 'tickets', 'worklogs', 'assets', 'tombstones', 'tasks', 'ticket_links', 'ticket_events', 'itsm_config']) {
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
