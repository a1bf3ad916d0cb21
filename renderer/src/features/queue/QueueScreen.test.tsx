import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueScreen } from './QueueScreen';
import { useQueueStore } from './queueStore';
import { freshDb, makeTicket, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

// jsdom has no layout: give the queue's scroll area a size so the virtualiser renders rows.
const original = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset?.testid === 'queue-scroller' ? 800 : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(Element.prototype, 'clientHeight', original);
});

describe('QueueScreen', () => {
  it('lists the tickets in the replica, newest first, with names resolved', async () => {
    useQueueStore.setState({ filter: 'all-open', text: '', selectedId: null });
    const db = freshDb('queue');
    await seed(db, [
      makeTicket({ number: 'INC-0101', title: 'Laptop will not boot', updatedAt: '2026-03-01T08:00:00.000Z' }),
      makeTicket({ number: 'INC-0102', title: 'Badge reader offline', status: 'new', assigneeId: null, updatedAt: '2026-03-02T08:00:00.000Z' }),
      makeTicket({ number: 'INC-0103', title: 'Old closed one', status: 'closed' }),
    ]);

    renderInWorkspace(<QueueScreen />, { db });

    await waitFor(() => expect(screen.getAllByTestId('ticket-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('ticket-row');
    expect(within(rows[0]!).getByText('INC-0102')).toBeTruthy();
    expect(within(rows[0]!).getByText('Unassigned')).toBeTruthy();
    expect(within(rows[1]!).getByText('Laptop will not boot')).toBeTruthy();
    expect(within(rows[1]!).getByText('Alex Morgan')).toBeTruthy();
    expect(within(rows[1]!).getByText('Headquarters')).toBeTruthy();
    expect(screen.queryByText('Old closed one')).toBeNull();

    // A local write shows at once (live query).
    await act(async () => {
      await db.tickets.put(makeTicket({ number: 'INC-0104', title: 'Projector flickers', updatedAt: '2026-03-05T08:00:00.000Z' }));
    });
    await waitFor(() => expect(screen.getAllByTestId('ticket-row')).toHaveLength(3));
    expect(within(screen.getAllByTestId('ticket-row')[0]!).getByText('Projector flickers')).toBeTruthy();
  });

  it('filters by text and scope, and opens a ticket with j and Enter', async () => {
    useQueueStore.setState({ filter: 'all', text: '', selectedId: null });
    const db = freshDb('queue');
    const target = makeTicket({ number: 'INC-0201', title: 'Wi-Fi in meeting room', updatedAt: '2026-03-03T08:00:00.000Z' });
    await seed(db, [target, makeTicket({ number: 'INC-0202', title: 'Monitor cable', status: 'closed', updatedAt: '2026-03-01T08:00:00.000Z' })]);
    renderInWorkspace(<QueueScreen />, { db });
    await waitFor(() => expect(screen.getAllByTestId('ticket-row')).toHaveLength(2));

    await userEvent.type(screen.getByLabelText('Filter tickets'), 'wi-fi');
    await waitFor(() => expect(screen.getAllByTestId('ticket-row')).toHaveLength(1));
    await userEvent.clear(screen.getByLabelText('Filter tickets'));
    await userEvent.click(screen.getByLabelText('All open'));
    await waitFor(() => expect(screen.getAllByTestId('ticket-row')).toHaveLength(1));

    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() => expect(screen.getByTestId('ticket-row').getAttribute('data-selected')).toBe('true'));
    fireEvent.keyDown(document.body, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('elsewhere')).toBeTruthy());
  });
});
