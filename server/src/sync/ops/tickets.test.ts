/**
 * Ticket create and patch ops (ops/tickets.ts) on SQLite and PostgreSQL: numbering per kind,
 * status timestamps and statusEffects (holds, reopen period), lifecycle refusals and a patch
 * that takes away what a status needs, the priority matrix, kind-only fields, the assignee in
 * the group, resolution notes, known error and problem link, ticket events, the three-way
 * merge against baseRev, and who may create or change which ticket (an invisible ticket is
 * answered without leaking anything about it).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { getTicket, OpFactory, push } from '../../../test/http';
import { DAY_MS, daysAgo, pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

describeStores('sync push: ticket', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<'tech1' | 'desk1', 'tech5'>;
  /** tech1's and desk1's tokens, for the cases that push with an OpFactory of their own. */
  let tech1: string;
  let desk1: string;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1'], { people: ['tech5'] });
    tech1 = world.tokens.tech1;
    desk1 = world.tokens.desk1;
  });

  const events = (ticketId: string) =>
    s.db.selectFrom('ticket_events').select(['type', 'from_value', 'to_value', 'actor_id']).where('ticket_id', '=', ticketId).orderBy('rev').execute();

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
    expect(ticket).toMatchObject({ id: op.id, status: 'new', siteId: world.ids.hq, title: 'Projector in Training Room 3.14 has no picture', rev: result.rev });
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

  it('rejects an op on a ticket the user may not see, without leaking anything about it', async () => {
    const hidden = await world.invisibleTicket();
    const f = new OpFactory();
    const ops = [f.patch(hidden.id, hidden.rev, { title: 'Mine now' }), f.worklog(hidden.id, 'Sneaky note')];
    const before = await world.snapshot();
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
    const after = await world.snapshot();
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
    const hidden = await world.invisibleTicket();
    const f = new OpFactory();
    const { body } = await push(s.app, desk1, f.clientId, [f.patch(hidden.id, hidden.rev, { priority: 1 })]);
    expect(body?.results[0]?.status).toBe('applied');
  });

  it('rejects a transition the lifecycle forbids, with the reason in words', async () => {
    const closed = await world.visibleTicket('closed');
    const f = new OpFactory();
    const { body } = await push(s.app, tech1, f.clientId, [f.patch(closed.id, closed.rev, { status: 'in_progress', title: 'Reopened' })]);
    expect(body?.results[0]).toEqual({ opId: expect.any(String), status: 'rejected', reason: 'A closed ticket cannot change state (asked for "In progress").' });
    expect(await getTicket(s, closed.id)).toEqual(closed);

    const inProgress = await world.visibleTicket('in_progress');
    const hold = await push(s.app, tech1, f.clientId, [f.patch(inProgress.id, inProgress.rev, { status: 'on_hold' })]);
    expect(hold.body?.results[0]).toMatchObject({ status: 'rejected', reason: 'Putting a ticket on hold needs a reason.' });
    const withReason = await push(s.app, tech1, f.clientId, [f.patch(inProgress.id, inProgress.rev, { status: 'on_hold', onHoldReason: 'Waiting for parts' })]);
    expect(withReason.body?.results[0]).toMatchObject({ status: 'applied', record: { status: 'on_hold', onHoldReason: 'Waiting for parts' } });
  });

  it('refuses a patch that takes away what the current status needs', async () => {
    const t = await world.visibleTicket('in_progress', 3);
    const f = new OpFactory();
    const { body } = await push(s.app, tech1, f.clientId, [f.patch(t.id, t.rev, { assigneeId: null })]);
    expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: 'A ticket that is "In progress" must keep an assignee.' });
    const back = await push(s.app, tech1, f.clientId, [f.patch(t.id, t.rev, { assigneeId: null, status: 'new' })]);
    expect(back.body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/cannot go from "In progress" to "New"/) });
  });

  it('stamps resolvedAt and closedAt when a ticket is resolved and closed', async () => {
    const t = await world.visibleTicket('in_progress', 1);
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
      const t = await world.visibleTicket('in_progress', 2);
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
      const t = await world.visibleTicket('assigned', 1);
      const desk = new OpFactory();
      await push(s.app, desk1, desk.clientId, [desk.patch(t.id, t.rev, { priority: 5 })]);
      const tech = new OpFactory();
      const { body } = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { title: 'Only the title changed here' })]);
      expect(body?.results[0]).toMatchObject({ status: 'applied', record: { title: 'Only the title changed here', priority: 5 } });
    });

    it('sends a status changed on both sides through the lifecycle from the server state', async () => {
      const t = await world.visibleTicket('assigned', 2);
      const desk = new OpFactory();
      const held = await push(s.app, desk1, desk.clientId, [desk.patch(t.id, t.rev, { status: 'on_hold', onHoldReason: 'Vendor case' })]);
      expect(held.body?.results[0]?.status).toBe('applied');
      const tech = new OpFactory();
      // on_hold -> in_progress is allowed: the technician's later change wins.
      const { body } = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { status: 'in_progress' })]);
      expect(body?.results[0]).toMatchObject({ status: 'applied', record: { status: 'in_progress' } });

      const closedNow = await world.visibleTicket('resolved');
      await push(s.app, desk1, desk.clientId, [desk.patch(closedNow.id, closedNow.rev, { status: 'closed' })]);
      // The lifecycle refuses closed -> in_progress: a conflict that says why (sync/merge.test.ts has more).
      const late = await push(s.app, tech1, tech.clientId, [tech.patch(closedNow.id, closedNow.rev, { status: 'in_progress' })]);
      expect(late.body?.results[0]).toMatchObject({ status: 'conflict', fields: ['status'], reason: expect.stringMatching(/closed ticket cannot change state/) });
    });

    it('rejects a baseRev from the future', async () => {
      const t = await world.visibleTicket('new');
      const f = new OpFactory();
      const { body } = await push(s.app, tech1, f.clientId, [f.patch(t.id, t.rev + 1000, { priority: 2 })]);
      expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/Pull again/) });
    });
  });

  it('refuses to create a ticket a technician could not see', async () => {
    const otherGroup = world.ids.desk;
    const otherSite = world.ids.lab;
    const f = new OpFactory();
    const { body } = await push(s.app, tech1, f.clientId, [f.createTicket({ title: 'Elsewhere', groupId: otherGroup, siteId: otherSite })]);
    expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/your own site or support groups/) });
    const unknownGroup = await push(s.app, tech1, f.clientId, [f.createTicket({ title: 'Nowhere', groupId: randomUUID() })]);
    expect(unknownGroup.body?.results[0]).toMatchObject({ status: 'rejected', reason: 'The support group does not exist.' });
  });

  it('gives a new ticket the priority of the impact x urgency matrix unless the op carries one, and writes a "created" event', async () => {
    const critical = await world.fieldTicket({ title: 'Site down', impact: 1, urgency: 1, priority: undefined });
    expect(critical).toMatchObject({ priority: 1, impact: 1, urgency: 1, status: 'new', respondedAt: null, slaHolds: [], knownError: false });
    expect(critical.number).toMatch(/^INC-\d{4}$/);
    expect((await world.fieldTicket({ title: 'Slow VPN', impact: 3, urgency: 2, priority: undefined })).priority).toBe(DEFAULT_ITSM_CONFIG.priorityMatrix[2]?.[1]);
    expect((await world.fieldTicket({ title: 'Override', impact: 1, urgency: 1, priority: 5 })).priority).toBe(5);
    expect(await events(critical.id)).toEqual([{ type: 'created', from_value: null, to_value: 'new', actor_id: world.ids.desk1 }]);
  });

  it('numbers problems and service requests, and keeps kind-only fields to their kind, in the app\'s words', async () => {
    const problem = await world.fieldTicket({ title: 'Print server leaks memory', kind: 'problem', rootCause: 'Driver bug', workaround: 'Restart the spooler', knownError: true });
    expect(problem).toMatchObject({ number: expect.stringMatching(/^PRB-\d{4}$/), rootCause: 'Driver bug', workaround: 'Restart the spooler', knownError: true });
    const catalogItem = DEFAULT_ITSM_CONFIG.catalog[0]?.id as string;
    const request = await world.fieldTicket({ title: 'New laptop', kind: 'service_request', catalogItemId: catalogItem });
    expect(request).toMatchObject({ number: expect.stringMatching(/^REQ-\d{4}$/), catalogItemId: catalogItem });

    const make = (extra: Parameters<OpFactory['createTicket']>[0]) => (f: OpFactory) => f.createTicket({ groupId: world.ids.field, ...extra });
    expect(await world.refused('desk1', make({ title: 'x', rootCause: 'Cause' }))).toBe('Root cause, workaround and known error belong to problems, not to this ticket.');
    expect(await world.refused('desk1', make({ title: 'x', catalogItemId: catalogItem }))).toBe('Only service requests have a catalog item.');
    expect(await world.refused('desk1', make({ title: 'x', kind: 'service_request', catalogItemId: 'no-such-item' }))).toBe('The catalog item is not in the service catalog.');
    expect(await world.refused('desk1', make({ title: 'x', kind: 'problem', knownError: true }))).toMatch(/^A known error needs a workaround/);
    expect(await world.refused('desk1', make({ title: 'x', kind: 'problem', problemId: problem.id }))).toBe('Only incidents can be linked to a problem.');
    expect(await world.refused('desk1', make({ title: 'x', problemId: request.id }))).toBe(`${request.number} is not a problem.`);

    const incident = await world.fieldTicket({ title: 'Cannot print', problemId: problem.id });
    expect(incident.problemId).toBe(problem.id);
  });

  it('refuses an assignee outside the ticket\'s group, naming the group, on create and on patch', async () => {
    const expected = 'Samuel Okafor is not a member of the group "Field Support". Choose someone from the group, or change the group first.';
    expect(await world.refused('desk1', (f) => f.createTicket({ title: 'x', groupId: world.ids.field, assigneeId: world.ids.tech5 }))).toBe(expected);
    const t = await world.fieldTicket();
    expect(await world.refused('desk1', (f) => f.patch(t.id, t.rev, { assigneeId: world.ids.tech5 }))).toBe(expected);
    // Changing the group along with the assignee is fine.
    const moved = await world.applied<Ticket>('desk1', (f) => f.patch(t.id, t.rev, { groupId: world.ids.desk, assigneeId: world.ids.tech5 }));
    expect(moved).toMatchObject({ groupId: world.ids.desk, assigneeId: world.ids.tech5 });
  });

  it('refuses resolving without resolution notes, in the app\'s words', async () => {
    const t = await world.fieldTicket();
    const assigned = await world.applied<Ticket>('tech1', (f) => f.patch(t.id, t.rev, { assigneeId: world.ids.tech1, status: 'assigned' }));
    expect(await world.refused('tech1', (f) => f.patch(t.id, assigned.rev, { status: 'resolved', resolutionCode: 'fixed' }))).toBe('Resolving a ticket needs resolution notes.');
  });

  it('keeps respondedAt, hold periods and resolvedAt by statusEffects at the technician\'s time, and writes status and assignee events', async () => {
    const t = await world.fieldTicket();
    const at1 = daysAgo(0.5);
    const assigned = await world.applied<Ticket>('tech1', (f) => f.at(f.patch(t.id, t.rev, { assigneeId: world.ids.tech1, status: 'assigned' }), at1));
    expect(assigned.respondedAt).toBe(at1);
    const at2 = daysAgo(0.4);
    const held = await world.applied<Ticket>('tech1', (f) => f.at(f.patch(t.id, assigned.rev, { status: 'on_hold', onHoldReason: 'Waiting for parts' }), at2));
    expect(held.slaHolds).toEqual([{ from: at2, to: null }]);
    const at3 = daysAgo(0.3);
    const resumed = await world.applied<Ticket>('tech1', (f) => f.at(f.patch(t.id, held.rev, { status: 'in_progress' }), at3));
    expect(resumed).toMatchObject({ slaHolds: [{ from: at2, to: at3 }], respondedAt: at1 });
    // A clock ahead of the server's is clamped to the server's now.
    const future = new Date(Date.now() + DAY_MS).toISOString();
    const resolved = await world.applied<Ticket>('tech1', (f) =>
      f.at(f.patch(t.id, resumed.rev, { status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Replaced the fuser' }), future),
    );
    expect(Date.parse(resolved.resolvedAt as string)).toBeLessThanOrEqual(Date.now());
    expect(await getTicket(s, t.id)).toEqual(resolved);
    expect((await events(t.id)).map((e) => [e.type, e.from_value, e.to_value, e.actor_id])).toEqual([
      ['created', null, 'new', world.ids.desk1],
      ['status', 'new', 'assigned', world.ids.tech1],
      ['assignee', null, world.ids.tech1, world.ids.tech1],
      ['status', 'assigned', 'on_hold', world.ids.tech1],
      ['status', 'on_hold', 'in_progress', world.ids.tech1],
      ['status', 'in_progress', 'resolved', world.ids.tech1],
    ]);
    const [created] = await s.db.selectFrom('ticket_events').select(['at', 'recorded_at']).where('ticket_id', '=', t.id).where('type', '=', 'status').orderBy('rev').execute();
    expect(created?.at).toBe(at1);
    expect(Date.parse(created?.recorded_at ?? '')).toBeGreaterThan(Date.parse(at1));
  });

  /** A Field Support ticket resolved by tech1, `resolvedDaysAgo` days ago (stamped directly, as if resolved then). */
  async function resolvedTicket(resolvedDaysAgo: number): Promise<Ticket> {
    const t = await world.fieldTicket();
    const a = await world.applied<Ticket>('tech1', (f) => f.patch(t.id, t.rev, { assigneeId: world.ids.tech1, status: 'in_progress' }));
    await world.applied<Ticket>('tech1', (f) => f.patch(t.id, a.rev, { status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Done' }));
    await s.store.write(async (tx) => {
      await tx.db.updateTable('tickets').set({ resolved_at: daysAgo(resolvedDaysAgo) }).where('id', '=', t.id).execute();
    });
    return getTicket(s, t.id);
  }

  it('reopens a resolved ticket within the reopen period (a "reopened" event), and refuses after it', async () => {
    const recent = await resolvedTicket(2);
    const reopened = await world.applied<Ticket>('tech1', (f) => f.patch(recent.id, recent.rev, { status: 'in_progress' }));
    expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null });
    expect((await events(recent.id)).at(-1)).toMatchObject({ type: 'reopened', from_value: 'resolved', to_value: 'in_progress' });

    const old = await resolvedTicket(10);
    const reason = await world.refused('tech1', (f) => f.patch(old.id, old.rev, { status: 'in_progress' }));
    expect(reason).toBe(
      `This ticket was resolved on ${old.resolvedAt?.slice(0, 10)}; it can only be reopened within 7 days of being resolved. Raise a new ticket instead.`,
    );
    // Reopened offline inside the period and pushed later: the technician's time counts.
    const late = await world.applied<Ticket>('tech1', (f) => f.at(f.patch(old.id, old.rev, { status: 'assigned' }), daysAgo(5)));
    expect(late.status).toBe('assigned');
  });

  it('follows the matrix when impact or urgency change without a priority (a "priority" event); a priority sent along stands', async () => {
    const t = await world.fieldTicket({ title: 'x', impact: 2, urgency: 2, priority: undefined });
    expect(t.priority).toBe(3);
    const raised = await world.applied<Ticket>('desk1', (f) => f.patch(t.id, t.rev, { impact: 1 }));
    expect(raised).toMatchObject({ impact: 1, urgency: 2, priority: 2 });
    expect((await events(t.id)).at(-1)).toMatchObject({ type: 'priority', from_value: '3', to_value: '2' });
    const chosen = await world.applied<Ticket>('desk1', (f) => f.patch(t.id, raised.rev, { urgency: 1, priority: 4 }));
    expect(chosen).toMatchObject({ impact: 1, urgency: 1, priority: 4 });
  });

  it('needs a workaround for a known error, and writes a "problem" event when an incident is linked', async () => {
    const problem = await world.fieldTicket({ title: 'Flaky Wi-Fi', kind: 'problem' });
    expect(await world.refused('desk1', (f) => f.patch(problem.id, problem.rev, { knownError: true }))).toMatch(/^A known error needs a workaround/);
    const known = await world.applied<Ticket>('desk1', (f) => f.patch(problem.id, problem.rev, { workaround: 'Use the wired port', knownError: true }));
    expect(known.knownError).toBe(true);
    expect(await world.refused('desk1', (f) => f.patch(problem.id, known.rev, { workaround: '' }))).toMatch(/^A known error needs a workaround/);

    const incident = await world.fieldTicket();
    const linked = await world.applied<Ticket>('tech1', (f) => f.patch(incident.id, incident.rev, { problemId: problem.id }));
    expect(linked.problemId).toBe(problem.id);
    expect((await events(incident.id)).at(-1)).toMatchObject({ type: 'problem', from_value: null, to_value: problem.id });
    expect(await world.refused('tech1', (f) => f.patch(incident.id, linked.rev, { rootCause: 'x' }))).toBe(
      'Root cause, workaround and known error belong to problems, not to this ticket.',
    );
  });
});
