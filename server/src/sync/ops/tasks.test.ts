/**
 * Task create and patch ops (ops/tasks.ts) on SQLite and PostgreSQL: TASK numbering, the
 * ticket's group and site, refusals in the app's words (due date, assignee, visibility), the
 * task lifecycle, the three-way merge, and a task seen by its assignee.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Task, Ticket } from '@fielddesk/common/domain/entities';
import { checkDueDate } from '@fielddesk/common/itsm/lifecycle';
import type { FieldDeskServer } from '../../app';
import type { OpFactory } from '../../../test/http';
import { DAY_MS, daysAgo, pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';
import { NOT_VISIBLE } from '../apply';

describeStores('sync push: task', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<'tech1' | 'tech3' | 'desk1', 'tech5'>;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech3', 'desk1'], { people: ['tech5'] });
  });

  it('creates a task of a ticket: TASK number, the ticket\'s group and site, the creator, open', async () => {
    const t = await world.fieldTicket();
    const due = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const task = await world.applied<Task>('tech1', (f) => f.createTask({ ticketId: t.id, title: 'Order a fuser', assigneeId: world.ids.tech1, dueAt: due }));
    expect(task).toMatchObject({ ticketId: t.id, groupId: world.ids.field, siteId: world.ids.hq, createdById: world.ids.tech1, status: 'open', dueAt: due, completedAt: null });
    expect(task.number).toMatch(/^TASK-\d{4}$/);
    const row = await s.db.selectFrom('tasks').select(['number', 'rev']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ number: task.number, rev: task.rev });
  });

  it('refuses a task due in the past, an assignee outside its group, and a task of a ticket the technician cannot see', async () => {
    const t = await world.fieldTicket();
    const past = daysAgo(1);
    const op = (f: OpFactory) => f.createTask({ ticketId: t.id, title: 'Too late', dueAt: past });
    const reason = await world.refused('tech1', op);
    const check = checkDueDate(past, new Date().toISOString());
    expect(check.ok ? null : check.reason).toBe(reason);
    expect(reason).toMatch(/is in the past; choose a date from now on\.$/);
    expect(await world.refused('tech1', (f) => f.createTask({ ticketId: t.id, title: 'x', assigneeId: world.ids.tech5 }))).toMatch(/^Samuel Okafor is not a member of the group "Field Support"/);

    const elsewhere = await world.applied<Ticket>('desk1', (f) => f.createTicket({ title: 'DC switch', groupId: world.ids.desk, siteId: world.ids.dc }));
    expect(await world.refused('tech1', (f) => f.createTask({ ticketId: elsewhere.id, title: 'x' }))).toBe(NOT_VISIBLE);

    const task = await world.applied<Task>('tech1', (f) => f.createTask({ ticketId: t.id, title: 'Later' }));
    expect(await world.refused('tech1', (f) => f.patchTask(task.id, task.rev, { dueAt: past }))).toBe(reason);
  });

  it('moves a task through its lifecycle: done stamps completedAt, reopening clears it, a forbidden move is refused', async () => {
    const task = await world.applied<Task>('tech1', (f) => f.createTask({ title: 'Check the UPS' }));
    expect(task.siteId).toBe(world.ids.hq); // standalone: the technician's site
    const done = await world.applied<Task>('tech1', (f) => f.patchTask(task.id, task.rev, { status: 'done' }));
    expect(done.completedAt).not.toBeNull();
    const open = await world.applied<Task>('tech1', (f) => f.patchTask(task.id, done.rev, { status: 'open' }));
    expect(open.completedAt).toBeNull();
    const cancelled = await world.applied<Task>('tech1', (f) => f.patchTask(task.id, open.rev, { status: 'cancelled' }));
    expect(await world.refused('tech1', (f) => f.patchTask(task.id, cancelled.rev, { status: 'in_progress' }))).toBe('A task cannot go from "Cancelled" to "In progress".');
  });

  it('merges task patches three-way, and shows a task to its assignee outside their group and site', async () => {
    const task = await world.applied<Task>('desk1', (f) => f.createTask({ title: 'Swap the DC patch panel', siteId: world.ids.dc, assigneeId: world.ids.tech1 }));
    const byDesk = await world.applied<Task>('desk1', (f) => f.patchTask(task.id, task.rev, { title: 'Swap the patch panel (rack 4)' }));
    // tech1 sees it as its assignee; a different field merges, the same field conflicts.
    const byTech = await world.applied<Task>('tech1', (f) => f.patchTask(task.id, task.rev, { description: 'Bring a crimper' }));
    expect(byTech).toMatchObject({ title: 'Swap the patch panel (rack 4)', description: 'Bring a crimper' });
    const clash = await world.one('tech1', (f) => f.patchTask(task.id, task.rev, { title: 'Swap it' }));
    expect(clash).toMatchObject({ status: 'conflict', fields: ['title'], server: { title: byDesk.title } });
    // tech3 (LAB, Field Support) has neither the task's site nor its group.
    expect(await world.refused('tech3', (f) => f.patchTask(task.id, byTech.rev, { title: 'x' }))).toBe('Task not found or not visible to you.');
  });
});
