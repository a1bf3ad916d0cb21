import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { Person, Ticket, TicketEvent } from '@fielddesk/common/domain/entities';
import { TicketDetailScreen } from './TicketDetailScreen';
import type { FieldDeskDb } from '../../data/db';
import { freshDb, group, makeTicket, makeWorklog, seed, site, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

const EVIL = '<img src=x onerror=alert(1)>';

// The whole detail screen renders many live queries; on a busy machine the first paint takes a while.
configure({ asyncUtilTimeout: 10_000 });

/** Someone who works tickets, but in no group of the test ticket. */
const outsider: Person = { id: uuidv7(), username: 'tech9', displayName: 'Jordan Blake', email: 'jordan@example.org', role: 'technician', siteId: site.id, groupIds: [], rev: 5 };

function open(db: FieldDeskDb, ticket: Ticket) {
  const rendered = renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });
  // The changes stay on this device (no background sync settles them mid-test).
  rendered.server.offline = true;
  return rendered;
}

/** Types text in one go (a paste): every keystroke would re-render the whole screen. */
async function fill(element: HTMLElement, text: string) {
  await userEvent.click(element);
  await userEvent.paste(text);
}

async function pick(label: string | RegExp, option: string) {
  await userEvent.click(await screen.findByLabelText(label));
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

beforeEach(() => {
  // jsdom has no canvas: the signature pad says so instead of drawing (and jsdom stays quiet).
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => vi.restoreAllMocks());

describe('TicketDetailScreen', () => {
  it('renders requester text as text, never as HTML', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ title: `Title ${EVIL}`, description: `Screen is black.\n${EVIL}\n<script>alert(2)</script>` });
    await seed(db, [ticket], [makeWorklog(ticket.id, { body: `Requester wrote ${EVIL}`, visibility: 'public' })]);

    const { container } = open(db, ticket);

    const description = await screen.findByTestId('ticket-description');
    expect(description.textContent).toBe(`Screen is black.\n${EVIL}\n<script>alert(2)</script>`);
    expect(screen.getByTestId('ticket-title').textContent).toBe(`Title ${EVIL}`);
    await waitFor(() => expect(screen.getByTestId('worklog-entry').textContent).toContain(`Requester wrote ${EVIL}`));
    expect(within(screen.getByTestId('worklog-entry')).getByTestId('worklog-visibility').textContent).toBe('Public reply');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('main script, [data-testid="ticket-description"] *')).toBeNull();
  });

  it('shows the header: number, kind, priority with impact × urgency, SLA clocks, and who/where', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ impact: 1, urgency: 2, priority: 2, status: 'in_progress', createdAt: new Date(Date.now() - 10 * 60_000).toISOString() });
    await seed(db, [ticket]);
    open(db, ticket);

    expect((await screen.findByTestId('ticket-number')).textContent).toBe('INC-1001');
    expect(screen.getByTestId('ticket-kind').textContent).toBe('Incident');
    expect(screen.getByTestId('fact-priority').textContent).toContain('P2 High');
    expect(screen.getByTestId('priority-basis').textContent).toBe('Impact High × Urgency Medium');
    expect(await screen.findByTestId('sla-clocks')).toBeTruthy();
    expect(screen.getByTestId('sla-resolution')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('fact-requester').textContent).toBe('Riley Chen'));
    expect(screen.getByTestId('fact-group').textContent).toBe('Field Support');
    expect(screen.getByTestId('fact-site').textContent).toBe('Headquarters (HQ)');
    expect(screen.getByTestId('fact-category').textContent).toBe('Hardware › Peripheral');
  });

  it('opens a ticket whose linked records are missing and says what is missing', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ requesterId: uuidv7(), assigneeId: uuidv7(), problemId: uuidv7() });
    await seed(db, [ticket]);
    open(db, ticket);

    await waitFor(() => expect(screen.getByTestId('fact-requester').textContent).toBe('Requester not on this device'));
    expect(screen.getByTestId('fact-assignee').textContent).toBe('Assignee not on this device');
    expect((await screen.findByTestId('linked-problem-missing')).textContent).toBe('Linked problem not on this device');
  });

  it('offers only the working states, refuses with a reason, and shows a change at once', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ status: 'in_progress' });
    await seed(db, [ticket]);
    open(db, ticket);

    await userEvent.click(await screen.findByLabelText('Status'));
    const options = (await screen.findAllByRole('option', { hidden: true })).map((o) => o.textContent);
    expect(options).toEqual(['On hold', 'Assigned']);

    await userEvent.click(screen.getByRole('option', { name: 'On hold', hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Change status' }));
    expect((await screen.findByTestId('status-error')).textContent).toBe('Putting a ticket on hold needs a reason.');
    expect(await db.outbox.count()).toBe(0);

    await fill(screen.getByLabelText(/On hold reason/), 'Waiting for a spare part');
    await userEvent.click(screen.getByRole('button', { name: 'Change status' }));
    await waitFor(() => expect(screen.getByTestId('ticket-status').textContent).toBe('On hold'));
    expect(screen.getByTestId('fact-status').textContent).toBe('On hold: Waiting for a spare part');
    expect(await db.outbox.count()).toBe(1);
    expect(screen.getAllByTestId('not-synced').length).toBeGreaterThan(0);
    // The pending change shows in the timeline as waiting to sync.
    expect((await screen.findByTestId('timeline-pending')).textContent).toContain('State change to On hold');
  });

  it('adds an internal note and a public reply with the time spent', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    open(db, ticket);

    await fill(await screen.findByLabelText('Worklog'), 'Replaced the power supply');
    await userEvent.type(screen.getByLabelText('Time spent (minutes)'), '25');
    await userEvent.click(screen.getByRole('button', { name: 'Add worklog' }));
    const entry = await screen.findByTestId('worklog-entry');
    expect(entry.textContent).toContain('Replaced the power supply');
    expect(entry.textContent).toContain('25 min');
    expect(entry.textContent).toContain('Internal note');
    await waitFor(() => expect(within(screen.getByTestId('worklog-entry')).getByTestId('not-synced')).toBeTruthy());

    await userEvent.click(screen.getByRole('radio', { name: 'Public reply' }));
    await fill(screen.getByLabelText('Worklog'), 'We will come by at 3 pm.');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(screen.getAllByTestId('worklog-entry')).toHaveLength(2));
    const ops = (await db.outbox.toArray()).map((e) => e.op);
    expect(ops).toMatchObject([
      { entity: 'worklog', kind: 'create', data: { body: 'Replaced the power supply', minutes: 25, visibility: 'internal' } },
      { entity: 'worklog', kind: 'create', data: { body: 'We will come by at 3 pm.', minutes: 0, visibility: 'public' } },
    ]);
  });

  it('refuses to resolve without notes, resolves with a code and notes, then offers reopen and close', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ status: 'in_progress' });
    await seed(db, [ticket]);
    open(db, ticket);

    await userEvent.click(await screen.findByRole('button', { name: 'Resolve' }));
    expect((await screen.findByTestId('resolution-error')).textContent).toBe('Choose a resolution code.');
    await pick(/Resolution code/, 'Replaced hardware');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByTestId('resolution-error')).textContent).toBe('Resolving a ticket needs resolution notes.');
    expect(await db.outbox.count()).toBe(0);

    await fill(screen.getByLabelText(/Resolution notes/), 'Swapped the fuser unit.');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(screen.getByTestId('ticket-status').textContent).toBe('Resolved'));
    expect(screen.getByTestId('resolution-notes').textContent).toBe('Swapped the fuser unit.');
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.getByTestId('ticket-status').textContent).toBe('Closed'));
    const [resolve] = (await db.outbox.toArray()).map((e) => e.op);
    expect(resolve).toMatchObject({ entity: 'ticket', kind: 'patch', fields: { status: 'resolved', resolutionCode: 'Replaced hardware', resolutionNotes: 'Swapped the fuser unit.' } });
  });

  it('refuses a reopen after the reopen period with the reason', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ status: 'resolved', resolvedAt: '2026-01-05T10:00:00.000Z', resolutionCode: 'Fixed', resolutionNotes: 'Done.' });
    await seed(db, [ticket]);
    open(db, ticket);

    await userEvent.click(await screen.findByRole('button', { name: 'Reopen' }));
    expect((await screen.findByTestId('resolution-error')).textContent).toMatch(/resolved on 2026-01-05; it can only be reopened within 7 days/);
  });

  it('refuses an assignee outside the group with the reason, and assigns to me with "a"', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ assigneeId: null, status: 'new' });
    await seed(db, [ticket]);
    await db.persons.put(outsider);
    open(db, ticket);

    await pick('Assignee', 'Jordan Blake');
    expect((await screen.findByTestId('fields-error')).textContent).toBe(
      'Jordan Blake is not a member of the group "Field Support". Choose someone from the group, or change the group first.',
    );
    expect(await db.outbox.count()).toBe(0);

    await userEvent.click(document.body); // shortcuts work when no text box has the focus
    await userEvent.keyboard('a');
    await waitFor(async () => expect((await db.tickets.get(ticket.id))?.assigneeId).toBe(tech.id));
    await waitFor(() => expect(screen.getByTestId('fact-assignee').textContent).toBe('Alex Morgan'));
  });

  it('makes the priority follow the matrix when impact changes, and keeps an override', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ impact: 2, urgency: 2, priority: 3 });
    await seed(db, [ticket]);
    open(db, ticket);

    await pick('Impact', '1 – High');
    await waitFor(() => expect(screen.getByTestId('fact-priority').textContent).toContain('P2 High'));
    await pick('Priority', 'P1 Critical');
    await waitFor(() => expect(screen.getByTestId('priority-basis').textContent).toBe('Impact High × Urgency Medium · set by hand'));
  });

  it('creates a task, refuses a due date in the past, and completes a task', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    open(db, ticket);

    await fill(await screen.findByLabelText(/Task title/), 'Order a new fuser');
    await userEvent.type(screen.getByTestId('task-due-input'), '2020-01-01T10:00');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));
    expect((await screen.findByTestId('new-task-error')).textContent).toMatch(/^The due date 2020-01-01 \d\d:\d\d UTC is in the past; choose a date from now on\.$/);
    expect(await db.tasks.count()).toBe(0);

    await userEvent.clear(screen.getByTestId('task-due-input'));
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));
    const item = await screen.findByTestId('task-item');
    expect(within(item).getByTestId('task-title').textContent).toBe('Order a new fuser');
    await userEvent.click(within(item).getByRole('button', { name: 'Mark done' }));
    await waitFor(() => expect(within(screen.getByTestId('task-item')).getByTestId('task-status').textContent).toBe('Done'));
    const [task] = await db.tasks.toArray();
    expect(task).toMatchObject({ ticketId: ticket.id, groupId: group.id, status: 'done' });
  });

  it('shows the workaround of a linked known error prominently', async () => {
    const db = freshDb('detail');
    const problem = makeTicket({ kind: 'problem', number: 'PRB-0003', title: 'Fusers overheat', knownError: true, workaround: 'Let the printer cool for 10 minutes.' });
    const incident = makeTicket({ problemId: problem.id });
    await seed(db, [problem, incident]);
    open(db, incident);

    const banner = await screen.findByTestId('known-error-workaround');
    expect(banner.textContent).toContain('Known error PRB-0003: workaround');
    expect(banner.textContent).toContain('Let the printer cool for 10 minutes.');
  });

  it('refuses to mark a problem a known error without a workaround', async () => {
    const db = freshDb('detail');
    const problem = makeTicket({ kind: 'problem', number: 'PRB-0004', title: 'Wi-Fi drops' });
    await seed(db, [problem]);
    open(db, problem);

    await userEvent.click(await screen.findByRole('switch', { name: /Known error/ }));
    expect((await screen.findByTestId('problem-error')).textContent).toBe('A known error needs a workaround: write and save the workaround first.');
    await fill(screen.getByLabelText(/Workaround/), 'Use the wired port.');
    await userEvent.click(screen.getByRole('button', { name: 'Save root cause and workaround' }));
    await waitFor(async () => expect((await db.tickets.get(problem.id))?.workaround).toBe('Use the wired port.'));
    // The form shows the saved text (nothing left to save) before the flag is turned on.
    await waitFor(() => expect((screen.getByRole('button', { name: 'Save root cause and workaround' }) as HTMLButtonElement).disabled).toBe(true));
    await userEvent.click(screen.getByRole('switch', { name: /Known error/ }));
    await waitFor(async () => expect((await db.tickets.get(problem.id))?.knownError).toBe(true));
  });

  it('marks history made offline and synced later', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const event: TicketEvent = { id: uuidv7(), ticketId: ticket.id, type: 'status', from: 'assigned', to: 'in_progress', actorId: tech.id, at: '2026-03-02T09:00:00.000Z', recordedAt: '2026-03-02T15:00:00.000Z', rev: 12 };
    await db.ticketEvents.put(event);
    open(db, ticket);

    const row = await screen.findByTestId('timeline-event');
    expect(row.textContent).toContain('Changed the state from Assigned to In progress');
    expect(within(row).getByTestId('synced-later').textContent).toBe('Offline, synced later');
  });

  it('jumps with the shortcuts and shows them with ?', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    open(db, ticket);
    await screen.findByTestId('ticket-title');

    await userEvent.keyboard('w');
    expect(document.activeElement).toBe(screen.getByLabelText('Worklog'));
    await userEvent.click(document.body);
    await userEvent.keyboard('t');
    expect(document.activeElement).toBe(screen.getByLabelText(/Task title/));
    await userEvent.click(document.body);
    await userEvent.keyboard('r');
    expect(document.activeElement).toBe(screen.getByLabelText(/Resolution notes/));
    await userEvent.click(document.body);
    await userEvent.keyboard('s');
    expect(document.activeElement).toBe(screen.getByLabelText('Signed by'));
    await userEvent.click(document.body);
    await userEvent.keyboard('?');
    const help = await screen.findByTestId('shortcuts-help');
    expect(help.textContent).toContain('Assign to me');
    expect(help.textContent).toContain('Back to the queue');
  });

  it('says so when the ticket is not on this device', async () => {
    const db = freshDb('detail');
    await seed(db, []);
    renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: '/tickets/0195f0c8-0000-7000-8000-00000000dead' });
    expect(await screen.findByText('Ticket not found')).toBeTruthy();
  });
});
