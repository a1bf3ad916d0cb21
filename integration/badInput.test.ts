/**
 * Bad input at the integration level (issue 3, "Tests that must pass"), on SQLite and
 * PostgreSQL, complementing the server's unit tests with the renderer's real replica and
 * sync engine where it matters:
 * - ops on tickets the user may not see are rejected one by one, and neither the answer
 *   bytes nor the replica ever hold the hidden ticket's text, number or version; the
 *   answer is the same as for a ticket that does not exist;
 * - a garbage or future pull cursor is answered 400 with a reason;
 * - a batch over the op or byte limit is answered 413 naming the limit, and the engine
 *   then sends the same ops in smaller batches without losing one.
 */
import 'fake-indexeddb/auto';
import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { MAX_PUSH_BYTES, MAX_PUSH_OPS, TicketCreateDataSchema, type Op, type OpResult, type PushResponse } from '@fielddesk/common/sync/protocol';
import { FieldDeskDb } from '../renderer/src/data/db';
import { SyncEngine } from '../renderer/src/data/sync/engine';
import { createTicketRepository } from '../renderer/src/data/repositories/tickets';
import type { FieldDeskServer } from '../server/src/app';
import { describeStores } from '../server/test/stores';
import { InjectServerClient, injectPlatform, loginDesktop } from './support/injectPlatform';
import { patchTicketLocally } from './support/localEdits';

const SECRET_TITLE = 'Payroll server password is Hunter2-zebra';
const SECRET_DESCRIPTION = 'Only the HQ field team may read: vault code 7741-QX';

let seqCounter = 0;
const base = (id: string) => ({ opId: crypto.randomUUID(), seq: ++seqCounter, id, clientTime: new Date().toISOString() });

