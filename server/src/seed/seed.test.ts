import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import {
  AssetSchema,
  ChangeRequestSchema,
  ConfigurationItemSchema,
  KnowledgeArticleSchema,
  TicketSchema,
  type Ticket,
} from '@fielddesk/common/domain/entities';
import { TICKET_STATUSES, checkTransition } from '@fielddesk/common/itsm/lifecycle';
import { createServer, type FieldDeskServer } from '../app';
import { assetFromRow, changeFromRow, configurationItemFromRow, knowledgeArticleFromRow, ticketFromRow } from '../db/records';
import { count } from '../../test/http';
import { describeStores, testConfig } from '../../test/stores';
import { buildDemoData } from './demo';
import { buildDemoItsmData } from './demo-itsm';

describe('demo data', () => {
  it('is deterministic apart from where "now" is', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(buildDemoData(now)).toEqual(buildDemoData(now));
    const later = buildDemoData(now + 86_400_000);
    const earlier = buildDemoData(now);
    expect(later.tickets.map((t) => t.title)).toEqual(earlier.tickets.map((t) => t.title));
    expect(later.assets.map((a) => a.serial)).toEqual(earlier.assets.map((a) => a.serial));
    expect(buildDemoItsmData(now, earlier)).toEqual(buildDemoItsmData(now, buildDemoData(now)));
    expect(buildDemoItsmData(now + 86_400_000, later).knowledgeArticles.map((a) => a.body)).toEqual(
      buildDemoItsmData(now, earlier).knowledgeArticles.map((a) => a.body),
    );
  });
});

