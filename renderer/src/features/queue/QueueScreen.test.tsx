import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueScreen } from './QueueScreen';
import { DEFAULT_VISIBLE, useQueueStore } from './queueStore';
import { DEFAULT_SORT } from './engine/run';
import { savedFilterStore } from './savedFilters';
import { freshDb, group, makeTicket, seed, tech } from '../../../test/fixtures';
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
beforeEach(() => {
  useQueueStore.setState({ columns: DEFAULT_VISIBLE, sorting: DEFAULT_SORT, lastQueue: 'all-open', panelOpen: true, checked: new Set(), cursorId: null, anchorId: null });
});

const rowNumbers = () => screen.queryAllByTestId('ticket-row').map((r) => r.querySelector('a')?.textContent);

/**
 * Opens a Mantine menu and returns one of its items. On a loaded machine a click once left the
 * menu closed (no item after 20 s in CI, and after four clicks in a row): while no menu is
 * mounted at all (hidden ones count, so a menu still fading in is never clicked shut), the button
 * is clicked again.
 */
async function menuItem(button: () => HTMLElement, name: string): Promise<HTMLElement> {
  for (let attempt = 1; ; attempt++) {
    // One click event on the button as it is now (userEvent's pointer sequence could end on a
    // button the queue had just rendered again).
    if (!screen.queryByRole('menu', { hidden: true })) fireEvent.click(button());
    const item = await screen.findByRole('menuitem', { name }, { timeout: 5_000 }).catch(() => null);
    if (item) return item;
    if (attempt === 4) throw new Error(`the menu with “${name}” did not open after ${attempt} clicks`);
  }
}
const key = (k: string, init: KeyboardEventInit = {}) => {
  (document.activeElement as HTMLElement | null)?.blur();
  fireEvent.keyDown(document.body, { key: k, ...init });
};

