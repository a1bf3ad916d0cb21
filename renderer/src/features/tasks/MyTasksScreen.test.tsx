import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { Task } from '@fielddesk/common/domain/entities';
import { MyTasksScreen } from './MyTasksScreen';
import { freshDb, group, makeTicket, requester, seed, site, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

const HOUR = 3_600_000;
function makeTask(overrides: Partial<Task>): Task {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    number: null,
    ticketId: null,
    title: 'A task',
    description: '',
    status: 'open',
    assigneeId: tech.id,
    groupId: group.id,
    siteId: site.id,
    dueAt: null,
    createdById: tech.id,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    rev: 3,
    ...overrides,
  };
}

describe('MyTasksScreen', () => {
  it('lists my open tasks overdue first, with their tickets, and moves with j/k and opens with Enter', async () => {
    const db = freshDb('tasks');
    const ticket = makeTicket({ number: 'INC-2001', title: 'Printer jams' });
    await seed(db, [ticket]);
    await db.tasks.bulkPut([
      makeTask({ title: 'Later task', dueAt: new Date(Date.now() + 72 * HOUR).toISOString() }),
      makeTask({ title: 'Overdue task', ticketId: ticket.id, number: 'TASK-0001', dueAt: new Date(Date.now() - 2 * HOUR).toISOString() }),
      makeTask({ title: 'Undated task' }),
      makeTask({ title: 'Done task', status: 'done' }),
      makeTask({ title: 'Someone else', assigneeId: requester.id }),
    ]);
    renderInWorkspace(<MyTasksScreen />, { db, path: '/tasks', route: '/tasks' }).server.offline = true;

    await waitFor(() => expect(screen.getAllByTestId('task-item')).toHaveLength(3));
    expect(screen.getAllByTestId('task-title').map((t) => t.textContent)).toEqual(['Overdue task', 'Later task', 'Undated task']);
    expect(within(screen.getByTestId('bucket-overdue')).getByText('INC-2001')).toBeTruthy();
    expect(within(screen.getByTestId('bucket-overdue')).getByTestId('task-due').textContent).toMatch(/^Overdue/);

    const current = () => screen.getAllByTestId('task-item').find((el) => el.getAttribute('aria-current') === 'true');
    expect(current()?.textContent).toContain('Overdue task');
    await userEvent.keyboard('j');
    expect(current()?.textContent).toContain('Later task');
    await userEvent.keyboard('k');
    expect(current()?.textContent).toContain('Overdue task');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });

  it('marks the selected task done with x', async () => {
    const db = freshDb('tasks');
    await seed(db, []);
    const task = makeTask({ title: 'Swap the toner' });
    await db.tasks.put(task);
    renderInWorkspace(<MyTasksScreen />, { db, path: '/tasks', route: '/tasks' }).server.offline = true;

    await screen.findByTestId('task-item');
    await userEvent.keyboard('x');
    await waitFor(async () => expect((await db.tasks.get(task.id))?.status).toBe('done'));
    expect(await screen.findByTestId('no-tasks')).toBeTruthy();
  });
  it('highlights the task a search result leads to (?task=<id>)', async () => {
    const db = freshDb('tasks');
    await seed(db, []);
    const wanted = makeTask({ title: 'The one searched for' });
    await db.tasks.bulkPut([makeTask({ title: 'Another' }), wanted]);
    renderInWorkspace(<MyTasksScreen />, { db, path: '/tasks', route: `/tasks?task=${wanted.id}` }).server.offline = true;

    await waitFor(() => expect(screen.getAllByTestId('task-item')).toHaveLength(2));
    const linked = screen.getAllByTestId('task-item').filter((item) => item.getAttribute('data-linked') === 'true');
    expect(linked.map((item) => within(item).getByTestId('task-title').textContent)).toEqual(['The one searched for']);
  });
});
