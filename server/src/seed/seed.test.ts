import { sql } from 'kysely';
import { ENTITIES } from '@fielddesk/common/entities/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import {
  AssetSchema,
  ConfigurationItemSchema,
  KnowledgeArticleSchema,
  TaskSchema,
  TicketEventSchema,
  TicketLinkSchema,
  TicketSchema,
  WorklogSchema,
  type KnowledgeArticle,
  type Task,
  type Ticket,
  type TicketEvent,
  type TicketLink,
} from '@fielddesk/common/domain/entities';
import { priorityFor } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { TICKET_STATUSES, checkAssignee, checkTransition, statusEffects, type LifecycleFields, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { computeSla } from '@fielddesk/common/itsm/sla';
import { createServer, type FieldDeskServer } from '../app';
import {
  assetFromRow,
  changeFromRow,
  configurationItemFromRow,
  itsmConfigFromRow,
  knowledgeArticleFromRow,
  taskFromRow,
  ticketEventFromRow,
  ticketFromRow,
  ticketLinkFromRow,
  worklogFromRow,
} from '../db/records';
import { canSeeTask } from '../sync/scope';
import { count } from '../../test/http';
import { CHANGE_STATES } from '@fielddesk/common/changes/lifecycle';
import { ChangeRequestSchema } from '@fielddesk/common/changes/records';
import { describeStores, testConfig } from '../../test/stores';
import { buildDemoData } from './demo';
import { buildDemoDesk } from './demo-desk';
import { buildDemoItsmData } from './demo-itsm';

const DAY = 86_400_000;

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
    const desk = (at: number) => {
      const core = buildDemoData(at);
      return buildDemoDesk(at, core, buildDemoItsmData(at, core));
    };
    const first = desk(now);
    expect(desk(now)).toEqual(first);
    // Another day: the same tickets, problems, tasks and links, only at other times.
    const other = desk(now + 3 * 86_400_000 + 7 * 3_600_000);
    const titles = (d: typeof first) => d.tickets.map((t) => `${t.kind} ${t.title} ${t.status} ${t.problemId}`).sort();
    expect(titles(other)).toEqual(titles(first));
    expect(other.tasks.map((t) => t.title).sort()).toEqual(first.tasks.map((t) => t.title).sort());
    expect(other.ticketLinks.map((l) => l.targetId).sort()).toEqual(first.ticketLinks.map((l) => l.targetId).sort());
  });

  it('puts the SLA clocks at a realistic mix whatever the weekday and time the seed runs', () => {
    // A Wednesday morning in New York, a Saturday night, a US holiday (Thanksgiving), a Monday before opening.
    for (const at of ['2026-11-18T15:00:00Z', '2026-11-21T23:30:00Z', '2026-11-26T17:00:00Z', '2026-11-23T11:00:00Z']) {
      const now = Date.parse(at);
      const core = buildDemoData(now);
      const desk = buildDemoDesk(now, core, buildDemoItsmData(now, core));
      const open = { ok: 0, warning: 0, breached: 0 };
      const done = { ok: 0, warning: 0, breached: 0 };
      let dueSoon = 0;
      for (const p of desk.tickets.filter((x) => x.kind === 'problem')) expect(computeSla(p, DEFAULT_ITSM_CONFIG, now)?.level, p.title).toBe('ok');
      for (const t of desk.tickets.filter((x) => x.kind !== 'problem')) {
        const sla = computeSla(t, DEFAULT_ITSM_CONFIG, now);
        expect(sla, t.title).not.toBeNull();
        if (!sla) continue;
        const isOpen = t.status !== 'resolved' && t.status !== 'closed';
        (isOpen ? open : done)[sla.level]++;
        const due = sla.resolution.dueAt ? Date.parse(sla.resolution.dueAt) : null;
        if (isOpen && due !== null && due >= now && due < now + DAY) dueSoon++;
      }
      const openTotal = open.ok + open.warning + open.breached;
      expect(open.ok / openTotal, at).toBeGreaterThan(0.5);
      expect(open.warning / openTotal, at).toBeGreaterThan(0.08);
      expect(open.breached / openTotal, at).toBeGreaterThan(0.08);
      expect(open.breached / openTotal, at).toBeLessThan(0.3);
      expect(done.ok / (done.ok + done.breached), at).toBeGreaterThan(0.75);
      expect(done.breached, at).toBeGreaterThan(0);
      expect(dueSoon, at).toBeGreaterThanOrEqual(5);
    }
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
        groups: 2, // and the Change Advisory Board from demo-changes.ts
        persons: 28,
        tickets: 315,
        worklogs: expect.any(Number),
        assets: 400, // and 30 non-IT ones from demo-assets.ts
        configurationItems: 300,
        knowledgeArticles: 40,
        changes: 60,
        tasks: expect.any(Number),
        ticketLinks: expect.any(Number),
        ticketEvents: expect.any(Number),
        ciRelations: 597,
      },
    });
  });

  it('has 3 sites with time zones and several locations each, 2 support groups and the Change Advisory Board', async () => {
    const sites = await s.db.selectFrom('sites').selectAll().execute();
    expect(sites.map((x) => x.code).sort()).toEqual(['DC', 'HQ', 'LAB']);
    for (const site of sites) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: site.time_zone })).not.toThrow();
      const locs = await s.db.selectFrom('locations').select('id').where('site_id', '=', site.id).execute();
      expect(locs.length).toBeGreaterThanOrEqual(3);
    }
    expect((await s.db.selectFrom('groups').select('name').orderBy('name').execute()).map((g) => g.name)).toEqual(['Change Advisory Board', 'Field Support', 'Service Desk']);
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

  it('has 300 incidents and service requests and 15 problems, valid, in every state, consistent with the lifecycle', () => {
    expect(tickets).toHaveLength(315);
    expect(tickets.filter((t) => t.kind === 'problem')).toHaveLength(15);
    for (const t of tickets) expect(TicketSchema.strict().safeParse(t).success, JSON.stringify(t)).toBe(true);
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

  it('numbers tickets through the real counters: INC-0001…, REQ-0001…, PRB-0001… without gaps', async () => {
    for (const [kind, prefix] of [
      ['incident', 'INC'],
      ['service_request', 'REQ'],
      ['problem', 'PRB'],
    ] as const) {
      const numbers = tickets.filter((t) => t.kind === kind).map((t) => t.number);
      const expected = numbers.map((_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
      expect([...numbers].sort()).toEqual(expected);
      const counter = await s.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', kind).executeTakeFirstOrThrow();
      expect(Number(counter.last_number)).toBe(numbers.length);
    }
  });

  it('gives tickets work notes and public replies by staff, within the ticket lifetime', async () => {
    const logs = (await s.db.selectFrom('worklogs').selectAll().execute()).map(worklogFromRow);
    expect(logs.length).toBeGreaterThan(300);
    for (const l of logs) expect(WorklogSchema.strict().safeParse(l).success, JSON.stringify(l)).toBe(true);
    const perTicket = new Map<string, number>();
    for (const l of logs) perTicket.set(l.ticketId, (perTicket.get(l.ticketId) ?? 0) + 1);
    expect(Math.max(...perTicket.values())).toBeLessThanOrEqual(7);
    const publicReplies = logs.filter((l) => l.visibility === 'public');
    expect(publicReplies.length).toBeGreaterThan(50);
    expect(publicReplies.length).toBeLessThan(logs.length / 2);
    const staff = new Set((await s.db.selectFrom('persons').select('id').where('role', '!=', 'requester').execute()).map((p) => p.id));
    const byId = new Map(tickets.map((t) => [t.id, t]));
    for (const l of logs) {
      expect(staff.has(l.authorId)).toBe(true);
      expect(l.createdAt >= (byId.get(l.ticketId)?.createdAt ?? '')).toBe(true);
      expect(Date.parse(l.createdAt)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('has 400 hardware assets (FD- tags) and 30 non-IT ones (NIT-), in every state and substate, each with its model, money and history', async () => {
    // Less the docks received from a demo purchase order (demo-orders.ts), which have no 'created' event.
    const assets = (await s.db.selectFrom('assets').selectAll().where('order_line_id', 'is', null).execute()).map(assetFromRow);
    expect(assets).toHaveLength(430);
    for (const a of assets) expect(AssetSchema.safeParse(a).success).toBe(true);
    expect(new Set(assets.map((a) => a.tag)).size).toBe(430);
    const hardware = assets.filter((a) => a.kind === 'hardware');
    expect(hardware).toHaveLength(400);
    expect(hardware.every((a) => /^FD-\d{6}$/.test(a.tag) && a.serial && a.model && a.manufacturer && a.modelId && a.purchasedOn && a.costCents)).toBe(true);
    expect(assets.filter((a) => a.kind === 'non_it').every((a) => /^NIT-\d{4}$/.test(a.tag) && a.modelId)).toBe(true);
    expect(new Set(assets.map((a) => a.state))).toEqual(new Set(['ordered', 'in_stock', 'in_use', 'in_maintenance', 'retired', 'disposed', 'missing']));
    const substates = new Set(assets.map((a) => `${a.state}:${a.substate}`));
    for (const s of ['in_stock:available', 'in_stock:reserved', 'in_stock:defective', 'in_stock:pending_disposal', 'retired:sold', 'retired:donated', 'missing:lost', 'missing:stolen']) expect(substates).toContain(s);
    // Every asset checked out has its open check-out; some are overdue, some wait for a signature.
    const open = await s.db.selectFrom('asset_checkouts').selectAll().where('checked_in_at', 'is', null).execute();
    const held = assets.filter((a) => a.checkedOutTo);
    expect(new Set(open.map((c) => c.asset_id))).toEqual(new Set(held.map((a) => a.id)));
    // The harness seeds at the current time.
    const now = Date.now();
    const today = new Date(now).toISOString().slice(0, 10);
    expect(open.some((c) => c.expected_return_on !== null && c.expected_return_on < today)).toBe(true);
    expect(open.some((c) => c.acceptance_required === 1 && c.accepted_at === null)).toBe(true);
    expect(open.some((c) => c.signature !== null)).toBe(true);
    // Warranties ending within 30 days, for the dashboard.
    const soon = assets.filter((a) => a.warrantyEndsOn && a.warrantyEndsOn >= today && a.warrantyEndsOn <= new Date(now + 30 * DAY).toISOString().slice(0, 10));
    expect(soon.length).toBeGreaterThanOrEqual(10);
    // Each asset's history starts with its creation.
    const created = await s.db.selectFrom('asset_events').select('asset_id').where('kind', '=', 'created').execute();
    expect(new Set(created.map((e) => e.asset_id)).size).toBe(430);
  });

  it('has 300 configuration items by site, many backed by assets, and ~600 relations between them', async () => {
    const cis = (await s.db.selectFrom('configuration_items').selectAll().execute()).map(configurationItemFromRow);
    expect(cis).toHaveLength(300);
    for (const c of cis) expect(ConfigurationItemSchema.strict().safeParse(c).success, JSON.stringify(c)).toBe(true);
    expect(cis.filter((c) => c.assetId !== null).length).toBeGreaterThanOrEqual(100);
    for (const type of ['business_service', 'application', 'database', 'server', 'virtual_machine', 'switch', 'firewall', 'printer', 'workstation']) expect(cis.some((c) => c.ciType === type), type).toBe(true);
    expect(new Set(cis.map((c) => c.siteId).filter(Boolean)).size).toBe(3);
    const assets = new Map((await s.db.selectFrom('assets').select(['id', 'site_id']).execute()).map((a) => [a.id, a.site_id]));
    for (const c of cis) if (c.assetId) expect(assets.get(c.assetId)).toBe(c.siteId);
    const relations = await s.db.selectFrom('ci_relations').select(['from_id', 'to_id']).execute();
    expect(relations).toHaveLength(597);
    const ids = new Set(cis.map((c) => c.id));
    for (const r of relations) expect(ids.has(r.from_id) && ids.has(r.to_id) && r.from_id !== r.to_id).toBe(true);
  });

  it('has 40 knowledge articles in markdown, some unpublished, some written from resolved tickets', async () => {
    const articles = (await s.db.selectFrom('knowledge_articles').selectAll().execute()).map(knowledgeArticleFromRow);
    expect(articles).toHaveLength(40);
    for (const a of articles) {
      expect(KnowledgeArticleSchema.strict().safeParse(a).success, a.title).toBe(true);
      expect(a.body).toMatch(/^## Summary/);
      expect(a.body).toMatch(/\n1\. /);
      expect(a.body).toMatch(/\n## See also\n\n- \[[^\]]+\]\(https:\/\//);
      expect(a.createdAt <= a.updatedAt, a.title).toBe(true);
    }
    expect(articles.filter((a) => a.body.includes('```')).length).toBeGreaterThan(5);
    expect(articles.filter((a) => /\n\| --- \| --- /.test(a.body)).length).toBeGreaterThanOrEqual(5);
    const fromTickets = articles.filter((a) => a.sourceTicketId !== null);
    expect(fromTickets.length).toBeGreaterThanOrEqual(4);
    const byId = new Map(tickets.map((t) => [t.id, t]));
    for (const a of fromTickets) {
      const source = byId.get(a.sourceTicketId!);
      expect(source?.resolvedAt, a.title).toBeTruthy();
      expect(a.createdAt >= source!.resolvedAt!).toBe(true);
    }
    const counter = await s.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', 'knowledge_article').executeTakeFirstOrThrow();
    expect(Number(counter.last_number)).toBe(40);
    expect(articles.filter((a) => !a.published).length).toBeGreaterThanOrEqual(3);
    expect(articles.filter((a) => a.published).length).toBeGreaterThan(30);
  });

  it('has 60 changes from 90 days ago to 90 days ahead, in every state and type, with windows, a CAB and two releases', async () => {
    const changes = (await s.db.selectFrom('changes').selectAll().execute()).map(changeFromRow);
    expect(changes).toHaveLength(60);
    for (const c of changes) {
      expect(ChangeRequestSchema.strict().safeParse(c).success, c.title).toBe(true);
      expect(c.windowEnd > c.windowStart).toBe(true);
    }
    const now = Date.now();
    const days = changes.map((c) => (Date.parse(c.windowStart) - now) / 86_400_000);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(-98);
    expect(Math.min(...days)).toBeLessThan(-80);
    expect(Math.max(...days)).toBeLessThanOrEqual(91);
    expect(Math.max(...days)).toBeGreaterThan(80);
    expect(new Set(changes.map((c) => c.status))).toEqual(new Set(CHANGE_STATES));
    expect(new Set(changes.map((c) => c.type))).toEqual(new Set(['standard', 'normal', 'emergency']));
    for (const c of changes) {
      if (c.status === 'closed') expect(Date.parse(c.windowEnd)).toBeLessThan(now);
      if (c.status === 'closed') expect(c.outcome).not.toBeNull();
      if (c.status === 'implement') expect(Date.parse(c.windowStart)).toBeLessThanOrEqual(now);
      if (c.type === 'standard') expect(['assess', 'authorize', 'rejected']).not.toContain(c.status);
    }
    expect(changes.map((c) => c.number).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `CHG-${String(i + 1).padStart(4, '0')}`));
    const windows = await s.db.selectFrom('change_windows').selectAll().orderBy('name').execute();
    expect(windows.map((w) => [w.name, w.kind, w.rrule, w.time_zone, w.start_time])).toEqual([
      ['Quarter-end freeze', 'freeze', 'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-5', 'Europe/Paris', '00:00'],
      ['Weekly maintenance window (data centre)', 'maintenance', 'FREQ=WEEKLY;BYDAY=SU', 'Europe/Paris', '02:00'],
    ]);
    const releases = await s.db.selectFrom('releases').selectAll().orderBy('number').execute();
    expect(releases.map((r) => r.number)).toEqual(['REL-0001', 'REL-0002']);
    for (const r of releases) expect(changes.filter((c) => c.releaseId === r.id).length, r.name).toBeGreaterThan(0);
    const cab = await s.db.selectFrom('groups').innerJoin('person_groups', 'person_groups.group_id', 'groups.id').innerJoin('persons', 'persons.id', 'person_groups.person_id').select('persons.username').where('groups.name', '=', 'Change Advisory Board').orderBy('persons.username').execute();
    expect(cab.map((p) => p.username)).toEqual(['desk1', 'tech1', 'tech4']);
    expect(await s.db.selectFrom('cab_meetings').select('rrule').execute()).toEqual([{ rrule: 'FREQ=WEEKLY;BYDAY=TU' }]);
  });

  describe('the service desk', () => {
    let tasks: Task[];
    let links: TicketLink[];
    let events: TicketEvent[];
    let articles: KnowledgeArticle[];
    let people: Map<string, { username: string; role: string; site_id: string | null }>;
    beforeAll(async () => {
      tasks = (await s.db.selectFrom('tasks').selectAll().execute()).map(taskFromRow);
      links = (await s.db.selectFrom('ticket_links').selectAll().execute()).map(ticketLinkFromRow);
      events = (await s.db.selectFrom('ticket_events').selectAll().execute()).map(ticketEventFromRow);
      articles = (await s.db.selectFrom('knowledge_articles').selectAll().execute()).map(knowledgeArticleFromRow);
      people = new Map((await s.db.selectFrom('persons').select(['id', 'username', 'role', 'site_id']).execute()).map((p) => [p.id, p]));
    });

    it('runs on the default ITSM configuration, with the demo CAB approving changes', async () => {
      const row = await s.db.selectFrom('itsm_config').selectAll().executeTakeFirstOrThrow();
      const config = itsmConfigFromRow(row);
      expect({ ...config, changes: undefined }).toEqual({ ...DEFAULT_ITSM_CONFIG, rev: Number(row.rev) });
      const cab = await s.db.selectFrom('groups').select('id').where('name', '=', 'Change Advisory Board').executeTakeFirstOrThrow();
      expect(config.changes?.approvalRules.map((r) => [r.id, r.groupId, r.quorum.rule])).toEqual([
        ['emergency', cab.id, 'first'],
        ['high', cab.id, 'majority'],
        ['normal', cab.id, 'percent'],
      ]);
    });

    it('gives tickets impact and urgency that map to their priority, and categories of the configuration', () => {
      const categories = new Map(DEFAULT_ITSM_CONFIG.categories.map((c) => [c.name, c.subcategories]));
      const catalog = new Set(DEFAULT_ITSM_CONFIG.catalog.map((c) => c.id));
      for (const t of tickets) {
        expect(priorityFor(DEFAULT_ITSM_CONFIG.priorityMatrix, t.impact, t.urgency), t.title).toBe(t.priority);
        expect(categories.get(t.category), t.category).toContain(t.subcategory);
        if (t.resolutionCode) expect(DEFAULT_ITSM_CONFIG.resolutionCodes).toContain(t.resolutionCode);
        if (t.kind !== 'service_request') expect(t.catalogItemId).toBeNull();
        else if (t.catalogItemId) expect(catalog.has(t.catalogItemId)).toBe(true);
      }
      expect(tickets.filter((t) => t.kind === 'service_request' && t.catalogItemId).length).toBeGreaterThan(40);
      for (const impact of [1, 2, 3]) expect(tickets.some((t) => t.impact === impact)).toBe(true);
    });

    it('keeps a history per ticket that replays to its state, respondedAt, holds and resolution times', () => {
      const now = Date.now();
      const byTicket = new Map<string, TicketEvent[]>();
      for (const e of events) {
        expect(TicketEventSchema.strict().safeParse(e).success, JSON.stringify(e)).toBe(true);
        expect(people.has(e.actorId)).toBe(true);
        expect(e.recordedAt >= e.at).toBe(true);
        expect(Date.parse(e.recordedAt)).toBeLessThanOrEqual(now);
        byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), e]);
      }
      expect(events.some((e) => e.recordedAt > e.at)).toBe(true); // some were made offline
      for (const t of tickets) {
        const history = (byTicket.get(t.id) ?? []).sort((a, b) => a.at.localeCompare(b.at) || Number(a.rev) - Number(b.rev));
        expect(history[0]?.type, t.title).toBe('created');
        expect(history[0]?.at).toBe(t.createdAt);
        expect(history.filter((e) => e.type === 'created')).toHaveLength(1);
        let fields: LifecycleFields = { status: 'new', respondedAt: null, resolvedAt: null, closedAt: null, slaHolds: [] };
        let assignee: string | null = null;
        for (const e of history) {
          if (e.type === 'status' || e.type === 'reopened') {
            expect(e.from, t.title).toBe(fields.status);
            const check = checkTransition(fields.status, e.to as TicketStatus, {
              assigneeId: t.assigneeId ?? 'someone',
              onHoldReason: 'a reason',
              resolutionNotes: 'notes',
              resolvedAt: fields.resolvedAt,
              reopenPeriodDays: DEFAULT_ITSM_CONFIG.reopenPeriodDays,
              at: e.at,
            });
            expect(check, `${t.title}: ${e.from} -> ${e.to}`).toEqual({ ok: true });
            fields = { ...fields, ...statusEffects(fields, e.to as TicketStatus, e.at) };
          }
          if (e.type === 'assignee') {
            expect(e.from).toBe(assignee);
            assignee = e.to;
          }
          if (e.type === 'problem') expect(e.to).toBe(t.problemId);
        }
        expect({ status: fields.status, respondedAt: fields.respondedAt, resolvedAt: fields.resolvedAt, closedAt: fields.closedAt, slaHolds: fields.slaHolds }, t.title).toEqual({
          status: t.status,
          respondedAt: t.respondedAt,
          resolvedAt: t.resolvedAt,
          closedAt: t.closedAt,
          slaHolds: t.slaHolds,
        });
        expect(assignee).toBe(t.assigneeId);
        if (t.problemId) expect(history.some((e) => e.type === 'problem')).toBe(true);
        expect(t.updatedAt >= (history.at(-1)?.at ?? '')).toBe(true);
      }
      expect(events.some((e) => e.type === 'reopened')).toBe(true);
      expect(tickets.some((t) => t.status !== 'on_hold' && t.slaHolds.length > 0)).toBe(true);
    });

    it('has problems with root causes, known errors with workarounds, and incidents linked to them', () => {
      const problems = tickets.filter((t) => t.kind === 'problem');
      const ids = new Set(problems.map((p) => p.id));
      expect(problems.filter((p) => p.rootCause).length).toBeGreaterThanOrEqual(12);
      const known = problems.filter((p) => p.knownError);
      expect(known.length).toBe(6);
      for (const p of known) {
        expect(p.rootCause?.trim(), p.title).toBeTruthy();
        expect(p.workaround?.trim(), p.title).toBeTruthy();
      }
      for (const t of tickets) if (t.kind !== 'problem') expect([t.rootCause, t.workaround, t.knownError]).toEqual([null, null, false]);
      const linked = tickets.filter((t) => t.problemId !== null);
      expect(linked.length).toBeGreaterThanOrEqual(35);
      const problemById = new Map(problems.map((p) => [p.id, p]));
      for (const t of linked) {
        expect(t.kind).toBe('incident');
        expect(ids.has(t.problemId!), t.title).toBe(true);
        const problem = problemById.get(t.problemId!)!;
        if (problem.siteId) expect(t.siteId, `${t.title} -> ${problem.title}`).toBe(problem.siteId);
      }
      expect(known.every((p) => linked.some((t) => t.problemId === p.id))).toBe(true);
    });

    it('has fulfilment tasks for catalog requests, tasks on incidents, and standalone tasks across tech1..tech6', () => {
      const now = Date.now();
      for (const t of tasks) expect(TaskSchema.strict().safeParse(t).success, JSON.stringify(t)).toBe(true);
      expect(tasks.map((t) => t.number).sort()).toEqual(tasks.map((_, i) => `TASK-${String(i + 1).padStart(4, '0')}`).sort());
      const byId = new Map(tickets.map((t) => [t.id, t]));
      for (const request of tickets.filter((t) => t.catalogItemId)) {
        const item = DEFAULT_ITSM_CONFIG.catalog.find((c) => c.id === request.catalogItemId)!;
        const mine = tasks.filter((t) => t.ticketId === request.id);
        expect(mine.map((t) => t.title).sort(), request.title).toEqual([...item.tasks].sort());
        if (request.status === 'resolved' || request.status === 'closed') expect(mine.every((t) => t.status === 'done' || t.status === 'cancelled')).toBe(true);
      }
      expect(tasks.some((t) => t.ticketId && byId.get(t.ticketId)?.kind === 'incident')).toBe(true);
      expect(tasks.filter((t) => t.ticketId === null).length).toBeGreaterThanOrEqual(30);
      for (const t of tasks) {
        if (t.ticketId) expect(byId.has(t.ticketId)).toBe(true);
        expect(people.has(t.createdById)).toBe(true);
        if (t.assigneeId) expect(people.get(t.assigneeId)?.role).toBe('technician');
        expect((t.completedAt !== null) === (t.status === 'done' || t.status === 'cancelled'), JSON.stringify(t)).toBe(true);
        if (t.dueAt) expect(t.dueAt > t.createdAt).toBe(true);
      }
      const open = (t: Task) => t.status === 'open' || t.status === 'in_progress';
      for (const username of ['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6']) {
        expect(tasks.some((t) => people.get(t.assigneeId ?? '')?.username === username), username).toBe(true);
      }
      const tech1 = tasks.filter((t) => people.get(t.assigneeId ?? '')?.username === 'tech1');
      expect(tech1.filter(open).length).toBeGreaterThanOrEqual(5);
      expect(tech1.some((t) => open(t) && Date.parse(t.dueAt!) < now)).toBe(true);
      expect(tech1.some((t) => open(t) && Date.parse(t.dueAt!) >= now && Date.parse(t.dueAt!) < now + DAY)).toBe(true);
      // Some of tech1's tasks are outside their group and site: visible to them as the assignee.
      expect(tech1.some((t) => t.groupId === null && t.siteId !== people.get(t.assigneeId!)?.site_id)).toBe(true);
    });

    it('makes every task visible to its assignee, and its group assignable by the lifecycle rule', async () => {
      const groups = new Map((await s.db.selectFrom('groups').select(['id', 'name']).execute()).map((g) => [g.id, g]));
      const memberships = await s.db.selectFrom('person_groups').selectAll().execute();
      const groupIdsOf = (id: string) => memberships.filter((m) => m.person_id === id).map((m) => m.group_id);
      for (const t of tasks.filter((x) => x.assigneeId !== null)) {
        const person = people.get(t.assigneeId!)!;
        const viewer = { id: t.assigneeId!, role: person.role as 'technician', siteId: person.site_id, groupIds: groupIdsOf(t.assigneeId!) };
        expect(canSeeTask(viewer, t), t.title).toBe(true);
        const group = t.groupId ? (groups.get(t.groupId) ?? null) : null;
        expect(checkAssignee({ displayName: person.username, role: person.role, groupIds: viewer.groupIds }, group).ok, t.title).toBe(true);
      }
      for (const t of tickets.filter((x) => x.assigneeId !== null)) {
        const person = people.get(t.assigneeId!)!;
        const group = t.groupId ? (groups.get(t.groupId) ?? null) : null;
        expect(checkAssignee({ displayName: person.username, role: person.role, groupIds: groupIdsOf(t.assigneeId!) }, group).ok, t.title).toBe(true);
      }
    });

    it('links tickets to assets and configuration items of their site and to knowledge articles', async () => {
      for (const l of links) expect(TicketLinkSchema.strict().safeParse(l).success).toBe(true);
      const byId = new Map(tickets.map((t) => [t.id, t]));
      const assets = new Map((await s.db.selectFrom('assets').select(['id', 'site_id']).execute()).map((a) => [a.id, a.site_id]));
      const cis = new Map((await s.db.selectFrom('configuration_items').select(['id', 'site_id']).execute()).map((c) => [c.id, c.site_id]));
      const articleIds = new Set(articles.map((a) => a.id));
      for (const target of ['asset', 'configuration_item', 'knowledge_article'] as const) expect(links.filter((l) => l.targetEntity === target).length, target).toBeGreaterThan(20);
      for (const l of links) {
        const ticket = byId.get(l.ticketId);
        expect(ticket).toBeDefined();
        if (l.targetEntity === 'asset') expect(assets.get(l.targetId)).toBe(ticket!.siteId);
        if (l.targetEntity === 'configuration_item') {
          expect(cis.has(l.targetId)).toBe(true);
          if (ticket!.siteId) expect(cis.get(l.targetId)).toBe(ticket!.siteId);
        }
        if (l.targetEntity === 'knowledge_article') expect(articleIds.has(l.targetId)).toBe(true);
        expect(l.createdAt >= ticket!.createdAt).toBe(true);
      }
      expect(new Set(links.map((l) => `${l.ticketId} ${l.targetId}`)).size).toBe(links.length);
    });
  });

  it('gives every record its own rev from the one sequence', async () => {
    const revs: number[] = [];
    // Every synced table, as declared (common/entities/).
    for (const table of new Set(ENTITIES.map((e) => e.table))) {
      revs.push(...(await sql<{ rev: number | string }>`select rev from ${sql.table(table)}`.execute(s.db)).rows.map((r) => Number(r.rev)));
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
    expect(await count(second, 'tickets')).toBe(315);
    expect(await count(second, 'assets')).toBe(434); // 430 and the four docks of a received demo order
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
    expect(await count(a, 'tickets')).toBe(315);
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
