import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { TicketLink } from '@fielddesk/common/domain/entities';
import { TicketDetailScreen } from '../TicketDetailScreen';
import { freshDb, makeAsset, makeTicket, seed, tech } from '../../../../test/fixtures';
import { renderInWorkspace } from '../../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

const asset = makeAsset({ tag: 'FD-000105', serial: 'SN-77812', name: 'LT-HQ-013', model: 'Latitude 5440', manufacturer: 'Dell', rev: 9 });

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => vi.restoreAllMocks());

describe('ticket links and problems', () => {
  it('links an asset found by its serial, shows a missing target as missing, and removes a link', async () => {
    const db = freshDb('links');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    await db.assets.put(asset);
    const dangling: TicketLink = { id: uuidv7(), ticketId: ticket.id, targetEntity: 'configuration_item', targetId: uuidv7(), authorId: tech.id, createdAt: '2026-03-02T09:00:00.000Z', rev: 12 };
    await db.ticketLinks.put(dangling);
    renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` }).server.offline = true;

    const section = await screen.findByTestId('links-section');
    await waitFor(() => expect(within(section).getByTestId('linked-target').textContent).toContain('Configuration item not on this device'));

    await userEvent.click(within(section).getByTestId('link-target-search'));
    await userEvent.paste('sn-778');
    await userEvent.click(await screen.findByRole('option', { name: /FD-000105 · LT-HQ-013/, hidden: true }));
    await waitFor(() => expect(within(section).getAllByTestId('linked-target')).toHaveLength(2));
    expect(within(section).getByText('FD-000105 · LT-HQ-013')).toBeTruthy();
    const [op] = (await db.outbox.toArray()).map((e) => e.op);
    expect(op).toMatchObject({ entity: 'ticket_link', kind: 'create', data: { ticketId: ticket.id, targetEntity: 'asset', targetId: asset.id } });

    const missing = within(section).getAllByTestId('linked-target').find((el) => el.textContent?.includes('not on this device'));
    await userEvent.click(within(missing as HTMLElement).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(within(section).getAllByTestId('linked-target')).toHaveLength(1));
  });

  it('links an incident to a problem from the problem, and lists it', async () => {
    const db = freshDb('links');
    const problem = makeTicket({ kind: 'problem', number: 'PRB-0007', title: 'Docking stations drop the network' });
    const incident = makeTicket({ number: 'INC-3001', title: 'No network on the dock at desk 12' });
    await seed(db, [problem, incident]);
    renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${problem.id}` }).server.offline = true;

    await userEvent.click(await screen.findByTestId('link-incident-search'));
    await userEvent.paste('INC-3001');
    await userEvent.click(await screen.findByRole('option', { name: /INC-3001/, hidden: true }));
    const linked = await screen.findByTestId('linked-incident');
    expect(linked.textContent).toContain('No network on the dock at desk 12');
    expect((await db.tickets.get(incident.id))?.problemId).toBe(problem.id);
  });

  it("links an incident to a problem from the incident's picker, by a word of its title with a typo", async () => {
    const db = freshDb('links');
    const problem = makeTicket({ kind: 'problem', number: 'PRB-0008', title: 'Docking stations drop the network', knownError: true, workaround: 'Replug the dock.' });
    const incident = makeTicket({ number: 'INC-3002', title: 'No network at desk 14' });
    await seed(db, [problem, incident]);
    renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${incident.id}` }).server.offline = true;

    await userEvent.click(await screen.findByRole('button', { name: 'Link to a problem' }));
    await userEvent.click(screen.getByTestId('problem-search'));
    await userEvent.paste('dockng');
    await userEvent.click(await screen.findByRole('option', { name: /PRB-0008/, hidden: true }));
    await waitFor(async () => expect((await db.tickets.get(incident.id))?.problemId).toBe(problem.id));
    expect((await screen.findByTestId('known-error-workaround')).textContent).toContain('Replug the dock.');
  });
});