async function pushRaw(s: FieldDeskServer, token: string, body: unknown) {
  return s.app.inject({ method: 'POST', url: API.push, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

describeStores('integration: bad input', (h) => {
  let s: FieldDeskServer;
  let admin: InjectServerClient;
  let hiddenId: string;
  let hiddenNumber: string;
  let visibleId: string;
  let visibleRev: number;
  let tech5: { token: string; id: string };

  beforeAll(async () => {
    s = await h.start(process.env.FIELDDESK_IT_LOG ? { logLevel: process.env.FIELDDESK_IT_LOG as 'error' } : {});
    admin = new InjectServerClient(s.app, (await loginDesktop(s.app, 'admin')).token);
    const fieldSupport = await s.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow();
    const serviceDesk = await s.db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow();
    const hq = await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow();
    hiddenId = crypto.randomUUID();
    visibleId = crypto.randomUUID();
    const data = { kind: 'incident' as const, priority: 2 as const, category: 'security', requesterId: null, assigneeId: null, locationId: null };
    const created = await admin.push({
      clientId: crypto.randomUUID(),
      ops: [
        { ...base(hiddenId), entity: 'ticket', kind: 'create', data: TicketCreateDataSchema.parse({ ...data, title: SECRET_TITLE, description: SECRET_DESCRIPTION, groupId: fieldSupport.id, siteId: hq.id }) },
        { ...base(visibleId), entity: 'ticket', kind: 'create', data: TicketCreateDataSchema.parse({ ...data, title: 'Desk phone broken', description: '', groupId: serviceDesk.id, siteId: null }) },
      ],
    });
    expect(created.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const hidden = created.results[0] as Extract<OpResult, { status: 'applied' }>;
    hiddenNumber = String((hidden.record as { number: string }).number);
    visibleRev = (created.results[1] as Extract<OpResult, { status: 'applied' }>).rev;
    // tech5: Service Desk at DC; the hidden ticket is Field Support at HQ.
    const login = await loginDesktop(s.app, 'tech5');
    tech5 = { token: login.token, id: login.user.id };
  });

  /** True when the text holds anything that would tell about the hidden ticket. */
  const leaks = (text: string) => [SECRET_TITLE, SECRET_DESCRIPTION, 'Hunter2', '7741', hiddenNumber].some((secret) => text.includes(secret));

  it('rejects each op on a ticket the user may not see, answers exactly as for a missing ticket, and leaks nothing', async () => {
    const missingId = crypto.randomUUID();
    const clientId = crypto.randomUUID();
    const opsFor = (ticketId: string): Op[] => [
      { ...base(ticketId), entity: 'ticket', kind: 'patch', baseRev: 0, fields: { title: 'Mine now' } },
      { ...base(ticketId), entity: 'ticket', kind: 'patch', baseRev: 999_999, fields: { status: 'closed' } },
      { ...base(crypto.randomUUID()), entity: 'worklog', kind: 'create', data: { ticketId, body: 'Looked at it', minutes: 5, visibility: 'internal' } },
    ];
    const ops = [...opsFor(hiddenId), { ...base(visibleId), entity: 'ticket', kind: 'patch', baseRev: visibleRev, fields: { priority: 1 } } as Op, ...opsFor(missingId)];
    const beforeWorklogs = await s.db.selectFrom('worklogs').select('id').where('ticket_id', '=', hiddenId).execute();
    const res = await pushRaw(s, tech5.token, { clientId, ops });

    expect(res.statusCode, res.body).toBe(200);
    expect(leaks(res.body), `push answer leaks the hidden ticket: ${res.body}`).toBe(false);
    const { results } = res.json<PushResponse>();
    // Only the op on the visible ticket carries a record back.
    expect(results.map((r) => 'record' in r || 'server' in r)).toEqual([false, false, false, true, false, false, false]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied', 'rejected', 'rejected', 'rejected']);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.trim()).not.toBe('');
    // The same words for a hidden ticket as for one that does not exist: its existence does not leak.
    const reasons = (rs: OpResult[]) => rs.map((r) => (r.status === 'rejected' ? r.reason : r.status));
    expect(reasons(results.slice(0, 3))).toEqual(reasons(results.slice(4, 7)));

    // Nothing was applied to the hidden ticket.
    const row = await s.db.selectFrom('tickets').select(['title', 'status']).where('id', '=', hiddenId).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: SECRET_TITLE, status: 'new' });
    expect(await s.db.selectFrom('worklogs').select('id').where('ticket_id', '=', hiddenId).execute()).toEqual(beforeWorklogs);
    // Each op is stored once with its own answer.
    const stored = await s.db.selectFrom('sync_ops').select(['op_id', 'status']).where('client_id', '=', clientId).execute();
    expect(stored).toHaveLength(ops.length);
  });

  it('a replica whose change targets a ticket that is no longer visible records the rejection and never receives the ticket', async () => {
    const db = new FieldDeskDb(`fielddesk-it-bad-${crypto.randomUUID()}`);
    const server = new InjectServerClient(s.app, tech5.token);
    const engine = new SyncEngine({ db, platform: injectPlatform(server), userId: tech5.id, periodicMs: 0, retryMinMs: 3_600_000, debounceMs: 1 });
    try {
      expect((await engine.syncNow()).state).toBe('idle');
      expect(await db.tickets.get(hiddenId)).toBeUndefined();
      // As if the ticket had been visible once and then left the technician's scope.
      const visible = await db.tickets.get(visibleId);
      expect(visible).toBeDefined();
      await db.tickets.put({ ...visible!, id: hiddenId, title: 'Old copy', rev: 1 });
      const opId = await patchTicketLocally(db, tech5.id, hiddenId, { title: 'Changed offline' }, new Date());
      const worklog = await createTicketRepository({ db, userId: tech5.id }).addWorklog(hiddenId, 'Was on site', 30);
      expect(opId && worklog.ok).toBeTruthy();

      const status = await engine.syncNow();

      expect(status.state, String(status.message)).toBe('idle');
      expect(await db.outbox.count()).toBe(0);
      const rejections = await db.rejections.toArray();
      expect(rejections.map((r) => r.opId).sort()).toEqual([opId, worklog.ok ? worklog.opId : ''].sort());
      for (const r of rejections) expect(r.reason).toMatch(/not found or not visible/i);
      const everything = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
      expect(leaks(everything), 'the replica holds something of the hidden ticket').toBe(false);
    } finally {
      engine.stop();
      db.close();
      await db.delete();
    }
  });

  it('answers 400 with a reason to a garbage or future pull cursor', async () => {
    const high = await s.store.currentRev();
    const garbage = ['abc', '-1', '1.2.3', '01', '1e3', '99999999999999999999', ' 5', '5;drop table tickets', ''];
    for (const cursor of [...garbage, String(high + 1000), `${high + 1}.0`]) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${encodeURIComponent(cursor)}`, headers: { authorization: `Bearer ${tech5.token}` } });
      expect(res.statusCode, `cursor "${cursor}": ${res.body}`).toBe(400);
      const body = res.json<{ error: string; message: string }>();
      expect(body.error).toBeTruthy();
      expect(body.message, `cursor "${cursor}"`).toMatch(/cursor/i);
    }
    // The current cursor itself is fine.
    const ok = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${high}`, headers: { authorization: `Bearer ${tech5.token}` } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('answers 413 naming the limit to a batch over MAX_PUSH_OPS ops or MAX_PUSH_BYTES bytes, and stores nothing', async () => {
    const clientId = crypto.randomUUID();
    const ops: Op[] = Array.from({ length: MAX_PUSH_OPS + 1 }, () => ({ ...base(visibleId), entity: 'ticket', kind: 'patch', baseRev: 0, fields: { priority: 4 } }) as Op);
    const tooMany = await pushRaw(s, tech5.token, { clientId, ops });
    expect(tooMany.statusCode, tooMany.body).toBe(413);
    expect(tooMany.json<{ message: string }>().message).toContain(String(MAX_PUSH_OPS));

    const big = 'x'.repeat(19_000);
    const heavy: Op[] = Array.from({ length: Math.ceil(MAX_PUSH_BYTES / big.length) + 5 }, () => ({
      ...base(crypto.randomUUID()),
      entity: 'worklog',
      kind: 'create',
      data: { ticketId: visibleId, body: big, minutes: 1, visibility: 'internal' },
    }));
    const tooBig = await pushRaw(s, tech5.token, { clientId, ops: heavy.slice(0, MAX_PUSH_OPS) });
    expect(tooBig.statusCode, tooBig.body.slice(0, 300)).toBe(413);
    const message = tooBig.json<{ message: string }>().message;
    expect(message.includes(String(MAX_PUSH_BYTES)) || message.includes(`${MAX_PUSH_BYTES / (1024 * 1024)} MiB`), message).toBe(true);

    const stored = await s.db.selectFrom('sync_ops').select('op_id').where('client_id', '=', clientId).execute();
    expect(stored).toEqual([]);
  });

  it('the engine answers a 413 by halving its batches, and every op still arrives exactly once', async () => {
    const db = new FieldDeskDb(`fielddesk-it-413-${crypto.randomUUID()}`);
    const server = new InjectServerClient(s.app, tech5.token);
    // Batches of 1,000 ops of ~19 KB each are far over MAX_PUSH_BYTES: the server says 413.
    const engine = new SyncEngine({ db, platform: injectPlatform(server), userId: tech5.id, pushBatchSize: MAX_PUSH_OPS, periodicMs: 0, retryMinMs: 3_600_000, debounceMs: 1 });
    try {
      expect((await engine.syncNow()).state).toBe('idle');
      const repo = createTicketRepository({ db, userId: tech5.id });
      const ids: string[] = [];
      const body = 'y'.repeat(19_000);
      for (let i = 0; i < 400; i++) {
        const r = await repo.addWorklog(visibleId, `${i} ${body}`, 1);
        if (r.ok) ids.push(r.id);
      }
      expect(ids).toHaveLength(400);

      const status = await engine.syncNow();

      expect(status.state, String(status.message)).toBe('idle');
      expect(await db.outbox.count()).toBe(0);
      const rows = await s.db.selectFrom('worklogs').select('id').where('id', 'in', ids).execute();
      expect(rows).toHaveLength(400);
    } finally {
      engine.stop();
      db.close();
      await db.delete();
    }
  });
});
