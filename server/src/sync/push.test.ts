/**
 * The push batch itself, on SQLite and PostgreSQL: replays answered duplicate with the first
 * verdict, ops applied in seq order and answered in the order sent, malformed pushes refused
 * whole (400/413 naming the problem), the web app's cookie session (CSRF), and pokes after a
 * batch that changed something. Each op handler's own rules are tested beside it, in
 * sync/ops/<entity>.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API, CSRF_HEADER } from '@fielddesk/common/api/http';
import type { Ticket, Worklog } from '@fielddesk/common/domain/entities';
import { MAX_PUSH_BYTES, MAX_PUSH_OPS } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { bearer, getTicket, loginWeb, OpFactory, push } from '../../test/http';
import { pushWorld, type PushWorld } from '../../test/push';
import { describeStores } from '../../test/stores';

describeStores('sync push', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<'tech1'>;
  let tech1: string;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1']);
    tech1 = world.tokens.tech1;
  });

  it('changes status and adds a worklog; a replay of the same batch answers duplicate and stores nothing twice', async () => {
    const ticket = await world.visibleTicket('assigned');
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
    expect(worklog).toMatchObject({ ticketId: ticket.id, authorId: world.ids.tech1, body: 'Replaced the fuser unit; test prints OK.', minutes: 45, createdAt: ops[1]?.clientTime });
    expect(logged.rev).toBeGreaterThan(patched.rev);

    const before = await world.snapshot();
    const replay = await push(s.app, tech1, f.clientId, ops);
    expect(replay.res.statusCode).toBe(200);
    // The replay carries the first verdict, so a client whose answer was lost still learns it.
    expect(replay.body?.results).toEqual([
      { opId: ops[0]?.opId, status: 'duplicate', original: { status: 'applied', rev: patched.rev } },
      { opId: ops[1]?.opId, status: 'duplicate', original: { status: 'applied', rev: logged.rev } },
    ]);
    expect(await world.snapshot()).toEqual(before);
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
    expect(client.person_id).toBe(world.ids.tech1);
  });

  describe('malformed pushes: 400/413 naming the problem, nothing stored', () => {
    const send = (payload: string, headers: Record<string, string> = {}) =>
      s.app.inject({ method: 'POST', url: API.push, headers: { ...bearer(tech1), 'content-type': 'application/json', ...headers }, payload });

    async function expectRefused(payload: string, status: number, pattern: RegExp, headers: Record<string, string> = {}) {
      const before = await world.snapshot();
      const res = await send(payload, headers);
      expect(res.statusCode, res.body).toBe(status);
      const body = res.json<{ error: string; message: string }>();
      expect(Object.keys(body).sort()).toEqual(['error', 'message']);
      expect(body.message).toMatch(pattern);
      expect(await world.snapshot()).toEqual(before);
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
      const t = await world.visibleTicket('new');
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
      const before = await world.snapshot();
      const refused = await s.app.inject({ method: 'POST', url: API.push, headers: { cookie: web.cookie }, payload });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('csrf');
      expect(await world.snapshot()).toEqual(before);
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
      const hidden = await world.invisibleTicket();
      await push(s.app, tech1, f.clientId, [f.patch(hidden.id, hidden.rev, { title: 'Not mine' })]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(pokes).toBe(0);
      const t = await world.visibleTicket('new', 1);
      await push(s.app, tech1, f.clientId, [f.worklog(t.id, 'Checked the cabling.')]);
      await expect.poll(() => pokes, { timeout: 2000 }).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });
});
