/**
 * Writes the demo data (seed/demo.ts) on first start, never twice: the data and the
 * `meta.demo_seed` flag are written in one write transaction, which also re-checks the
 * flag under the writer lock, so two servers starting at once on one database seed once.
 * A database that already holds people (real data) is never seeded.
 */
import type { Insertable, Kysely } from 'kysely';
import type { ServerConfig } from '../config';
import type { Store, WriteTx } from '../db/database';
import { ticketToRow } from '../db/records';
import type { Database } from '../db/types';
import { hashPassword } from '../auth/passwords';
import { nextTicketNumber } from '../itsm/numbering';
import { DEMO_PASSWORD } from './catalog';
import { buildDemoData } from './demo';
import { buildDemoItsmData } from './demo-itsm';

export const SEED_FLAG = 'demo_seed';

export type SeedOutcome =
  | {
      seeded: true;
      counts: Record<
        'sites' | 'locations' | 'groups' | 'persons' | 'tickets' | 'worklogs' | 'assets' | 'configurationItems' | 'knowledgeArticles' | 'changes',
        number
      >;
    }
  | { seeded: false; reason: 'disabled' | 'already-seeded' | 'has-data' };

async function seedState(db: Kysely<Database>): Promise<'already-seeded' | 'has-data' | 'empty'> {
  const flag = await db.selectFrom('meta').select('value').where('key', '=', SEED_FLAG).executeTakeFirst();
  if (flag) return 'already-seeded';
  const person = await db.selectFrom('persons').select('id').limit(1).executeTakeFirst();
  return person ? 'has-data' : 'empty';
}

/** Inserts rows in chunks (keeps each statement well under the engines' parameter limits). */
async function insertChunks<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[], size = 100): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot type a generic table's insert; the rows are typed by the caller.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

export async function seedDemoData(store: Store, config: Pick<ServerConfig, 'now' | 'passwordHashing'>): Promise<SeedOutcome> {
  const before = await seedState(store.db);
  if (before !== 'empty') return { seeded: false, reason: before };

  const data = buildDemoData(config.now());
  const itsm = buildDemoItsmData(config.now(), data);
  const staffAndRequesters = data.persons;
  // Hashing is slow: do it before taking the writer lock.
  const hashes = await Promise.all(staffAndRequesters.map(() => hashPassword(DEMO_PASSWORD, config.passwordHashing)));

  return store.write(async (tx: WriteTx): Promise<SeedOutcome> => {
    const { db } = tx;
    const state = await seedState(db);
    if (state !== 'empty') return { seeded: false, reason: state };
    const nowIso = new Date(config.now()).toISOString();

    const sites = [];
    for (const s of data.sites) sites.push({ id: s.id, code: s.code, name: s.name, time_zone: s.timeZone, address: s.address, rev: await tx.nextRev() });
    await insertChunks(db, 'sites', sites);
    const locations = [];
    for (const l of data.locations) locations.push({ id: l.id, site_id: l.siteId, name: l.name, rev: await tx.nextRev() });
    await insertChunks(db, 'locations', locations);
    const groups = [];
    for (const g of data.groups) groups.push({ id: g.id, name: g.name, rev: await tx.nextRev() });
    await insertChunks(db, 'groups', groups);

    const persons = [];
    for (const p of data.persons) {
      persons.push({ id: p.id, username: p.username, display_name: p.displayName, email: p.email, role: p.role, site_id: p.siteId, rev: await tx.nextRev() });
    }
    await insertChunks(db, 'persons', persons);
    await insertChunks(
      db,
      'person_groups',
      data.persons.flatMap((p) => p.groupIds.map((g) => ({ person_id: p.id, group_id: g }))),
    );
    await insertChunks(
      db,
      'credentials',
      data.persons.map((p, i) => {
        const h = hashes[i];
        if (!h) throw new Error('missing password hash');
        return { person_id: p.id, algorithm: h.algorithm, salt: h.salt, hash: h.hash, n: h.n, r: h.r, p: h.p, key_len: h.keyLen, updated_at: nowIso };
      }),
    );

    const tickets = [];
    for (const t of data.tickets) {
      const rev = await tx.nextRev();
      const number = await nextTicketNumber(db, t.kind);
      const record = { ...t, number, rev };
      const fieldRevs = Object.fromEntries(Object.keys(record).filter((k) => k !== 'id' && k !== 'rev').map((k) => [k, rev]));
      tickets.push({ ...ticketToRow(record), field_revs: JSON.stringify(fieldRevs) });
    }
    await insertChunks(db, 'tickets', tickets, 50);

    const worklogs = [];
    const byTime = [...data.worklogs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    for (const w of byTime) {
      worklogs.push({ id: w.id, ticket_id: w.ticketId, author_id: w.authorId, body: w.body, minutes: w.minutes, created_at: w.createdAt, rev: await tx.nextRev() });
    }
    await insertChunks(db, 'worklogs', worklogs);

    const assets = [];
    for (const a of data.assets) {
      assets.push({
        id: a.id,
        tag: a.tag,
        serial: a.serial,
        name: a.name,
        model: a.model,
        manufacturer: a.manufacturer,
        type: a.type,
        status: a.status,
        site_id: a.siteId,
        location_id: a.locationId,
        assigned_to_id: a.assignedToId,
        rev: await tx.nextRev(),
      });
    }
    await insertChunks(db, 'assets', assets);

    const cis = [];
    for (const c of itsm.configurationItems) {
      cis.push({ id: c.id, name: c.name, ci_type: c.ciType, status: c.status, asset_id: c.assetId, site_id: c.siteId, description: c.description, rev: await tx.nextRev() });
    }
    await insertChunks(db, 'configuration_items', cis);
    const articles = [];
    for (const a of itsm.knowledgeArticles) {
      articles.push({
        id: a.id,
        number: a.number,
        title: a.title,
        body: a.body,
        category: a.category,
        tags: JSON.stringify(a.tags),
        published: a.published ? 1 : 0,
        author_id: a.authorId,
        updated_at: a.updatedAt,
        rev: await tx.nextRev(),
      });
    }
    await insertChunks(db, 'knowledge_articles', articles, 20);
    const changes = [];
    for (const c of itsm.changes) {
      changes.push({
        id: c.id,
        number: c.number,
        title: c.title,
        description: c.description,
        status: c.status,
        risk: c.risk,
        window_start: c.windowStart,
        window_end: c.windowEnd,
        site_id: c.siteId,
        owner_id: c.ownerId,
        rev: await tx.nextRev(),
      });
    }
    await insertChunks(db, 'changes', changes);

    await db.insertInto('meta').values({ key: SEED_FLAG, value: nowIso }).execute();
    return {
      seeded: true,
      counts: {
        sites: sites.length,
        locations: locations.length,
        groups: groups.length,
        persons: persons.length,
        tickets: tickets.length,
        worklogs: worklogs.length,
        assets: assets.length,
        configurationItems: cis.length,
        knowledgeArticles: articles.length,
        changes: changes.length,
      },
    };
  });
}
