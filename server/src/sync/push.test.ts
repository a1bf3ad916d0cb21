import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API, CSRF_HEADER } from '@fielddesk/common/api/http';
import type { Ticket, Worklog } from '@fielddesk/common/domain/entities';
import type { TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { MAX_PUSH_BYTES, MAX_PUSH_OPS, type OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { bearer, count, getTicket, loginDesktop, loginWeb, OpFactory, personId, push } from '../../test/http';
import { describeStores } from '../../test/stores';

describeStores('sync push', (h) => {
  let s: FieldDeskServer;
  let tech1: string;
  let desk1: string;
  let tech1Id: string;
  let hqSiteId: string;
  let fieldGroupId: string;

  /** A ticket tech1 may see (their group or their site), in the given state. */
  async function visibleTicket(status: TicketStatus, offset = 0): Promise<Ticket> {
    const row = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('status', '=', status)
      .where((eb) => eb.or([eb('group_id', '=', fieldGroupId), eb('site_id', '=', hqSiteId)]))
      .orderBy('number')
      .offset(offset)
      .limit(1)
      .executeTakeFirstOrThrow();
    return getTicket(s, row.id);
  }

  /** A ticket tech1 may not see: another group at another site. */
  async function invisibleTicket(): Promise<Ticket> {
    const row = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('group_id', '!=', fieldGroupId)
      .where('site_id', '!=', hqSiteId)
      .where('status', '=', 'in_progress')
      .orderBy('number')
      .limit(1)
      .executeTakeFirstOrThrow();
    return getTicket(s, row.id);
  }

  async function snapshot() {
    return {
      rev: await s.store.currentRev(),
      tickets: await count(s, 'tickets'),
      worklogs: await count(s, 'worklogs'),
      ops: await count(s, 'sync_ops'),
      clients: await count(s, 'sync_clients'),
    };
  }

  beforeAll(async () => {
    s = await h.start();
    tech1 = (await loginDesktop(s.app, 'tech1')).token;
    desk1 = (await loginDesktop(s.app, 'desk1')).token;
    tech1Id = await personId(s, 'tech1');
    hqSiteId = (await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    fieldGroupId = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow()).id;
  });

  it('creates a ticket: the server numbers it and sets status and timestamps', async () => {
    const f = new OpFactory();
    const op = f.createTicket({ title: 'Projector in Training Room 3.14 has no picture' });
    const { res, body } = await push(s.app, tech1, f.clientId, [op]);
    expect(res.statusCode, res.body).toBe(200);
    const result = body?.results[0];
    expect(result?.status).toBe('applied');
    if (result?.status !== 'applied') return;
    const ticket = result.record as Ticket;
    expect(ticket.number).toMatch(/^INC-\d{4}$/);
    expect(ticket).toMatchObject({ id: op.id, status: 'new', siteId: hqSiteId, title: 'Projector in Training Room 3.14 has no picture', rev: result.rev });
    expect(ticket.createdAt).toBe(op.clientTime);
    const stored = await getTicket(s, op.id);
    expect(stored).toEqual(ticket);
    // Numbers keep counting from the seed's last incident.
    const counter = await s.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', 'incident').executeTakeFirstOrThrow();
    expect(ticket.number).toBe(`INC-${String(counter.last_number).padStart(4, '0')}`);
  });

  it('numbers the tickets of one batch consecutively per kind; a rejected create takes no number', async () => {
    const counter = async (kind: string) =>
      Number((await s.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', kind).executeTakeFirst())?.last_number ?? 0);
    const [inc, req] = [await counter('incident'), await counter('service_request')];
    const f = new OpFactory();
    const ops = [
      f.createTicket({ title: 'First' }),
      f.createTicket({ title: 'Nowhere', groupId: randomUUID() }),
      f.createTicket({ title: 'A request', kind: 'service_request' }),
      f.createTicket({ title: 'Second' }),
    ];
    const { body } = await push(s.app, tech1, f.clientId, ops);
    expect(body?.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    const numbers = body?.results.map((r) => (r.status === 'applied' ? (r.record as Ticket).number : null));
    const fmt = (prefix: string, n: number) => `${prefix}-${String(n).padStart(4, '0')}`;
    expect(numbers).toEqual([fmt('INC', inc + 1), null, fmt('REQ', req + 1), fmt('INC', inc + 2)]);
    expect([await counter('incident'), await counter('service_request')]).toEqual([inc + 2, req + 1]);
  });

  it('changes status and adds a worklog; a replay of the same batch answers duplicate and stores nothing twice', async () => {
    const ticket = await visibleTicket('assigned');
    const f = new OpFactory();
    const ops = [f.patch(ticket.id, ticket.rev, { status: 'in_progress' }), f.worklog(ticket.id, 'Replaced the fuser unit; test prints OK.', 45)];
    const first = await push(s.app, tech1, f.clientId, ops);
    expect(first.res.statusCode).toBe(200);
    expect(first.body?.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const [patched, logged] = first.body?.results ?? [];
    if (patched?.status !== 'applied' || logged?.status !== 'applied') throw new Error('not applied');
    expect((patched.record as Ticket).status).toBe('in_progress');
    expect(patched.rev).toBeGreaterThan(ticket.rev);
    const worklog = logged.record as Worklog;
    expect(worklog).toMatchObject({ ticketId: ticket.id, authorId: tech1Id, body: 'Replaced the fuser unit; test prints OK.', minutes: 45, createdAt: ops[1]?.clientTime });
    expect(logged.rev).toBeGreaterThan(patched.rev);

    const before = await snapshot();
    const replay = await push(s.app, tech1, f.clientId, ops);
    expect(replay.res.statusCode).toBe(200);
    // The replay carries the first verdict, so a client whose answer was lost still learns it.
    expect(replay.body?.results).toEqual([
      { opId: ops[0]?.opId, status: 'duplicate', original: { status: 'applied', rev: patched.rev } },
      { opId: ops[1]?.opId, status: 'duplicate', original: { status: 'applied', rev: logged.rev } },
    ]);
    expect(await snapshot()).toEqual(before);
    expect((await getTicket(s, ticket.id)).rev).toBe(patched.rev);
    const logs = await s.db.selectFrom('worklogs').select('id').where('ticket_id', '=', ticket.id).where('body', '=', worklog.body).execute();
    expect(logs).toHaveLength(1);
  });

  it("applies a client's ops in seq order and answers in the order sent", async () => {
    const f = new OpFactory();
    const create = f.createTicket({ title: 'Label printer offline at shipping' });
    const log = f.worklog(create.id, 'Power-cycled the printer.');
    const { body } = await push(s.app, tech1, f.clientId, [log, create]);
    expect(body?.results.map((r) => [r.opId, r.status])).toEqual([
      [log.opId, 'applied'],
      [create.opId, 'applied'],
    ]);
    const client = await s.db.selectFrom('sync_clients').selectAll().where('client_id', '=', f.clientId).executeTakeFirstOrThrow();
    expect(Number(client.last_seq)).toBe(2);
    expect(client.person_id).toBe(tech1Id);
  });

  it('rejects an op on a ticket the user may not see, without leaking anything about it', async () => {
    const hidden = await invisibleTicket();
    const f = new OpFactory();
    const ops = [f.patch(hidden.id, hidden.rev, { title: 'Mine now' }), f.worklog(hidden.id, 'Sneaky note')];
    const before = await snapshot();
    const { res, body } = await push(s.app, tech1, f.clientId, ops);
    expect(res.statusCode, res.body).toBe(200);
    for (const [i, result] of (body?.results ?? []).entries()) {
      expect(result).toEqual({ opId: ops[i]?.opId, status: 'rejected', reason: 'Ticket not found or not visible to you.' });
    }
    expect(res.body).not.toContain(hidden.title);
    expect(res.body).not.toContain(hidden.number ?? 'none');
    // A ticket that does not exist at all is answered identically.
    const ghost = await push(s.app, tech1, f.clientId, [f.patch(randomUUID(), 1, { title: 'x' })]);
    expect(ghost.body?.results[0]).toMatchObject({ status: 'rejected', reason: 'Ticket not found or not visible to you.' });
    expect(await getTicket(s, hidden.id)).toEqual(hidden);
    const after = await snapshot();
    expect(after.rev).toBe(before.rev);
    expect(after.worklogs).toBe(before.worklogs);
    // Rejections are remembered like any answer: a replay is a duplicate that carries the
    // refusal, and still says nothing about the ticket.
    expect(after.ops).toBe(before.ops + 3);
    const replay = await push(s.app, tech1, f.clientId, ops);
    expect(replay.body?.results).toEqual(
      ops.map((op) => ({ opId: op.opId, status: 'duplicate', original: { status: 'rejected', reason: 'Ticket not found or not visible to you.' } })),
    );
    expect(replay.res.body).not.toContain(hidden.title);
  });

  it('lets admins and agents change any ticket', async () => {
    const hidden = await invisibleTicket();
    const f = new OpFactory();
    const { body } = await push(s.app, desk1, f.clientId, [f.patch(hidden.id, hidden.rev, { priority: 1 })]);
    expect(body?.results[0]?.status).toBe('applied');
  });

  it('rejects a transition the lifecycle forbids, with the reason in words', async () => {
    const closed = await visibleTicket('closed');
    const f = new OpFactory();
    const { body } = await push(s.app, tech1, f.clientId, [f.patch(closed.id, closed.rev, { status: 'in_progress', title: 'Reopened' })]);
    expect(body?.results[0]).toEqual({ opId: expect.any(String), status: 'rejected', reason: 'A closed ticket cannot change state (asked for "In progress").' });
    expect(await getTicket(s, closed.id)).toEqual(closed);

    const inProgress = await visibleTicket('in_progress');
    const hold = await push(s.app, tech1, f.clientId, [f.patch(inProgress.id, inProgress.rev, { status: 'on_hold' })]);
    expect(hold.body?.results[0]).toMatchObject({ status: 'rejected', reason: 'Putting a ticket on hold needs a reason.' });
    const withReason = await push(s.app, tech1, f.clientId, [f.patch(inProgress.id, inProgress.rev, { status: 'on_hold', onHoldReason: 'Waiting for parts' })]);
    expect(withReason.body?.results[0]).toMatchObject({ status: 'applied', record: { status: 'on_hold', onHoldReason: 'Waiting for parts' } });
  });

  it('refuses a patch that takes away what the current status needs', async () => {
    const t = await visibleTicket('in_progress', 3);
    const f = new OpFactory();
    const { body } = await push(s.app, tech1, f.clientId, [f.patch(t.id, t.rev, { assigneeId: null })]);
    expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: 'A ticket that is "In progress" must keep an assignee.' });
    const back = await push(s.app, tech1, f.clientId, [f.patch(t.id, t.rev, { assigneeId: null, status: 'new' })]);
    expect(back.body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/cannot go from "In progress" to "New"/) });
  });

  it('stamps resolvedAt and closedAt when a ticket is resolved and closed', async () => {
    const t = await visibleTicket('in_progress', 1);
    const f = new OpFactory();
    const resolve = f.patch(t.id, t.rev, { status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Reseated the RAM.' });
    const { body } = await push(s.app, tech1, f.clientId, [resolve]);
    const result = body?.results[0];
    if (result?.status !== 'applied') throw new Error(JSON.stringify(result));
    expect(result.record).toMatchObject({ status: 'resolved', resolvedAt: resolve.clientTime, closedAt: null });
    const close = await push(s.app, tech1, f.clientId, [f.patch(t.id, result.rev, { status: 'closed' })]);
    expect(close.body?.results[0]).toMatchObject({ status: 'applied', record: { status: 'closed', resolvedAt: resolve.clientTime, closedAt: expect.any(String) } });
  });

  describe('merging against baseRev', () => {
    it('keeps the server value of a free-text field changed on both sides, applies the rest, and answers conflict', async () => {
      const t = await visibleTicket('in_progress', 2);
      const desk = new OpFactory();
      const serverEdit = await push(s.app, desk1, desk.clientId, [desk.patch(t.id, t.rev, { title: 'Desk: clarified title' })]);
      expect(serverEdit.body?.results[0]?.status).toBe('applied');

      const tech = new OpFactory();
      const op = tech.patch(t.id, t.rev, { title: 'Tech: offline title', priority: 1, description: 'Tech: more detail' });
      const { body } = await push(s.app, tech1, tech.clientId, [op]);
      const result = body?.results[0] as Extract<OpResult, { status: 'conflict' }>;
      expect(result.status).toBe('conflict');
      expect(result.fields).toEqual(['title']);
      expect(result.server).toMatchObject({ id: t.id, title: 'Desk: clarified title', priority: 1, description: 'Tech: more detail' });
      const stored = await getTicket(s, t.id);
      expect(stored).toEqual(result.server);
      expect(stored.rev).toBeGreaterThan(t.rev);
    });

    it('applies fields the server did not change since baseRev', async () => {
      const t = await visibleTicket('assigned', 1);
      const desk = new OpFactory();
      await push(s.app, desk1, desk.clientId, [desk.patch(t.id, t.rev, { priority: 5 })]);
      const tech = new OpFactory();
      const { body } = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { title: 'Only the title changed here' })]);
      expect(body?.results[0]).toMatchObject({ status: 'applied', record: { title: 'Only the title changed here', priority: 5 } });
    });

    it('sends a status changed on both sides through the lifecycle from the server state', async () => {
      const t = await visibleTicket('assigned', 2);
      const desk = new OpFactory();
      const held = await push(s.app, desk1, desk.clientId, [desk.patch(t.id, t.rev, { status: 'on_hold', onHoldReason: 'Vendor case' })]);
      expect(held.body?.results[0]?.status).toBe('applied');
      const tech = new OpFactory();
      // on_hold -> in_progress is allowed: the technician's later change wins.
      const { body } = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { status: 'in_progress' })]);
      expect(body?.results[0]).toMatchObject({ status: 'applied', record: { status: 'in_progress' } });

      const closedNow = await visibleTicket('resolved');
      await push(s.app, desk1, desk.clientId, [desk.patch(closedNow.id, closedNow.rev, { status: 'closed' })]);
      // The lifecycle refuses closed -> in_progress: a conflict that says why (sync/merge.test.ts has more).
      const late = await push(s.app, tech1, tech.clientId, [tech.patch(closedNow.id, closedNow.rev, { status: 'in_progress' })]);
      expect(late.body?.results[0]).toMatchObject({ status: 'conflict', fields: ['status'], reason: expect.stringMatching(/closed ticket cannot change state/) });
    });

    it('rejects a baseRev from the future', async () => {
      const t = await visibleTicket('new');
      const f = new OpFactory();
      const { body } = await push(s.app, tech1, f.clientId, [f.patch(t.id, t.rev + 1000, { priority: 2 })]);
      expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/Pull again/) });
    });
  });

  describe('malformed pushes: 400/413 naming the problem, nothing stored', () => {
    const send = (payload: string, headers: Record<string, string> = {}) =>
      s.app.inject({ method: 'POST', url: API.push, headers: { ...bearer(tech1), 'content-type': 'application/json', ...headers }, payload });

    async function expectRefused(payload: string, status: number, pattern: RegExp, headers: Record<string, string> = {}) {
      const before = await snapshot();
      const res = await send(payload, headers);
      expect(res.statusCode, res.body).toBe(status);
      const body = res.json<{ error: string; message: string }>();
      expect(Object.keys(body).sort()).toEqual(['error', 'message']);
      expect(body.message).toMatch(pattern);
      expect(await snapshot()).toEqual(before);
      return body;
    }

    const good = () => {
      const f = new OpFactory();
      return { f, op: f.worklog(randomUUID(), 'x') as Record<string, unknown> };
    };

    it('not JSON', async () => {
      const body = await expectRefused('{"clientId": "abc", ops: [', 400, /not valid JSON/);
      expect(body.error).toBe('invalid_json');
      await expectRefused('clientId=1', 400, /not valid JSON \(Content-Type: text\/plain\)/, { 'content-type': 'text/plain' });
      await expectRefused('', 400, /empty/);
    });

    it('an unknown entity', async () => {
      const { f, op } = good();
      await expectRefused(JSON.stringify({ clientId: f.clientId, ops: [{ ...op, entity: 'spaceship' }] }), 400, /ops\[0\]\.entity/);
    });

    it('a missing opId', async () => {
      const { f, op } = good();
      const { opId: _drop, ...rest } = op;
      await expectRefused(JSON.stringify({ clientId: f.clientId, ops: [rest] }), 400, /ops\[0\]\.opId/);
    });

    it('a field of the wrong type', async () => {
      const f = new OpFactory();
      const t = await visibleTicket('new');
      const op = f.patch(t.id, t.rev, { priority: 2 }) as unknown as { fields: Record<string, unknown> };
      op.fields = { status: 42 };
      const body = await expectRefused(JSON.stringify({ clientId: f.clientId, ops: [op] }), 400, /ops\[0\]\.fields\.status/);
      expect(body.error).toBe('invalid_push');
      // One bad op spoils the batch: the good op before it is not applied either.
      const goodOp = f.patch(t.id, t.rev, { priority: 2 });
      await expectRefused(JSON.stringify({ clientId: f.clientId, ops: [goodOp, { ...goodOp, opId: randomUUID(), seq: 99, baseRev: 'one' }] }), 400, /ops\[1\]\.baseRev/);
      expect((await getTicket(s, t.id)).priority).toBe(t.priority);
    });

    it('an empty batch or a missing clientId', async () => {
      await expectRefused(JSON.stringify({ clientId: randomUUID(), ops: [] }), 400, /ops: a push needs at least one op/);
      await expectRefused(JSON.stringify({ ops: [good().op] }), 400, /clientId/);
      await expectRefused('[1,2,3]', 400, /\(body\)/);
    });

    it(`more than ${MAX_PUSH_OPS} ops: 413 naming the limit`, async () => {
      const { f, op } = good();
      const ops = Array.from({ length: MAX_PUSH_OPS + 1 }, (_, i) => ({ ...op, seq: i + 1 }));
      const body = await expectRefused(JSON.stringify({ clientId: f.clientId, ops }), 413, new RegExp(`at most ${MAX_PUSH_OPS} ops`));
      expect(body.error).toBe('too_many_ops');
    });

    it(`a body over ${MAX_PUSH_BYTES} bytes: 413 naming the limit`, async () => {
      const { f, op } = good();
      const huge = JSON.stringify({ clientId: f.clientId, ops: [{ ...op, data: { ticketId: randomUUID(), body: 'x'.repeat(MAX_PUSH_BYTES), minutes: 1 } }] });
      const body = await expectRefused(huge, 413, /5 MiB \(5242880 bytes\)/);
      expect(body.error).toBe('payload_too_large');
    });
  });

  describe('from the web app (cookie session)', () => {
    it('needs the CSRF header, then works', async () => {
      const web = await loginWeb(s.app, 'tech1');
      const f = new OpFactory();
      const payload = { clientId: f.clientId, ops: [f.createTicket({ title: 'Web-created ticket' })] };
      const before = await snapshot();
      const refused = await s.app.inject({ method: 'POST', url: API.push, headers: { cookie: web.cookie }, payload });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('csrf');
      expect(await snapshot()).toEqual(before);
      const ok = await s.app.inject({ method: 'POST', url: API.push, headers: { cookie: web.cookie, [CSRF_HEADER]: web.csrf }, payload });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().results[0].status).toBe('applied');
    });
  });

  it('pokes clients after a batch that changed something, not after one that changed nothing', async () => {
    let pokes = 0;
    const stop = s.changes.subscribe(() => pokes++);
    try {
      // Let pokes of earlier tests (coalesced, trailing) pass first.
      await new Promise((resolve) => setTimeout(resolve, 500));
      pokes = 0;
      const f = new OpFactory();
      const hidden = await invisibleTicket();
      await push(s.app, tech1, f.clientId, [f.patch(hidden.id, hidden.rev, { title: 'Not mine' })]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(pokes).toBe(0);
      const t = await visibleTicket('new', 1);
      await push(s.app, tech1, f.clientId, [f.worklog(t.id, 'Checked the cabling.')]);
      await expect.poll(() => pokes, { timeout: 2000 }).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });

  it('refuses to create a ticket a technician could not see', async () => {
    const otherGroup = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    const otherSite = (await s.db.selectFrom('sites').select('id').where('code', '=', 'LAB').executeTakeFirstOrThrow()).id;
    const f = new OpFactory();
    const { body } = await push(s.app, tech1, f.clientId, [f.createTicket({ title: 'Elsewhere', groupId: otherGroup, siteId: otherSite })]);
    expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/your own site or support groups/) });
    const unknownGroup = await push(s.app, tech1, f.clientId, [f.createTicket({ title: 'Nowhere', groupId: randomUUID() })]);
    expect(unknownGroup.body?.results[0]).toMatchObject({ status: 'rejected', reason: 'The support group does not exist.' });
  });
});