describeStores('demo seed', (h) => {
  let s: FieldDeskServer;
  let tickets: Ticket[];
  beforeAll(async () => {
    s = await h.start();
    tickets = (await s.db.selectFrom('tickets').selectAll().execute()).map(ticketFromRow);
  });

  it('reports what it created', () => {
    expect(s.seed).toEqual({
      seeded: true,
      counts: {
        sites: 3,
        locations: 16,
        groups: 2,
        persons: 28,
        tickets: 300,
        worklogs: expect.any(Number),
        assets: 400,
        configurationItems: 60,
        knowledgeArticles: 40,
        changes: 30,
      },
    });
  });

  it('has 3 sites with time zones and several locations each, and 2 support groups', async () => {
    const sites = await s.db.selectFrom('sites').selectAll().execute();
    expect(sites.map((x) => x.code).sort()).toEqual(['DC', 'HQ', 'LAB']);
    for (const site of sites) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: site.time_zone })).not.toThrow();
      const locs = await s.db.selectFrom('locations').select('id').where('site_id', '=', site.id).execute();
      expect(locs.length).toBeGreaterThanOrEqual(3);
    }
    expect((await s.db.selectFrom('groups').select('name').orderBy('name').execute()).map((g) => g.name)).toEqual(['Field Support', 'Service Desk']);
  });

  it('has tech1..tech6, desk1, admin and 20 requesters, all with scrypt credentials', async () => {
    const people = await s.db.selectFrom('persons').select(['username', 'role', 'display_name']).execute();
    const byRole = (role: string) => people.filter((p) => p.role === role).map((p) => p.username).sort();
    expect(byRole('technician')).toEqual(['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6']);
    expect(byRole('agent')).toEqual(['desk1']);
    expect(byRole('admin')).toEqual(['admin']);
    expect(byRole('requester')).toHaveLength(20);
    expect(people.find((p) => p.username === 'tech1')?.display_name).toBe('Alex Morgan');
    const creds = await s.db.selectFrom('credentials').selectAll().execute();
    expect(creds).toHaveLength(28);
    expect(new Set(creds.map((c) => c.salt)).size).toBe(28);
    expect(creds.every((c) => c.algorithm === 'scrypt' && !c.hash.includes('fielddesk-demo'))).toBe(true);
  });

  it('has 300 valid tickets in every state, of both kinds, consistent with the lifecycle', () => {
    expect(tickets).toHaveLength(300);
    for (const t of tickets) expect(TicketSchema.safeParse(t).success, JSON.stringify(t)).toBe(true);
    for (const status of TICKET_STATUSES) {
      for (const kind of ['incident', 'service_request'] as const) {
        expect(tickets.some((t) => t.status === status && t.kind === kind), `${kind} ${status}`).toBe(true);
      }
    }
    for (const t of tickets) {
      if (t.status === 'assigned' || t.status === 'in_progress') expect(t.assigneeId, t.number ?? '').not.toBeNull();
      if (t.status === 'on_hold') expect(t.onHoldReason?.trim()).toBeTruthy();
      if (t.status === 'resolved' || t.status === 'closed') {
        expect(t.resolutionNotes?.trim()).toBeTruthy();
        expect(t.resolutionCode).toBeTruthy();
        expect(t.resolvedAt).not.toBeNull();
        expect(t.resolvedAt! >= t.createdAt).toBe(true);
      } else {
        expect(t.resolvedAt).toBeNull();
      }
      if (t.status === 'closed') expect(t.closedAt! >= t.resolvedAt!).toBe(true);
      else expect(t.closedAt).toBeNull();
      expect(t.updatedAt >= t.createdAt).toBe(true);
      const from = t.status === 'closed' ? 'resolved' : 'new';
      expect(checkTransition(from, t.status, t).ok).toBe(true);
    }
  });

  it('numbers tickets through the real counters: INC-0001… and REQ-0001… without gaps', async () => {
    for (const [kind, prefix] of [
      ['incident', 'INC'],
      ['service_request', 'REQ'],
    ] as const) {
      const numbers = tickets.filter((t) => t.kind === kind).map((t) => t.number);
      const expected = numbers.map((_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
      expect([...numbers].sort()).toEqual(expected);
      const counter = await s.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', kind).executeTakeFirstOrThrow();
      expect(Number(counter.last_number)).toBe(numbers.length);
    }
  });

  it('gives each ticket 0 to 4 worklogs by staff, within the ticket lifetime', async () => {
    const logs = await s.db.selectFrom('worklogs').selectAll().execute();
    expect(logs.length).toBeGreaterThan(300);
    const perTicket = new Map<string, number>();
    for (const l of logs) perTicket.set(l.ticket_id, (perTicket.get(l.ticket_id) ?? 0) + 1);
    expect(Math.max(...perTicket.values())).toBeLessThanOrEqual(4);
    const staff = new Set((await s.db.selectFrom('persons').select('id').where('role', '!=', 'requester').execute()).map((p) => p.id));
    const byId = new Map(tickets.map((t) => [t.id, t]));
    for (const l of logs) {
      expect(staff.has(l.author_id)).toBe(true);
      expect(l.created_at >= (byId.get(l.ticket_id)?.createdAt ?? '')).toBe(true);
    }
  });

  it('has 400 assets with unique FD- tags, serials, models and statuses', async () => {
    const assets = (await s.db.selectFrom('assets').selectAll().execute()).map(assetFromRow);
    expect(assets).toHaveLength(400);
    for (const a of assets) expect(AssetSchema.safeParse(a).success).toBe(true);
    expect(new Set(assets.map((a) => a.tag)).size).toBe(400);
    expect(assets.every((a) => /^FD-\d{6}$/.test(a.tag) && a.serial && a.model && a.manufacturer)).toBe(true);
    expect(new Set(assets.map((a) => a.status))).toEqual(new Set(['in_stock', 'deployed', 'in_repair', 'retired', 'missing']));
  });

  it('has ~60 configuration items by site, many backed by assets', async () => {
    const cis = (await s.db.selectFrom('configuration_items').selectAll().execute()).map(configurationItemFromRow);
    expect(cis).toHaveLength(60);
    for (const c of cis) expect(ConfigurationItemSchema.strict().safeParse(c).success, JSON.stringify(c)).toBe(true);
    expect(cis.filter((c) => c.assetId !== null).length).toBeGreaterThanOrEqual(20);
    for (const type of ['server', 'switch', 'printer', 'service']) expect(cis.some((c) => c.ciType === type), type).toBe(true);
    expect(new Set(cis.map((c) => c.siteId).filter(Boolean)).size).toBe(3);
    const assets = new Map((await s.db.selectFrom('assets').select(['id', 'site_id']).execute()).map((a) => [a.id, a.site_id]));
    for (const c of cis) if (c.assetId) expect(assets.get(c.assetId)).toBe(c.siteId);
  });

  it('has 40 knowledge articles in markdown, some unpublished', async () => {
    const articles = (await s.db.selectFrom('knowledge_articles').selectAll().execute()).map(knowledgeArticleFromRow);
    expect(articles).toHaveLength(40);
    for (const a of articles) {
      expect(KnowledgeArticleSchema.strict().safeParse(a).success, a.title).toBe(true);
      expect(a.body).toMatch(/^## Summary/);
      expect(a.body).toMatch(/\n1\. /);
    }
    expect(articles.filter((a) => a.body.includes('```')).length).toBeGreaterThan(5);
    expect(articles.filter((a) => !a.published).length).toBeGreaterThanOrEqual(3);
    expect(articles.filter((a) => a.published).length).toBeGreaterThan(30);
  });

  it('has 30 changes with windows from 30 days ago to 120 days ahead, in every status', async () => {
    const changes = (await s.db.selectFrom('changes').selectAll().execute()).map(changeFromRow);
    expect(changes).toHaveLength(30);
    for (const c of changes) {
      expect(ChangeRequestSchema.strict().safeParse(c).success, c.title).toBe(true);
      expect(c.windowEnd > c.windowStart).toBe(true);
    }
    const now = Date.now();
    const days = changes.map((c) => (Date.parse(c.windowStart) - now) / 86_400_000);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(-31);
    expect(Math.min(...days)).toBeLessThan(-20);
    expect(Math.max(...days)).toBeLessThanOrEqual(121);
    expect(Math.max(...days)).toBeGreaterThan(100);
    expect(new Set(changes.map((c) => c.status))).toEqual(new Set(['draft', 'scheduled', 'implementing', 'completed', 'cancelled']));
    for (const c of changes) {
      if (c.status === 'completed') expect(Date.parse(c.windowEnd)).toBeLessThan(now);
      if (c.status === 'implementing') expect(Date.parse(c.windowStart)).toBeLessThanOrEqual(now);
    }
    expect(changes.map((c) => c.number).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `CHG-${String(i + 1).padStart(4, '0')}`));
  });

  it('gives every record its own rev from the one sequence', async () => {
    const revs: number[] = [];
    for (const table of ['sites', 'locations', 'groups', 'persons', 'tickets', 'worklogs', 'assets', 'configuration_items', 'knowledge_articles', 'changes'] as const) {
      revs.push(...(await s.db.selectFrom(table).select('rev').execute()).map((r) => Number(r.rev)));
    }
    expect(new Set(revs).size).toBe(revs.length);
    expect(Math.max(...revs)).toBe(await s.store.currentRev());
  });

  it('lets every demo staff member sign in with the demo password', async () => {
    for (const username of ['tech1', 'tech6', 'desk1', 'admin']) {
      const res = await s.app.inject({ method: 'POST', url: API.login, payload: { username, password: 'fielddesk-demo', client: 'desktop' } });
      expect(res.statusCode, username).toBe(200);
    }
  });

  it('never seeds twice: a second start on the same database keeps the data as it is', async () => {
    const store = await h.newStore();
    const first = await createServer(testConfig(store));
    const rev = await first.store.currentRev();
    await first.close();
    const second = h.track(await createServer(testConfig(store)));
    expect(second.seed).toEqual({ seeded: false, reason: 'already-seeded' });
    expect(await count(second, 'tickets')).toBe(300);
    expect(await count(second, 'assets')).toBe(400);
    expect(await second.store.currentRev()).toBe(rev);
  });

  // Two SQLite servers in one process would block each other's thread on the file lock;
  // for SQLite, main.test.ts starts two real processes instead.
  it.skipIf(h.kind === 'sqlite')('seeds once when two servers start on the same empty database at the same time (SQLite: see main.test.ts)', async () => {
    const store = await h.newStore();
    const [a, b] = await Promise.all([createServer(testConfig(store)), createServer(testConfig(store))]);
    h.track(a);
    h.track(b);
    expect([a.seed.seeded, b.seed.seeded].filter(Boolean)).toHaveLength(1);
    expect(await count(a, 'tickets')).toBe(300);
    expect(await count(a, 'persons')).toBe(28);
  });

  it('does not seed a database that already holds people', async () => {
    const store = await h.newStore();
    const empty = await createServer(testConfig(store, { seedDemoData: false }));
    expect(empty.seed).toEqual({ seeded: false, reason: 'disabled' });
    await empty.store.write(async (tx) => {
      await tx.db
        .insertInto('persons')
        .values({ id: '0190f000-0000-7000-8000-0000000000aa', username: 'realuser', display_name: 'Real User', email: '', role: 'admin', site_id: null, rev: await tx.nextRev() })
        .execute();
    });
    await empty.close();
    const later = h.track(await createServer(testConfig(store)));
    expect(later.seed).toEqual({ seeded: false, reason: 'has-data' });
    expect(await count(later, 'tickets')).toBe(0);
  });
});
