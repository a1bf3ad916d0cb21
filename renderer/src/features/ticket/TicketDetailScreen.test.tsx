import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TicketDetailScreen } from './TicketDetailScreen';
import { freshDb, makeTicket, makeWorklog, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

const EVIL = '<img src=x onerror=alert(1)>';

describe('TicketDetailScreen', () => {
  it('renders requester text as text, never as HTML', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ title: `Title ${EVIL}`, description: `Screen is black.\n${EVIL}\n<script>alert(2)</script>` });
    await seed(db, [ticket], [makeWorklog(ticket.id, { body: `Requester wrote ${EVIL}` })]);

    const { container } = renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });

    const description = await screen.findByTestId('ticket-description');
    expect(description.textContent).toBe(`Screen is black.\n${EVIL}\n<script>alert(2)</script>`);
    expect(screen.getByTestId('ticket-title').textContent).toBe(`Title ${EVIL}`);
    await waitFor(() => expect(screen.getByTestId('worklog-entry').textContent).toContain(`Requester wrote ${EVIL}`));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('main script, [data-testid="ticket-description"] *')).toBeNull();
  });

  it('offers only allowed next states, refuses with a reason, and shows a change at once', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket({ status: 'in_progress' });
    await seed(db, [ticket]);
    const { server } = renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });
    server.offline = true; // the change stays on this device (no sync removes the marker mid-test)

    await userEvent.click(await screen.findByLabelText('Status'));
    const options = (await screen.findAllByRole('option', { hidden: true })).map((o) => o.textContent);
    expect(options).toEqual(['On hold', 'Resolved', 'Assigned']);

    await userEvent.click(screen.getByRole('option', { name: 'On hold', hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Change status' }));
    expect((await screen.findByTestId('status-error')).textContent).toBe('Putting a ticket on hold needs a reason.');
    expect(await db.outbox.count()).toBe(0);

    await userEvent.type(screen.getByLabelText(/On hold reason/), 'Waiting for a spare part');
    await userEvent.click(screen.getByRole('button', { name: 'Change status' }));
    await waitFor(() => expect(screen.getByTestId('ticket-status').textContent).toBe('On hold'));
    expect(screen.getByTestId('fact-status').textContent).toBe('On hold');
    expect(await db.outbox.count()).toBe(1);
    expect(screen.getAllByTestId('not-synced').length).toBeGreaterThan(0);
  });

  it('adds a worklog that shows at once, marked as not yet synced', async () => {
    const db = freshDb('detail');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const { server } = renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });
    server.offline = true; // the change stays on this device (no sync removes the marker mid-test)

    await userEvent.type(await screen.findByLabelText('Worklog'), 'Replaced the power supply');
    await userEvent.type(screen.getByLabelText('Time spent (minutes)'), '25');
    await userEvent.click(screen.getByRole('button', { name: 'Add worklog' }));

    const entry = await screen.findByTestId('worklog-entry');
    expect(entry.textContent).toContain('Replaced the power supply');
    expect(entry.textContent).toContain('25 min');
    await waitFor(() => expect(within(screen.getByTestId('worklog-entry')).getByTestId('not-synced')).toBeTruthy());
    const [op] = await db.outbox.toArray();
    expect(op?.op).toMatchObject({ entity: 'worklog', kind: 'create', data: { body: 'Replaced the power supply', minutes: 25 } });
  });

  it('says so when the ticket is not on this device', async () => {
    const db = freshDb('detail');
    await seed(db, []);
    renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: '/tickets/0195f0c8-0000-7000-8000-00000000dead' });
    expect(await screen.findByText('Ticket not found')).toBeTruthy();
  });
});
