/**
 * Writes the demo data on first start, never twice: the data and the `meta.demo_seed` flag
 * are written in one write transaction, which also re-checks the flag under the writer lock,
 * so two servers starting at once on one database seed once. A database that already holds
 * people (real data) is never seeded.
 *
 * The data comes in three layers, each pure and deterministic: the core set (seed/demo.ts:
 * sites, people, tickets, assets), the CMDB, knowledge base and changes (demo-itsm.ts), and
 * the service desk on top (demo-desk.ts: ITSM facts and history of every ticket, problems,
 * tasks, links). The ITSM configuration itself is the row migration 0004 writes
 * (DEFAULT_ITSM_CONFIG), which demo-desk.ts plans the SLA clocks against.
 */
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import { buildDemoCiRelations } from './demo-cmdb';
import { writeDemoAssetLifecycle } from './demo-assets';
import { writeDemoChangeCis } from './demo-change-cis';
import { writeDemoAudits } from './demo-audits';
import { writeDemoConsumables } from './demo-consumables';
import { writeDemoContracts } from './demo-contracts';
import { writeDemoOrders } from './demo-orders';
import type { Insertable, Kysely } from 'kysely';
import type { ServerConfig } from '../config';
import type { Store, WriteTx } from '../db/database';
import { assetToRow, knowledgeArticleToRow, taskToRow, ticketEventToRow, ticketLinkToRow, ticketToRow, worklogToRow } from '../db/records';
import type { CiRelationTable, Database } from '../db/types';
import { bulkInsert } from '../sync/bulk';
import { hashPassword } from '../auth/passwords';
import { nextTicketNumber } from '../itsm/numbering';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import { DEMO_PASSWORD } from './catalog';
import { buildDemoData } from './demo';
import { buildDemoDesk } from './demo-desk';
import { buildDemoItsmData } from './demo-itsm';
import { buildDemoChanges, writeDemoChanges } from './demo-changes';
import { fieldRevsAt } from './field-revs';

export const SEED_FLAG = 'demo_seed';

export type SeedOutcome =
  | {
      seeded: true;
      counts: Record<
        | 'sites'
        | 'locations'
        | 'groups'
        | 'persons'
        | 'tickets'
        | 'worklogs'
        | 'assets'
        | 'configurationItems'
        | 'knowledgeArticles'
        | 'changes'
        | 'tasks'
        | 'ticketLinks'
        | 'ticketEvents'
        | 'ciRelations',
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

/** Sets a numbering counter (ticket_counters) to the last number the seed gave itself. */
async function setCounter(db: Kysely<Database>, kind: string, last: number): Promise<void> {
  await db
    .insertInto('ticket_counters')
    .values({ kind, last_number: last })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: last }))
    .execute();
}

export async function seedDemoData(store: Store, config: Pick<ServerConfig, 'now' | 'passwordHashing'>): Promise<SeedOutcome> {
  const before = await seedState(store.db);
  if (before !== 'empty') return { seeded: false, reason: before };

  const data = buildDemoData(config.now());
  const itsm = buildDemoItsmData(config.now(), data);
  const desk = buildDemoDesk(config.now(), data, itsm);
  const demoChanges = buildDemoChanges(config.now(), data);
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

    // Numbers follow the order tickets were raised in (desk.tickets is sorted so); problems
    // are written first, since incidents refer to them.
    const tickets = [];
    for (const t of desk.tickets) {
      const rev = await tx.nextRev();
      const number = await nextTicketNumber(db, t.kind);
      tickets.push({ ...ticketToRow({ ...t, number, rev }), field_revs: fieldRevsAt(t, rev) });
    }
    await insertChunks(
      db,
      'tickets',
      [...tickets.filter((t) => t.kind === 'problem'), ...tickets.filter((t) => t.kind !== 'problem')],
      50,
    );

    const worklogs = [];
    const byTime = [...desk.worklogs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    for (const w of byTime) worklogs.push(worklogToRow({ ...w, rev: await tx.nextRev() }));
    await insertChunks(db, 'worklogs', worklogs);

    const assets = [];
    for (const a of data.assets) {
      assets.push({ ...assetToRow(a), rev: await tx.nextRev() });
    }
    await insertChunks(db, 'assets', assets);

    const cis = [];
    for (const c of itsm.configurationItems) {
      cis.push({ id: c.id, name: c.name, ci_type: c.ciType, status: c.status, asset_id: c.assetId, site_id: c.siteId, description: c.description, rev: await tx.nextRev() });
    }
    await bulkInsert(db, store.kind, { table: 'configuration_items', columns: Object.keys(cis[0] ?? {}) as (keyof (typeof cis)[number])[], rows: cis });
    const articles = [];
    for (const a of desk.knowledgeArticles) articles.push(knowledgeArticleToRow({ ...a, rev: await tx.nextRev() }));
    await insertChunks(db, 'knowledge_articles', articles, 20);
    // Push numbers new articles from this counter: continue after the seeded KB-nnnn.
    await setCounter(db, 'knowledge_article', articles.length);
    const changes = await writeDemoChanges(tx, store.kind, demoChanges);

    const tasks = [];
    for (const [i, t] of desk.tasks.entries()) {
      const rev = await tx.nextRev();
      tasks.push({ ...taskToRow({ ...t, number: formatTicketNumber('task', i + 1), rev }), field_revs: fieldRevsAt(t, rev) });
    }
    await insertChunks(db, 'tasks', tasks, 50);
    await setCounter(db, 'task', tasks.length);

    const links = [];
    for (const l of [...desk.ticketLinks].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
      links.push(ticketLinkToRow({ ...l, rev: await tx.nextRev() }));
    }
    await insertChunks(db, 'ticket_links', links);
    const events = [];
    for (const e of [...desk.ticketEvents].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id))) {
      events.push(ticketEventToRow({ ...e, rev: await tx.nextRev() }));
    }
    await insertChunks(db, 'ticket_events', events);
    // Last, so that every other demo record keeps its rev; ~600 rows in one statement or a few.
    const ciRelations: CiRelationTable[] = [];
    for (const r of buildDemoCiRelations(config.now(), data.sites, itsm.configurationItems, data.assets)) {
      ciRelations.push(rowFromRecord(entities.ci_relation, { ...r, rev: await tx.nextRev() }) as unknown as CiRelationTable);
    }
    await bulkInsert(db, store.kind, { table: 'ci_relations', columns: Object.keys(ciRelations[0] ?? {}) as (keyof CiRelationTable)[], rows: ciRelations });
    await writeDemoConsumables(tx, config.now(), data);
    await writeDemoAssetLifecycle(tx, store.kind, config.now(), data);
    await writeDemoContracts(tx, config.now(), { ...data, configurationItems: itsm.configurationItems });
    await writeDemoOrders(tx, config.now(), data);
    // Last: the closed audit stamps its assets (lastAuditedOn, an 'audited' history line).
    await writeDemoAudits(tx, store.kind, config.now(), data);
    // The CIs each change affects, picked among the CIs written above.
    await writeDemoChangeCis(tx, config.now());

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
        tasks: tasks.length,
        ticketLinks: links.length,
        ticketEvents: events.length,
        ciRelations: ciRelations.length,
      },
    };
  });
}
