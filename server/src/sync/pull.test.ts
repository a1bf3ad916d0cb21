import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import {
  AssetSchema,
  ConfigurationItemSchema,
  PersonSchema,
  TaskSchema,
  TicketEventSchema,
  TicketLinkSchema,
  TicketSchema,
  WorklogSchema,
  type Task,
  type Ticket,
  type TicketEvent,
  type TicketLink,
} from '@fielddesk/common/domain/entities';
import { ITSM_CONFIG_ID, ItsmConfigSchema } from '@fielddesk/common/itsm/config';
import { assetFromRow, configurationItemFromRow, itsmConfigFromRow, taskFromRow, ticketEventFromRow, ticketFromRow, ticketLinkFromRow } from '../db/records';
import { parseCursor, type Change, type PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop, loginWeb, OpFactory, push } from '../../test/http';
import { describeStores } from '../../test/stores';

describeStores('sync pull', (h) => {
  let s: FieldDeskServer;
  let tech1: string;
  let admin: string;

  const pull = (token: string, query: string) => s.app.inject({ method: 'GET', url: `${API.pull}${query}`, headers: bearer(token) });

  async function pullAll(token: string, limit: number, from = '0'): Promise<{ changes: Change[]; pages: number; cursor: string }> {
    const changes: Change[] = [];
    let cursor = from;
    let pages = 0;
    for (;;) {
      const res = await pull(token, `?cursor=${cursor}&limit=${limit}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      pages++;
      expect(page.changes.length).toBeLessThanOrEqual(limit);
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
      expect(page.changes).toHaveLength(limit);
      if (pages > 500) throw new Error('pull never finished');
    }
    return { changes, pages, cursor };
  }

  beforeAll(async () => {
    s = await h.start();
    tech1 = (await loginDesktop(s.app, 'tech1')).token;
    admin = (await loginDesktop(s.app, 'admin')).token;
  });

  it('pages through everything a technician may see, in rev order, each change once', async () => {
    const { changes, pages, cursor } = await pullAll(tech1, 97);
    expect(pages).toBeGreaterThan(3);
    const revs = changes.map((c) => c.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    expect(new Set(revs).size).toBe(revs.length);
    expect(parseCursor(cursor).rev).toBe(await s.store.currentRev());

    const byEntity = (e: string) => changes.filter((c) => c.entity === e && c.op === 'put').map((c) => (c.op === 'put' ? c.data : null));
    expect(byEntity('site')).toHaveLength(3);
    expect(byEntity('group')).toHaveLength(3); // Field Support, Service Desk, the Change Advisory Board
    expect(byEntity('location').length).toBeGreaterThanOrEqual(9);
    const people = byEntity('person');
    expect(people).toHaveLength(28);
    for (const p of people) {
      expect(PersonSchema.strict().safeParse(p).success).toBe(true);
      expect(JSON.stringify(p)).not.toMatch(/salt|hash|scrypt/);
    }
    // Assets: those of tech1's site only.
    const hqAssets = await s.db
      .selectFrom('assets')
      .select('id')
      .where('site_id', '=', (await loginDesktop(s.app, 'tech1')).body.user.siteId)
      .execute();
    expect(byEntity('asset').map((a) => a?.id).sort()).toEqual(hqAssets.map((a) => a.id).sort());

    // Exactly the tickets of tech1's group or site.
    const me = (await loginDesktop(s.app, 'tech1')).body.user;
    const expected = await s.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('group_id', 'in', me.groupIds), eb('site_id', '=', me.siteId)]))
      .execute();
    const tickets = byEntity('ticket') as Ticket[];
    expect(tickets.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    expect(tickets.length).toBeLessThan(300);
    for (const t of tickets) expect(TicketSchema.strict().safeParse(t).success).toBe(true);
    // Tickets, assets and CIs leave the database as JSON text: exactly what records.ts makes.
    const ticketRows = new Map((await s.db.selectFrom('tickets').selectAll().execute()).map((r) => [r.id, ticketFromRow(r)]));
    for (const t of tickets) expect(t).toStrictEqual(ticketRows.get(t.id));
    const assetRows = new Map((await s.db.selectFrom('assets').selectAll().execute()).map((r) => [r.id, assetFromRow(r)]));
    for (const a of byEntity('asset')) {
      expect(AssetSchema.strict().safeParse(a).success).toBe(true);
      expect(a).toStrictEqual(assetRows.get(a?.id ?? ''));
    }
    const ciRows = new Map((await s.db.selectFrom('configuration_items').selectAll().execute()).map((r) => [r.id, configurationItemFromRow(r)]));
    const cis = byEntity('configuration_item');
    expect(cis.length).toBeGreaterThan(0);
    for (const c of cis) {
      expect(ConfigurationItemSchema.strict().safeParse(c).success).toBe(true);
      expect(c).toStrictEqual(ciRows.get(c?.id ?? ''));
    }

    const visible = new Set(tickets.map((t) => t.id));
    const worklogs = byEntity('worklog');
    expect(worklogs.length).toBeGreaterThan(0);
    for (const w of worklogs) {
      expect(WorklogSchema.safeParse(w).success).toBe(true);
      expect(visible.has((w as { ticketId: string }).ticketId)).toBe(true);
    }
  });

  it('sends tasks, ticket links and events as records.ts makes them, and the ITSM configuration to everyone', async () => {
    const { changes } = await pullAll(tech1, 211);
    const puts = (entity: string) => changes.flatMap((c) => (c.op === 'put' && c.entity === entity ? [c.data] : []));
    const me = (await loginDesktop(s.app, 'tech1')).body.user;

    const tasks = puts('task') as Task[];
    const taskRows = new Map((await s.db.selectFrom('tasks').selectAll().execute()).map((r) => [r.id, taskFromRow(r)]));
    expect(tasks.length).toBeGreaterThan(10);
    for (const t of tasks) {
      expect(TaskSchema.strict().safeParse(t).success, JSON.stringify(t)).toBe(true);
      expect(t).toStrictEqual(taskRows.get(t.id));
      expect(t.assigneeId === me.id || me.groupIds.includes(t.groupId ?? '') || t.siteId === me.siteId).toBe(true);
    }
    expect(tasks.some((t) => t.assigneeId === me.id && !me.groupIds.includes(t.groupId ?? '') && t.siteId !== me.siteId)).toBe(true);

    const visible = new Set(puts('ticket').map((t) => t.id));
    const linkRows = new Map((await s.db.selectFrom('ticket_links').selectAll().execute()).map((r) => [r.id, ticketLinkFromRow(r)]));
    const links = puts('ticket_link') as TicketLink[];
    expect(links.length).toBeGreaterThan(10);
    for (const l of links) {
      expect(TicketLinkSchema.strict().safeParse(l).success).toBe(true);
      expect(l).toStrictEqual(linkRows.get(l.id));
      expect(visible.has(l.ticketId)).toBe(true);
    }
    const eventRows = new Map((await s.db.selectFrom('ticket_events').selectAll().execute()).map((r) => [r.id, ticketEventFromRow(r)]));
    const events = puts('ticket_event') as TicketEvent[];
    expect(events.length).toBeGreaterThan(visible.size);
    for (const e of events) {
      expect(TicketEventSchema.strict().safeParse(e).success).toBe(true);
      expect(e).toStrictEqual(eventRows.get(e.id));
      expect(visible.has(e.ticketId)).toBe(true);
    }
    // Tickets carry the ITSM fields (JSON built by the database): holds as an array, knownError as a boolean.
    const tickets = puts('ticket') as Ticket[];
    expect(tickets.some((t) => t.slaHolds.length > 0)).toBe(true);
    expect(tickets.some((t) => t.knownError)).toBe(true);

    const row = await s.db.selectFrom('itsm_config').selectAll().executeTakeFirstOrThrow();
    for (const username of ['tech1', 'tech6', 'desk1', 'admin']) {
      const token = username === 'tech1' ? tech1 : (await loginDesktop(s.app, username)).token;
      const configs = (await pullAll(token, 5000)).changes.filter((c) => c.entity === 'itsm_config');
      expect(configs, username).toEqual([{ entity: 'itsm_config', id: ITSM_CONFIG_ID, rev: Number(row.rev), op: 'put', data: itsmConfigFromRow(row) }]);
      expect(ItsmConfigSchema.safeParse(configs[0]?.op === 'put' ? configs[0].data : null).success).toBe(true);
    }
  });

  it('gives admins every ticket', async () => {
    const { changes } = await pullAll(admin, 5000);
    expect(changes.filter((c) => c.entity === 'ticket')).toHaveLength(await s.db.selectFrom('tickets').select('id').execute().then((r) => r.length));
  });

  it('answers an incremental pull the same in one page as in many small ones', async () => {
    // From a cursor in the middle: one page of the limit (SQLite reads such a short rev range
    // straight away) and pages of 7 (the rev prefetch) bring the same changes.
    const everything = await pullAll(tech1, 5000);
    const middle = everything.changes[Math.floor(everything.changes.length / 2)];
    if (!middle) throw new Error('nothing to pull');
    const high = parseCursor(everything.cursor).rev;
    const version = parseCursor(everything.cursor).scopeVersion;
    const from = `${middle.rev - 1}.${version}`; // the first change after it is visible
    const limit = high - middle.rev + 10;
    const one = await pullAll(tech1, limit, from);
    expect(one.pages).toBe(1);
    const many = await pullAll(tech1, 7, from);
    expect(many.pages).toBeGreaterThan(3);
    expect(one.changes).toEqual(many.changes);
    expect(one.cursor).toBe(many.cursor);
    expect(one.changes).toEqual(everything.changes.filter((c) => c.rev >= middle.rev));
  });

  it('returns only what changed after the cursor', async () => {
    const start = (await pull(tech1, '?cursor=0&limit=5000')).json<PullResponse>();
    expect(start.hasMore).toBe(false);
    const empty = (await pull(tech1, `?cursor=${start.cursor}`)).json<PullResponse>();
    expect(empty).toEqual({ changes: [], cursor: start.cursor, hasMore: false, remaining: 0 });

    const ticket = start.changes.find((c) => c.entity === 'ticket' && c.op === 'put' && (c.data as Ticket).status === 'new' && (c.data as Ticket).priority !== 1);
    if (!ticket || ticket.op !== 'put') throw new Error('no new ticket visible to tech1');
    const f = new OpFactory();
    await push(s.app, tech1, f.clientId, [f.patch(ticket.id, ticket.rev, { priority: 1 }), f.worklog(ticket.id, 'Called the requester.')]);

    const next = (await pull(tech1, `?cursor=${start.cursor}`)).json<PullResponse>();
    // The patch, its history event (priority 3 -> 1, written by the server) and the worklog.
    expect(next.changes.map((c) => [c.entity, c.id])).toEqual([
      ['ticket', ticket.id],
      ['ticket_event', expect.any(String)],
      ['worklog', expect.any(String)],
    ]);
    expect(next.changes[0]).toMatchObject({ op: 'put', data: { priority: 1 } });
    expect(next.changes[1]).toMatchObject({ op: 'put', data: { ticketId: ticket.id, type: 'priority', to: '1' } });
    expect(parseCursor(next.cursor).rev).toBeGreaterThan(parseCursor(start.cursor).rev);
  });

  it("moves the cursor past changes the user may not see", async () => {
    // Both replicas up to date first (the demo holds more than one page of changes for an admin).
    const toEnd = async (token: string) => {
      let page = (await pull(token, '?cursor=0&limit=5000')).json<PullResponse>();
      while (page.hasMore) page = (await pull(token, `?cursor=${page.cursor}&limit=5000`)).json<PullResponse>();
      return page;
    };
    const start = await toEnd(tech1);
    const adminStart = await toEnd(admin);
    const hidden = await s.db
      .selectFrom('tickets')
      .innerJoin('groups', 'groups.id', 'tickets.group_id')
      .innerJoin('sites', 'sites.id', 'tickets.site_id')
      .select(['tickets.id', 'tickets.rev', 'tickets.priority'])
      .where('groups.name', '=', 'Service Desk')
      .where('sites.code', '!=', 'HQ')
      .where('tickets.status', '=', 'new')
      .executeTakeFirstOrThrow();
    const f = new OpFactory();
    const res = await push(s.app, admin, f.clientId, [f.patch(hidden.id, Number(hidden.rev), { priority: hidden.priority === 5 ? 4 : 5 })]);
    expect(res.body?.results[0]?.status).toBe('applied');
    const next = (await pull(tech1, `?cursor=${start.cursor}`)).json<PullResponse>();
    expect(next.changes).toEqual([]);
    expect(parseCursor(next.cursor).rev).toBe(await s.store.currentRev());
    expect(parseCursor(next.cursor).rev).toBeGreaterThan(parseCursor(start.cursor).rev);
    const forAdmin = (await pull(admin, `?cursor=${adminStart.cursor}`)).json<PullResponse>();
    expect(forAdmin.changes.map((c) => [c.entity, c.op === 'put' && c.entity === 'ticket_event' ? (c.data as { ticketId: string }).ticketId : c.id])).toEqual([
      ['ticket', hidden.id],
      ['ticket_event', hidden.id],
    ]);
  });

  it('includes tombstones for deleted records', async () => {
    const start0 = (await pull(tech1, '?cursor=0&limit=1')).json<PullResponse>();
    const before = await s.store.currentRev();
    await s.store.write(async (tx) => {
      await tx.db.insertInto('tombstones').values({ entity: 'ticket', id: '0190f000-0000-7000-8000-000000000001', rev: await tx.nextRev(), deleted_at: new Date().toISOString() }).execute();
    });
    const page = (await pull(tech1, `?cursor=${before}.${parseCursor(start0.cursor).scopeVersion}`)).json<PullResponse>();
    expect(page.changes).toEqual([{ entity: 'ticket', id: '0190f000-0000-7000-8000-000000000001', rev: before + 1, op: 'delete' }]);
  });

  describe('bad queries', () => {
    it.each([
      ['?cursor=abc', /cursor/],
      ['?cursor=-1', /cursor/],
      ['?cursor=01', /cursor/],
      ['?cursor=1.5.3', /cursor/],
      ['?cursor=1.', /cursor/],
      ['?cursor=1.x', /cursor/],
      ['?limit=0', /limit/],
      ['?limit=5001', /limit/],
      ['?limit=ten', /limit/],
      ['?cursor=0&since=yesterday', /since/],
    ])('%s: 400 naming the parameter', async (query, pattern) => {
      const res = await pull(tech1, query);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid_query');
      expect(res.json().message).toMatch(pattern);
    });

    it('a cursor beyond the server sequence: 400 telling to start over', async () => {
      const future = (await s.store.currentRev()) + 1;
      const res = await pull(tech1, `?cursor=${future}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_cursor', message: expect.stringMatching(/ahead of this server.*cursor 0/) });
    });
  });

  it('works with the web session cookie (GET needs no CSRF header)', async () => {
    const web = await loginWeb(s.app, 'tech2');
    const res = await s.app.inject({ method: 'GET', url: `${API.pull}?limit=10`, headers: { cookie: web.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json<PullResponse>().changes).toHaveLength(10);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