describe('QueueScreen', () => {
  it('lists the open tickets of the replica, newest first, with names resolved, and follows local writes', { timeout: 45_000 }, async () => {
    const db = freshDb('queue');
    await seed(db, [
      makeTicket({ number: 'INC-0101', title: 'Laptop will not boot', updatedAt: '2026-03-01T08:00:00.000Z' }),
      makeTicket({ number: 'INC-0102', title: 'Badge reader offline', status: 'new', assigneeId: null, updatedAt: '2026-03-02T08:00:00.000Z' }),
      makeTicket({ number: 'INC-0103', title: 'Old closed one', status: 'closed', resolvedAt: '2026-03-01T08:00:00.000Z' }),
    ]);
    renderInWorkspace(<QueueScreen />, { db });

    await waitFor(() => expect(rowNumbers()).toEqual(['INC-0102', 'INC-0101']));
    await waitFor(() => expect(within(screen.getAllByTestId('ticket-row')[1]!).getByText('Alex Morgan')).toBeTruthy());
    const rows = screen.getAllByTestId('ticket-row');
    expect(within(rows[0]!).getByText('Unassigned')).toBeTruthy();
    expect(within(rows[1]!).queryByText('Headquarters')).toBeNull();
    // Choose columns: show Site (remembered in the store, i.e. localStorage).
    await userEvent.click(await menuItem(() => screen.getByRole('button', { name: 'Choose columns' }), 'Site'));
    await waitFor(() => expect(within(screen.getAllByTestId('ticket-row')[1]!).getByText('Headquarters')).toBeTruthy());
    expect(useQueueStore.getState().columns.site).toBe(true);
    expect(screen.getByTestId('queue-title').textContent).toBe('All open');

    await act(async () => {
      await db.tickets.put(makeTicket({ number: 'INC-0104', title: 'Projector flickers', updatedAt: '2026-03-05T08:00:00.000Z' }));
    });
    await waitFor(() => expect(rowNumbers()[0]).toBe('INC-0104'));
    // The side panel counts each queue.
    await waitFor(() => expect(within(screen.getByTestId('queue-all-open')).getByText('3')).toBeTruthy());
  });

  it('switches queue from the panel, refines by kind and text, and opens a ticket with j and Enter', async () => {
    const db = freshDb('queue');
    await seed(db, [
      makeTicket({ number: 'INC-0201', title: 'Wi-Fi in meeting room', updatedAt: '2026-03-03T08:00:00.000Z' }),
      makeTicket({ number: 'REQ-0202', kind: 'service_request', title: 'New monitor', assigneeId: null, status: 'new', updatedAt: '2026-03-02T08:00:00.000Z' }),
      makeTicket({ number: 'INC-0203', title: 'Monitor cable', status: 'closed', resolvedAt: T_RESOLVED, updatedAt: '2026-03-01T08:00:00.000Z' }),
    ]);
    renderInWorkspace(<QueueScreen />, { db });
    await waitFor(() => expect(rowNumbers()).toEqual(['INC-0201', 'REQ-0202']));

    await userEvent.click(within(screen.getByTestId('queue-panel')).getByText('Unassigned in my groups'));
    await waitFor(() => expect(rowNumbers()).toEqual(['REQ-0202']));
    await userEvent.click(within(screen.getByTestId('queue-panel')).getByText('All'));
    await waitFor(() => expect(rowNumbers()).toHaveLength(3));

    await userEvent.click(screen.getByText('Service request'));
    await waitFor(() => expect(rowNumbers()).toEqual(['REQ-0202']));
    await userEvent.click(screen.getByText('Service request'));

    await userEvent.type(screen.getByLabelText('Filter tickets'), 'monitor');
    await waitFor(() => expect(rowNumbers()).toEqual(['REQ-0202', 'INC-0203']));
    await userEvent.clear(screen.getByLabelText('Filter tickets'));
    await waitFor(() => expect(rowNumbers()).toHaveLength(3));

    // Sort by number (click), then reversed (click again); shift-click adds a second column.
    const numberHeader = () => document.querySelector('th[data-column="number"]')!;
    await userEvent.click(within(numberHeader() as HTMLElement).getByRole('button'));
    await waitFor(() => expect(rowNumbers()).toEqual(['INC-0201', 'INC-0203', 'REQ-0202']));
    expect(numberHeader().getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(within(numberHeader() as HTMLElement).getByRole('button'));
    await waitFor(() => expect(rowNumbers()).toEqual(['REQ-0202', 'INC-0203', 'INC-0201']));
    fireEvent.click(within(document.querySelector('th[data-column="status"]') as HTMLElement).getByRole('button'), { shiftKey: true });
    await waitFor(() => expect(useQueueStore.getState().sorting).toEqual([{ id: 'number', desc: true }, { id: 'status', desc: false }]));

    key('j');
    await waitFor(() => expect(screen.getAllByTestId('ticket-row')[0]!.getAttribute('data-cursor')).toBe('true'));
    key('j');
    await waitFor(() => expect(screen.getAllByTestId('ticket-row')[1]!.getAttribute('data-cursor')).toBe('true'));
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('elsewhere')).toBeTruthy());
  });

  it('selects with x, shift-click and Ctrl+A, and assigns the selection to me in one bulk change', async () => {
    const db = freshDb('queue');
    const tickets = Array.from({ length: 5 }, (_, i) =>
      makeTicket({ number: `INC-03${i}0`, status: 'new', assigneeId: null, updatedAt: `2026-03-0${5 - i}T08:00:00.000Z` }),
    );
    await seed(db, tickets);
    const { workspace } = renderInWorkspace(<QueueScreen />, { db });
    await waitFor(() => expect(rowNumbers()).toHaveLength(5));

    key('j');
    key('x');
    await waitFor(() => expect(screen.getByTestId('checked-count').textContent).toBe('1 selected'));
    const checks = screen.getAllByTestId('row-check');
    fireEvent.click(checks[3]!, { shiftKey: true });
    await waitFor(() => expect(screen.getByTestId('checked-count').textContent).toBe('4 selected'));
    key('Escape');
    await waitFor(() => expect(screen.queryByTestId('bulk-bar')).toBeNull());
    key('a', { ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('checked-count').textContent).toBe('5 selected'));

    key('a');
    await waitFor(() => expect(screen.getByTestId('bulk-result').textContent).toContain('5 changed'), { timeout: 5000 });
    const stored = await db.tickets.bulkGet(tickets.map((t) => t.id));
    expect(stored.every((t) => t?.assigneeId === tech.id)).toBe(true);
    expect(await db.outbox.count()).toBe(5);
    void workspace;
  });

  it('reports refusals of a bulk change with their reasons', async () => {
    const db = freshDb('queue');
    await seed(db, [
      makeTicket({ number: 'INC-0401', status: 'in_progress' }),
      makeTicket({ number: 'INC-0402', status: 'closed', resolvedAt: T_RESOLVED, closedAt: T_RESOLVED }),
    ]);
    renderInWorkspace(<QueueScreen />, { db, route: '/?queue=all' });
    await waitFor(() => expect(rowNumbers()).toHaveLength(2));
    key('a', { ctrlKey: true });
    await screen.findByTestId('bulk-bar', {}, { timeout: 5000 });
    await userEvent.click(await menuItem(() => within(screen.getByTestId('bulk-bar')).getByRole('button', { name: 'Status' }), 'Assigned'));
    await waitFor(() => expect(screen.getByTestId('bulk-result').textContent).toMatch(/^1 changed, 1 refused: .*closed.*\(INC-0402\)/), { timeout: 5000 });
  }, 45_000);

  it('saves a filter, lists it with its count, and opens it from a link', async () => {
    const db = freshDb('queue');
    await seed(db, [
      makeTicket({ number: 'INC-0501', status: 'on_hold', onHoldReason: 'Parts', slaHolds: [{ from: '2026-03-02T10:00:00.000Z', to: null }] }),
      makeTicket({ number: 'INC-0502' }),
    ]);
    const store = savedFilterStore(db, tech.id);
    const saved = await store.save('Waiting on parts', { version: 1, combinator: 'and', items: [{ field: 'status', op: 'in', value: ['on_hold'] }] });
    if (!saved.ok) throw new Error(saved.reason);
    expect(await store.save('waiting ON parts', { version: 1, combinator: 'and', items: [] })).toEqual({ ok: false, reason: 'You already have a filter called "waiting ON parts".' });

    renderInWorkspace(<QueueScreen />, { db, route: `/?queue=saved:${saved.id}` });
    await waitFor(() => expect(rowNumbers()).toEqual(['INC-0501']));
    expect(screen.getByTestId('queue-title').textContent).toBe('Waiting on parts');
    const entry = screen.getByTestId('saved-filter');
    await waitFor(() => expect(within(entry).getByText('1')).toBeTruthy());

    await act(async () => {
      await store.remove(saved.id);
    });
    await waitFor(() => expect(screen.getByTestId('queue-empty').textContent).toContain('not on this device'));
  });

  it('lists the shortcuts on ?', async () => {
    const db = freshDb('queue');
    await seed(db, [makeTicket({ groupId: group.id })]);
    renderInWorkspace(<QueueScreen />, { db });
    await waitFor(() => expect(rowNumbers()).toHaveLength(1));
    key('?');
    expect(await screen.findByText('Assign the selected tickets (or the current one) to me')).toBeTruthy();
  });
});

const T_RESOLVED = '2026-03-01T07:00:00.000Z';
