/**
 * Task create and patch ops (ops/tasks.ts) on SQLite and PostgreSQL: TASK numbering, the
 * ticket's group and site, refusals in the app's words (due date, assignee, visibility), the
 * task lifecycle, the three-way merge, and a task seen by its assignee.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Task, Ticket } from '@fielddesk/common/domain/entities';
import { checkDueDate } from '@fielddesk/common/itsm/lifecycle';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { loginDesktop, OpFactory, personId, push } from '../../../test/http';
import { describeStores } from '../../../test/stores';
import { NOT_VISIBLE } from '../apply';

type Applied = Extract<OpResult, { status: 'applied' }>;
const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

describeStores('sync push: task', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  /** Person, group and site ids by name (filled before the tests run). */
  const ids = {} as Record<'tech1' | 'tech5' | 'field' | 'desk' | 'hq' | 'dc', string>;
  const clients: Record<string, OpFactory> = {};

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'tech3', 'desk1']) {
      tokens[user] = (await loginDesktop(s.app, user)).token;
      clients[user] = new OpFactory();
    }
    ids.tech1 = await personId(s, 'tech1');
    ids.tech5 = await personId(s, 'tech5');
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
});
