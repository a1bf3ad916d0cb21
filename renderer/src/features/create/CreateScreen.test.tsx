import { describe, expect, it } from 'vitest';
import { configure, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { CreateScreen } from './CreateScreen';
import { freshDb, group, requester, seed, site } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

async function pick(label: string | RegExp, option: string | RegExp) {
  await userEvent.click(await screen.findByLabelText(label));
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

function openCreate(db: ReturnType<typeof freshDb>, route: string) {
  const rendered = renderInWorkspace(<CreateScreen />, { db, path: '/new/:kind?', route });
  rendered.server.offline = true;
  return rendered;
}

describe('CreateScreen', () => {
  it('creates an incident offline with the priority the matrix gives, then opens it', async () => {
    const db = freshDb('create');
    await seed(db, []);
    openCreate(db, '/new');

    await userEvent.type(await screen.findByLabelText(/Title/), 'Projector in room 4 shows no picture');
    await pick('Impact', '1 – High');
    await pick('Urgency', '1 – High');
    expect(screen.getByTestId('computed-priority').textContent).toContain('P1 Critical');
    expect(screen.getByTestId('computed-priority').textContent).toContain('from impact × urgency');
    await pick('Category', 'Facilities IT');
    await pick('Subcategory', 'Display');
    await pick('Requester', /Riley Chen/);
    await userEvent.click(screen.getByRole('button', { name: 'Create incident' }));

    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
    const [ticket] = await db.tickets.toArray();
    expect(ticket).toMatchObject({
      kind: 'incident',
      number: null,
      title: 'Projector in room 4 shows no picture',
      impact: 1,
      urgency: 1,
      priority: 1,
      category: 'Facilities IT',
      subcategory: 'Display',
      requesterId: requester.id,
      groupId: group.id,
      siteId: site.id,
    });
    const [op] = (await db.outbox.toArray()).map((e) => e.op);
    expect(op).toMatchObject({ entity: 'ticket', kind: 'create' });
  });

  it('sends a priority override as chosen', async () => {
    const db = freshDb('create');
    await seed(db, []);
    openCreate(db, '/new/incident');

    await userEvent.type(await screen.findByLabelText(/Title/), 'VIP laptop will not boot');
    await pick('Priority override', 'P2 High');
    expect(screen.getByTestId('computed-priority').textContent).toContain('set by hand (matrix: P3 Medium)');
    await userEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    await screen.findByTestId('elsewhere');
    expect((await db.tickets.toArray())[0]).toMatchObject({ priority: 2, impact: 2, urgency: 2 });
  });

  it('creates a service request with its catalog item and its fulfilment tasks', async () => {
    const db = freshDb('create');
    await seed(db, []);
    openCreate(db, '/new/request');

    await userEvent.click(screen.getByRole('button', { name: 'Create request' }));
    expect((await screen.findByTestId('create-error')).textContent).toBe('Choose what is requested from the catalog.');

    await pick(/Catalog item/, 'New laptop');
    const item = DEFAULT_ITSM_CONFIG.catalog.find((c) => c.id === 'new-laptop');
    expect(screen.getByTestId('catalog-item-details').textContent).toContain(item?.tasks[0] ?? '?');
    expect((screen.getByLabelText(/Title/) as HTMLInputElement).value).toBe('New laptop');
    await userEvent.click(screen.getByRole('button', { name: 'Create request' }));
    await screen.findByTestId('elsewhere');

    const [ticket] = await db.tickets.toArray();
    expect(ticket).toMatchObject({ kind: 'service_request', catalogItemId: 'new-laptop', category: 'Hardware' });
    const tasks = await db.tasks.where('ticketId').equals(ticket?.id ?? '').toArray();
    expect(tasks.map((t) => t.title).sort()).toEqual([...(item?.tasks ?? [])].sort());
  });

  it('creates a problem with its root cause and workaround', async () => {
    const db = freshDb('create');
    await seed(db, []);
    openCreate(db, '/new/problem');
    await userEvent.click(await screen.findByLabelText(/Title/));
    await userEvent.paste('Docks drop the network after sleep');
    await userEvent.click(screen.getByLabelText('Workaround'));
    await userEvent.paste('Unplug and replug the dock.');
    await userEvent.click(screen.getByRole('button', { name: 'Create problem' }));
    await screen.findByTestId('elsewhere');
    expect((await db.tickets.toArray())[0]).toMatchObject({ kind: 'problem', rootCause: null, workaround: 'Unplug and replug the dock.', knownError: false });
  });

  it('refuses an empty title with the reason', async () => {
    const db = freshDb('create');
    await seed(db, []);
    openCreate(db, '/new/problem');
    await userEvent.click(await screen.findByRole('button', { name: 'Create problem' }));
    expect((await screen.findByTestId('create-error')).textContent).toMatch(/title/i);
    expect(await db.tickets.count()).toBe(0);
  });

  it('creates a standalone task and refuses a due date in the past', async () => {
    const db = freshDb('create');
    await seed(db, []);
    openCreate(db, '/new/task');

    await userEvent.type(await screen.findByLabelText(/Task title/), 'Restock toner in the store room');
    await userEvent.type(screen.getByTestId('task-due-input'), '2020-05-01T09:00');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));
    expect((await screen.findByTestId('new-task-error')).textContent).toMatch(/is in the past; choose a date from now on\.$/);
    await userEvent.clear(screen.getByTestId('task-due-input'));
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await screen.findByTestId('elsewhere');
    expect((await db.tasks.toArray())[0]).toMatchObject({ ticketId: null, title: 'Restock toner in the store room', groupId: group.id });
  });
});
