/**
 * Push of the issue-4 ops (problems, service requests, tasks, links, articles, worklog
 * visibility) with the rules the app applies offline: every op kind applied, each refusal
 * with the app's words, the priority matrix, the reopen period, ticket events.
 */
import { beforeAll, expect, it } from 'vitest';
import type { KnowledgeArticle, Task, Ticket, TicketLink, Worklog } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { checkDueDate } from '@fielddesk/common/itsm/lifecycle';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { getTicket, loginDesktop, OpFactory, personId, push } from '../../test/http';
import { describeStores } from '../../test/stores';
import { NOT_VISIBLE } from './apply';

type Applied = Extract<OpResult, { status: 'applied' }>;
const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

describeStores('sync push: problems, tasks, links, articles', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  /** Person, group and site ids by name (filled before the tests run). */
  const ids = {} as Record<'tech1' | 'tech3' | 'tech5' | 'desk1' | 'field' | 'desk' | 'hq' | 'dc', string>;
  const clients: Record<string, OpFactory> = {};

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'tech3', 'tech5', 'desk1']) {
      tokens[user] = (await loginDesktop(s.app, user)).token;
      ids[user as keyof typeof ids] = await personId(s, user);
      clients[user] = new OpFactory();
    }
    const group = (name: string) => s.db.selectFrom('groups').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const site = (code: string) => s.db.selectFrom('sites').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    ids.field = (await group('Field Support')).id;
    ids.desk = (await group('Service Desk')).id;
    ids.hq = (await site('HQ')).id;
    ids.dc = (await site('DC')).id;
  });

  /** Pushes one op as a user (with that user's client) and returns its answer. */
  async function one(user: string, make: (f: OpFactory) => Op): Promise<OpResult> {
    const f = clients[user] as OpFactory;
    const { res, body } = await push(s.app, tokens[user] as string, f.clientId, [make(f)]);
    expect(res.statusCode, res.body).toBe(200);
    return body?.results[0] as OpResult;
  }
  async function applied<R>(user: string, make: (f: OpFactory) => Op): Promise<R> {
    const result = await one(user, make);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
    return (result as Applied).record as R;
  }
  async function refused(user: string, make: (f: OpFactory) => Op): Promise<string> {
    const result = await one(user, make);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'rejected' });
    return (result as Extract<OpResult, { status: 'rejected' }>).reason;
  }
  const fieldTicket = (extra: Parameters<OpFactory['createTicket']>[0] = { title: 'Printer jams' }) =>
    applied<Ticket>('desk1', (f) => f.createTicket({ groupId: ids.field, siteId: ids.hq, ...extra }));
  const events = (ticketId: string) =>
    s.db.selectFrom('ticket_events').select(['type', 'from_value', 'to_value', 'actor_id']).where('ticket_id', '=', ticketId).orderBy('rev').execute();

  // ---- tickets ----

  it('gives a new ticket the priority of the impact x urgency matrix unless the op carries one, and writes a "created" event', async () => {
    const critical = await fieldTicket({ title: 'Site down', impact: 1, urgency: 1, priority: undefined });
    expect(critical).toMatchObject({ priority: 1, impact: 1, urgency: 1, status: 'new', respondedAt: null, slaHolds: [], knownError: false });
    expect(critical.number).toMatch(/^INC-\d{4}$/);
    expect((await fieldTicket({ title: 'Slow VPN', impact: 3, urgency: 2, priority: undefined })).priority).toBe(DEFAULT_ITSM_CONFIG.priorityMatrix[2]?.[1]);
    expect((await fieldTicket({ title: 'Override', impact: 1, urgency: 1, priority: 5 })).priority).toBe(5);
    expect(await events(critical.id)).toEqual([{ type: 'created', from_value: null, to_value: 'new', actor_id: ids.desk1 }]);
  });

  it('numbers problems and service requests, and keeps kind-only fields to their kind, in the app\'s words', async () => {
    const problem = await fieldTicket({ title: 'Print server leaks memory', kind: 'problem', rootCause: 'Driver bug', workaround: 'Restart the spooler', knownError: true });
    expect(problem).toMatchObject({ number: expect.stringMatching(/^PRB-\d{4}$/), rootCause: 'Driver bug', workaround: 'Restart the spooler', knownError: true });
    const catalogItem = DEFAULT_ITSM_CONFIG.catalog[0]?.id as string;
    const request = await fieldTicket({ title: 'New laptop', kind: 'service_request', catalogItemId: catalogItem });
    expect(request).toMatchObject({ number: expect.stringMatching(/^REQ-\d{4}$/), catalogItemId: catalogItem });

    const make = (extra: Parameters<OpFactory['createTicket']>[0]) => (f: OpFactory) => f.createTicket({ groupId: ids.field, ...extra });
    expect(await refused('desk1', make({ title: 'x', rootCause: 'Cause' }))).toBe('Root cause, workaround and known error belong to problems, not to this ticket.');
    expect(await refused('desk1', make({ title: 'x', catalogItemId: catalogItem }))).toBe('Only service requests have a catalog item.');
    expect(await refused('desk1', make({ title: 'x', kind: 'service_request', catalogItemId: 'no-such-item' }))).toBe('The catalog item is not in the service catalog.');
    expect(await refused('desk1', make({ title: 'x', kind: 'problem', knownError: true }))).toMatch(/^A known error needs a workaround/);
    expect(await refused('desk1', make({ title: 'x', kind: 'problem', problemId: problem.id }))).toBe('Only incidents can be linked to a problem.');
    expect(await refused('desk1', make({ title: 'x', problemId: request.id }))).toBe(`${request.number} is not a problem.`);

    const incident = await fieldTicket({ title: 'Cannot print', problemId: problem.id });
    expect(incident.problemId).toBe(problem.id);
  });

  it('refuses an assignee outside the ticket\'s group, naming the group, on create and on patch', async () => {
    const expected = 'Samuel Okafor is not a member of the group "Field Support". Choose someone from the group, or change the group first.';
    expect(await refused('desk1', (f) => f.createTicket({ title: 'x', groupId: ids.field, assigneeId: ids.tech5 }))).toBe(expected);
    const t = await fieldTicket();
    expect(await refused('desk1', (f) => f.patch(t.id, t.rev, { assigneeId: ids.tech5 }))).toBe(expected);
    // Changing the group along with the assignee is fine.
    const moved = await applied<Ticket>('desk1', (f) => f.patch(t.id, t.rev, { groupId: ids.desk, assigneeId: ids.tech5 }));
    expect(moved).toMatchObject({ groupId: ids.desk, assigneeId: ids.tech5 });
  });

  it('refuses resolving without resolution notes, in the app\'s words', async () => {
    const t = await fieldTicket();
    const assigned = await applied<Ticket>('tech1', (f) => f.patch(t.id, t.rev, { assigneeId: ids.tech1, status: 'assigned' }));
    expect(await refused('tech1', (f) => f.patch(t.id, assigned.rev, { status: 'resolved', resolutionCode: 'fixed' }))).toBe('Resolving a ticket needs resolution notes.');
  });

  it('keeps respondedAt, hold periods and resolvedAt by statusEffects at the technician\'s time, and writes status and assignee events', async () => {
    const t = await fieldTicket();
    const at1 = daysAgo(0.5);
    const assigned = await applied<Ticket>('tech1', (f) => f.at(f.patch(t.id, t.rev, { assigneeId: ids.tech1, status: 'assigned' }), at1));
    expect(assigned.respondedAt).toBe(at1);
    const at2 = daysAgo(0.4);
    const held = await applied<Ticket>('tech1', (f) => f.at(f.patch(t.id, assigned.rev, { status: 'on_hold', onHoldReason: 'Waiting for parts' }), at2));
    expect(held.slaHolds).toEqual([{ from: at2, to: null }]);
    const at3 = daysAgo(0.3);
    const resumed = await applied<Ticket>('tech1', (f) => f.at(f.patch(t.id, held.rev, { status: 'in_progress' }), at3));
    expect(resumed).toMatchObject({ slaHolds: [{ from: at2, to: at3 }], respondedAt: at1 });
    // A clock ahead of the server's is clamped to the server's now.
    const future = new Date(Date.now() + DAY_MS).toISOString();
    const resolved = await applied<Ticket>('tech1', (f) =>
      f.at(f.patch(t.id, resumed.rev, { status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Replaced the fuser' }), future),
    );
    expect(Date.parse(resolved.resolvedAt as string)).toBeLessThanOrEqual(Date.now());
    expect(await getTicket(s, t.id)).toEqual(resolved);
    expect((await events(t.id)).map((e) => [e.type, e.from_value, e.to_value, e.actor_id])).toEqual([
      ['created', null, 'new', ids.desk1],
      ['status', 'new', 'assigned', ids.tech1],
      ['assignee', null, ids.tech1, ids.tech1],
      ['status', 'assigned', 'on_hold', ids.tech1],
      ['status', 'on_hold', 'in_progress', ids.tech1],
      ['status', 'in_progress', 'resolved', ids.tech1],
    ]);
    const [created] = await s.db.selectFrom('ticket_events').select(['at', 'recorded_at']).where('ticket_id', '=', t.id).where('type', '=', 'status').orderBy('rev').execute();
    expect(created?.at).toBe(at1);
    expect(Date.parse(created?.recorded_at ?? '')).toBeGreaterThan(Date.parse(at1));
  });

  /** A Field Support ticket resolved by tech1, `resolvedDaysAgo` days ago (stamped directly, as if resolved then). */
  async function resolvedTicket(resolvedDaysAgo: number): Promise<Ticket> {
    const t = await fieldTicket();
    const a = await applied<Ticket>('tech1', (f) => f.patch(t.id, t.rev, { assigneeId: ids.tech1, status: 'in_progress' }));
    await applied<Ticket>('tech1', (f) => f.patch(t.id, a.rev, { status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Done' }));
    await s.store.write(async (tx) => {
      await tx.db.updateTable('tickets').set({ resolved_at: daysAgo(resolvedDaysAgo) }).where('id', '=', t.id).execute();
    });
    return getTicket(s, t.id);
  }

  it('reopens a resolved ticket within the reopen period (a "reopened" event), and refuses after it', async () => {
    const recent = await resolvedTicket(2);
    const reopened = await applied<Ticket>('tech1', (f) => f.patch(recent.id, recent.rev, { status: 'in_progress' }));
    expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null });
    expect((await events(recent.id)).at(-1)).toMatchObject({ type: 'reopened', from_value: 'resolved', to_value: 'in_progress' });

    const old = await resolvedTicket(10);
    const reason = await refused('tech1', (f) => f.patch(old.id, old.rev, { status: 'in_progress' }));
    expect(reason).toBe(
      `This ticket was resolved on ${old.resolvedAt?.slice(0, 10)}; it can only be reopened within 7 days of being resolved. Raise a new ticket instead.`,
    );
    // Reopened offline inside the period and pushed later: the technician's time counts.
    const late = await applied<Ticket>('tech1', (f) => f.at(f.patch(old.id, old.rev, { status: 'assigned' }), daysAgo(5)));
    expect(late.status).toBe('assigned');
  });

  it('follows the matrix when impact or urgency change without a priority (a "priority" event); a priority sent along stands', async () => {
    const t = await fieldTicket({ title: 'x', impact: 2, urgency: 2, priority: undefined });
    expect(t.priority).toBe(3);
    const raised = await applied<Ticket>('desk1', (f) => f.patch(t.id, t.rev, { impact: 1 }));
    expect(raised).toMatchObject({ impact: 1, urgency: 2, priority: 2 });
    expect((await events(t.id)).at(-1)).toMatchObject({ type: 'priority', from_value: '3', to_value: '2' });
    const chosen = await applied<Ticket>('desk1', (f) => f.patch(t.id, raised.rev, { urgency: 1, priority: 4 }));
    expect(chosen).toMatchObject({ impact: 1, urgency: 1, priority: 4 });
  });

  it('needs a workaround for a known error, and writes a "problem" event when an incident is linked', async () => {
    const problem = await fieldTicket({ title: 'Flaky Wi-Fi', kind: 'problem' });
    expect(await refused('desk1', (f) => f.patch(problem.id, problem.rev, { knownError: true }))).toMatch(/^A known error needs a workaround/);
    const known = await applied<Ticket>('desk1', (f) => f.patch(problem.id, problem.rev, { workaround: 'Use the wired port', knownError: true }));
    expect(known.knownError).toBe(true);
    expect(await refused('desk1', (f) => f.patch(problem.id, known.rev, { workaround: '' }))).toMatch(/^A known error needs a workaround/);

    const incident = await fieldTicket();
    const linked = await applied<Ticket>('tech1', (f) => f.patch(incident.id, incident.rev, { problemId: problem.id }));
    expect(linked.problemId).toBe(problem.id);
    expect((await events(incident.id)).at(-1)).toMatchObject({ type: 'problem', from_value: null, to_value: problem.id });
    expect(await refused('tech1', (f) => f.patch(incident.id, linked.rev, { rootCause: 'x' }))).toBe(
      'Root cause, workaround and known error belong to problems, not to this ticket.',
    );
  });

  it('keeps a worklog\'s visibility', async () => {
    const t = await fieldTicket();
    const reply = await applied<Worklog>('tech1', (f) => f.worklog(t.id, 'On my way', 0, undefined, 'public'));
    const note = await applied<Worklog>('tech1', (f) => f.worklog(t.id, 'Fuser worn', 10));
    expect([reply.visibility, note.visibility]).toEqual(['public', 'internal']);
    const rows = await s.db.selectFrom('worklogs').select(['id', 'visibility']).where('ticket_id', '=', t.id).orderBy('rev').execute();
    expect(rows).toEqual([
      { id: reply.id, visibility: 'public' },
      { id: note.id, visibility: 'internal' },
    ]);
  });

  // ---- tasks ----

  it('creates a task of a ticket: TASK number, the ticket\'s group and site, the creator, open', async () => {
    const t = await fieldTicket();
    const due = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const task = await applied<Task>('tech1', (f) => f.createTask({ ticketId: t.id, title: 'Order a fuser', assigneeId: ids.tech1, dueAt: due }));
    expect(task).toMatchObject({ ticketId: t.id, groupId: ids.field, siteId: ids.hq, createdById: ids.tech1, status: 'open', dueAt: due, completedAt: null });
    expect(task.number).toMatch(/^TASK-\d{4}$/);
    const row = await s.db.selectFrom('tasks').select(['number', 'rev']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ number: task.number, rev: task.rev });
  });

  it('refuses a task due in the past, an assignee outside its group, and a task of a ticket the technician cannot see', async () => {
    const t = await fieldTicket();
    const past = daysAgo(1);
    const op = (f: OpFactory) => f.createTask({ ticketId: t.id, title: 'Too late', dueAt: past });
    const reason = await refused('tech1', op);
    const check = checkDueDate(past, new Date().toISOString());
    expect(check.ok ? null : check.reason).toBe(reason);
    expect(reason).toMatch(/is in the past; choose a date from now on\.$/);
    expect(await refused('tech1', (f) => f.createTask({ ticketId: t.id, title: 'x', assigneeId: ids.tech5 }))).toMatch(/^Samuel Okafor is not a member of the group "Field Support"/);

    const elsewhere = await applied<Ticket>('desk1', (f) => f.createTicket({ title: 'DC switch', groupId: ids.desk, siteId: ids.dc }));
    expect(await refused('tech1', (f) => f.createTask({ ticketId: elsewhere.id, title: 'x' }))).toBe(NOT_VISIBLE);

    const task = await applied<Task>('tech1', (f) => f.createTask({ ticketId: t.id, title: 'Later' }));
    expect(await refused('tech1', (f) => f.patchTask(task.id, task.rev, { dueAt: past }))).toBe(reason);
  });

  it('moves a task through its lifecycle: done stamps completedAt, reopening clears it, a forbidden move is refused', async () => {
    const task = await applied<Task>('tech1', (f) => f.createTask({ title: 'Check the UPS' }));
    expect(task.siteId).toBe(ids.hq); // standalone: the technician's site
    const done = await applied<Task>('tech1', (f) => f.patchTask(task.id, task.rev, { status: 'done' }));
    expect(done.completedAt).not.toBeNull();
    const open = await applied<Task>('tech1', (f) => f.patchTask(task.id, done.rev, { status: 'open' }));
    expect(open.completedAt).toBeNull();
    const cancelled = await applied<Task>('tech1', (f) => f.patchTask(task.id, open.rev, { status: 'cancelled' }));
    expect(await refused('tech1', (f) => f.patchTask(task.id, cancelled.rev, { status: 'in_progress' }))).toBe('A task cannot go from "Cancelled" to "In progress".');
  });

  it('merges task patches three-way, and shows a task to its assignee outside their group and site', async () => {
    const task = await applied<Task>('desk1', (f) => f.createTask({ title: 'Swap the DC patch panel', siteId: ids.dc, assigneeId: ids.tech1 }));
    const byDesk = await applied<Task>('desk1', (f) => f.patchTask(task.id, task.rev, { title: 'Swap the patch panel (rack 4)' }));
    // tech1 sees it as its assignee; a different field merges, the same field conflicts.
    const byTech = await applied<Task>('tech1', (f) => f.patchTask(task.id, task.rev, { description: 'Bring a crimper' }));
    expect(byTech).toMatchObject({ title: 'Swap the patch panel (rack 4)', description: 'Bring a crimper' });
    const clash = await one('tech1', (f) => f.patchTask(task.id, task.rev, { title: 'Swap it' }));
    expect(clash).toMatchObject({ status: 'conflict', fields: ['title'], server: { title: byDesk.title } });
    // tech3 (LAB, Field Support) has neither the task's site nor its group.
    expect(await refused('tech3', (f) => f.patchTask(task.id, byTech.rev, { title: 'x' }))).toBe('Task not found or not visible to you.');
  });

  // ---- links ----

  it('links a ticket to an asset, refuses the same link twice and a target that does not exist', async () => {
    const t = await fieldTicket();
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', ids.hq).executeTakeFirstOrThrow();
    const link = await applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
    expect(link).toMatchObject({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id, authorId: ids.tech1 });
    expect(await refused('desk1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }))).toBe('This asset is already linked to the ticket.');
    expect(await refused('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'configuration_item', targetId: t.id }))).toBe(
      'The configuration item to link does not exist or is not visible to you.',
    );
    const article = await s.db.selectFrom('knowledge_articles').select('id').where('published', '=', 1).executeTakeFirstOrThrow();
    await applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'knowledge_article', targetId: article.id }));
  });

  it('unlinking writes a tombstone; unlinking again changes nothing and is no error', async () => {
    const t = await fieldTicket();
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', ids.hq).executeTakeFirstOrThrow();
    const link = await applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
    const f = clients.tech1 as OpFactory;
    const unlink = f.unlink(link.id);
    const first = (await push(s.app, tokens.tech1 as string, f.clientId, [unlink])).body?.results[0] as Applied;
    expect(first).toMatchObject({ status: 'applied', record: { id: link.id } });
    expect(await s.db.selectFrom('ticket_links').select('id').where('id', '=', link.id).execute()).toEqual([]);
    const tombstone = await s.db.selectFrom('tombstones').selectAll().where('entity', '=', 'ticket_link').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(Number(tombstone.rev)).toBe(first.rev);

    // Another device unlinks too (a new op): already gone, the same result, no new rev.
    const revBefore = await s.store.currentRev();
    const again = await one('desk1', (g) => g.unlink(link.id));
    expect(again).toEqual({ opId: expect.any(String), status: 'duplicate', original: { status: 'applied', rev: first.rev } });
    expect(await s.store.currentRev()).toBe(revBefore);
    // A replay of the first op answers duplicate with its first verdict.
    const replay = (await push(s.app, tokens.tech1 as string, f.clientId, [unlink])).body?.results[0];
    expect(replay).toMatchObject({ status: 'duplicate', original: { status: 'applied', rev: first.rev } });
    // The same target can be linked again afterwards (a new link).
    await applied<TicketLink>('tech1', (g) => g.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
  });

  // ---- knowledge articles ----

  it('creates an article from a ticket: KB number, author, source ticket; an invisible source ticket is refused', async () => {
    const t = await fieldTicket();
    const article = await applied<KnowledgeArticle>('tech1', (f) => f.createArticle({ title: 'Fuser swaps', body: 'Steps…', sourceTicketId: t.id, tags: ['printer'] }));
    expect(article).toMatchObject({ authorId: ids.tech1, sourceTicketId: t.id, published: false, tags: ['printer'] });
    expect(article.number).toMatch(/^KB-\d{4}$/);
    const numbers = (await s.db.selectFrom('knowledge_articles').select('number').execute()).map((r) => r.number);
    expect(numbers.filter((n) => n === article.number)).toHaveLength(1);
    const elsewhere = await applied<Ticket>('desk1', (f) => f.createTicket({ title: 'DC switch', groupId: ids.desk, siteId: ids.dc }));
    expect(await refused('tech1', (f) => f.createArticle({ title: 'x', body: 'y', sourceTicketId: elsewhere.id }))).toBe(
      'The ticket this article is written from does not exist or is not visible to you.',
    );
  });

  it('lets technicians edit published articles and their own drafts, not others\' drafts; merges per field', async () => {
    const draft = await applied<KnowledgeArticle>('desk1', (f) => f.createArticle({ title: 'Draft', body: 'Not yet' }));
    expect(await refused('tech1', (f) => f.patchArticle(draft.id, draft.rev, { title: 'Mine now' }))).toBe('Article not found or not visible to you.');
    const own = await applied<KnowledgeArticle>('tech1', (f) => f.createArticle({ title: 'My draft', body: 'Notes' }));
    await applied<KnowledgeArticle>('tech1', (f) => f.patchArticle(own.id, own.rev, { published: true }));

    const pub = await applied<KnowledgeArticle>('desk1', (f) => f.createArticle({ title: 'VPN', body: 'Reconnect', published: true }));
    const byDesk = await applied<KnowledgeArticle>('desk1', (f) => f.patchArticle(pub.id, pub.rev, { body: 'Reconnect, then reboot' }));
    const byTech = await applied<KnowledgeArticle>('tech1', (f) => f.patchArticle(pub.id, pub.rev, { tags: ['vpn'] }));
    expect(byTech).toMatchObject({ body: byDesk.body, tags: ['vpn'] });
    const clash = await one('tech1', (f) => f.patchArticle(pub.id, pub.rev, { body: 'Reboot' }));
    expect(clash).toMatchObject({ status: 'conflict', fields: ['body'], server: { body: byDesk.body } });
    const audit = await s.db.selectFrom('sync_conflicts').select(['entity', 'field']).where('record_id', '=', pub.id).execute();
    expect(audit).toEqual([{ entity: 'knowledge_article', field: 'body' }]);
  });
});
