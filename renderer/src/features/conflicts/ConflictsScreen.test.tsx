import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import { ConflictsScreen } from './ConflictsScreen';
import { fieldConflictId, recordKey, type FieldDeskDb } from '../../data/db';
import { freshDb, makeTicket, requester, seed, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

const EVIL = '<img src=x onerror=alert(1)>';

async function conflict(db: FieldDeskDb, ticket: Ticket, opId: string, field: string, local: unknown, server: unknown) {
  await db.fieldConflicts.put({
    id: fieldConflictId(opId, field),
    opId,
    recordKey: recordKey('ticket', ticket.id),
    entity: 'ticket',
    recordId: ticket.id,
    field,
    local,
    server,
    detectedAt: `2026-03-0${opId.length % 9}T10:00:00.000Z`,
    resolved: 0,
  });
}

function rowFor(label: string): HTMLElement {
  const row = screen.getAllByTestId('conflict-row').find((r) => within(r).getByTestId('conflict-field').textContent === label);
  if (!row) throw new Error(`no conflict row for ${label}`);
  return row;
}

describe('ConflictsScreen', () => {
  it('lists every open conflict with both values as plain text, and each action writes the right op', async () => {
    const db = freshDb('conflicts-ui');
    const ticket = makeTicket({ number: 'INC-1042', title: 'Printer jams', rev: 30, onHoldReason: `Server says ${EVIL}`, assigneeId: tech.id, priority: 4 });
    const offline = makeTicket({ number: null, title: 'Made offline', rev: 0 });
    await seed(db, [ticket, offline]);
    await conflict(db, ticket, 'op-a', 'onHoldReason', `Mine ${EVIL}`, `Server says ${EVIL}`);
    await conflict(db, ticket, 'op-b', 'assigneeId', requester.id, tech.id);
    await conflict(db, ticket, 'op-c', 'priority', 2, 4);
    await conflict(db, offline, 'op-d', 'title', 'Made offline, fixed', 'Made offline');

    const { container } = renderInWorkspace(<ConflictsScreen />, { db, path: '/conflicts', route: '/conflicts' });

    await waitFor(() => expect(screen.getAllByTestId('conflict-row')).toHaveLength(4));
    const reason = rowFor('On-hold reason');
    expect(within(reason).getByTestId('conflict-record').textContent).toBe('INC-1042 Printer jams');
    expect(within(reason).getByTestId('conflict-local').textContent).toBe(`Mine ${EVIL}`);
    expect(within(reason).getByTestId('conflict-server').textContent).toBe(`Server says ${EVIL}`);
    expect(container.querySelector('img')).toBeNull();
    expect(within(rowFor('Assignee')).getByTestId('conflict-local').textContent).toBe('Riley Chen');
    expect(within(rowFor('Assignee')).getByTestId('conflict-server').textContent).toBe('Alex Morgan');
    expect(within(rowFor('Priority')).getByTestId('conflict-local').textContent).toBe('P2 High');
    expect(within(rowFor('Title')).getByTestId('conflict-record').textContent).toBe(`${provisionalNumber('incident', offline.id)} Made offline`);

    // Keep mine: a patch with the local value on top of the current server rev.
    await userEvent.click(within(rowFor('On-hold reason')).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(screen.getAllByTestId('conflict-row')).toHaveLength(3));
    let ops = (await db.outbox.toArray()).map((e) => e.op);
    expect(ops).toEqual([expect.objectContaining({ kind: 'patch', id: ticket.id, baseRev: 30, fields: { onHoldReason: `Mine ${EVIL}` } })]);

    // Take server's: closed, nothing sent.
    await userEvent.click(within(rowFor('Assignee')).getByRole('button', { name: "Take server's" }));
    await waitFor(() => expect(screen.getAllByTestId('conflict-row')).toHaveLength(2));
    expect(await db.outbox.count()).toBe(1);

    // Edit: prefilled with the local value; saving sends the edited one.
    await userEvent.click(within(rowFor('Priority')).getByRole('button', { name: 'Edit' }));
    const select = within(rowFor('Priority')).getByLabelText('Priority') as HTMLSelectElement;
    expect(select.value).toBe('2');
    await userEvent.selectOptions(select, '1');
    await userEvent.click(within(rowFor('Priority')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getAllByTestId('conflict-row')).toHaveLength(1));
    ops = (await db.outbox.toArray()).map((e) => e.op);
    expect(ops.at(-1)).toMatchObject({ kind: 'patch', id: ticket.id, baseRev: 30, fields: { priority: 1 } });

    expect((await db.fieldConflicts.where('resolved').equals(1).toArray()).map((c) => c.resolution).sort()).toEqual(['edited', 'mine', 'server']);
  });

  it('says so when there is nothing to decide', async () => {
    const db = freshDb('conflicts-ui');
    renderInWorkspace(<ConflictsScreen />, { db, path: '/conflicts', route: '/conflicts' });
    expect((await screen.findByTestId('no-conflicts')).textContent).toContain('No open conflicts');
  });
});
