import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { freshDb, makeTicket, requester, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';
import { GlobalSearch, indexingLabel } from './GlobalSearch';
import { searchServiceFor } from './searchService';

function Where() {
  const location = useLocation();
  return <div data-testid="where">{`${location.pathname}${location.search}`}</div>;
}

function Harness() {
  return (
    <>
      <GlobalSearch />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </>
  );
}

/** Search answers come from an index built in the background: give them time on a busy machine. */
const SLOW = { timeout: 10_000 };

const resultTitles = () => screen.queryAllByTestId('search-result').map((r) => `${r.getAttribute('data-type')}:${r.querySelector('p')?.textContent ?? ''}`);

describe('GlobalSearch', () => {
  it('Ctrl+K focuses the box; a typo of a title finds the ticket; Enter opens it in one keystroke', async () => {
    const db = freshDb('global-search');
    const ticket = makeTicket({ title: 'Printer on floor 2 jams', number: 'INC-2001' });
    const problem = makeTicket({ title: 'Printer queues lost after patching', number: 'PRB-0004', kind: 'problem' });
    await seed(db, [ticket, problem, makeTicket({ title: 'VPN drops at home', number: 'INC-2002' })]);
    const user = userEvent.setup();
    renderInWorkspace(<Harness />, { db, path: '/*', route: '/' });
    await searchServiceFor(db).settled();

    const input = screen.getByTestId('global-search-input');
    await waitFor(() => expect(input.getAttribute('data-index-state')).toBe('ready'), SLOW);
    await user.keyboard('{Control>}k{/Control}');
    expect(document.activeElement).toBe(input);

    await user.keyboard('pritner');
    await waitFor(() => expect(screen.getByTestId('search-results').getAttribute('data-query')).toBe('pritner'), SLOW);
    expect(resultTitles()).toEqual(['ticket:Printer on floor 2 jams', 'problem:Printer queues lost after patching']);
    expect(screen.getByText('Tickets')).toBeTruthy();
    expect(screen.getByText('Problems')).toBeTruthy();

    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe(`/tickets/${ticket.id}`), SLOW);
    expect((input as HTMLInputElement).value).toBe('');
  });

  it('moves with the arrow keys, finds people, and says when nothing matches', async () => {
    const db = freshDb('global-search-keys');
    await seed(db, [makeTicket({ title: 'Printer jams', number: 'INC-3001' }), makeTicket({ title: 'Printer offline', number: 'INC-3002' })]);
    const user = userEvent.setup();
    renderInWorkspace(<Harness />, { db, path: '/*', route: '/' });
    await searchServiceFor(db).settled();

    const input = screen.getByTestId('global-search-input');
    await user.click(input);
    await user.keyboard('printer');
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2), SLOW);
    const second = screen.getAllByTestId('search-result')[1]!;
    await user.keyboard('{ArrowDown}{Enter}');
    const opened = second.querySelector('p')?.textContent === 'Printer offline' ? 'INC-3002' : 'INC-3001';
    const tickets = await db.tickets.toArray();
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe(`/tickets/${tickets.find((t) => t.number === opened)!.id}`), SLOW);

    await user.click(input);
    await user.keyboard(requester.displayName.split(' ')[0]!.toLowerCase());
    await waitFor(() => expect(resultTitles()).toEqual([`person:${requester.displayName}`]), SLOW);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe(`/people/${requester.id}`), SLOW);

    await user.click(input);
    await user.keyboard('zzqx');
    expect(await screen.findByText('Nothing found for “zzqx”.')).toBeTruthy();
  });

  it('an open answer follows the index: records written after it was given appear without typing again', async () => {
    // The first sync writes the replica while the index is being built, or just after it said
    // ready: the box must not keep an answer from before those writes reached the index.
    const db = freshDb('global-search-follows');
    await seed(db, [makeTicket({ title: 'VPN drops at home', number: 'INC-4001' })]);
    const user = userEvent.setup();
    renderInWorkspace(<Harness />, { db, path: '/*', route: '/' });
    await searchServiceFor(db).settled();
    const input = screen.getByTestId('global-search-input');
    await waitFor(() => expect(input.getAttribute('data-index-state')).toBe('ready'), SLOW);

    await user.click(input);
    await user.keyboard('printer');
    expect(await screen.findByText('Nothing found for “printer”.', undefined, SLOW)).toBeTruthy();

    // A pulled page (a bulk write: the table is re-read once writes pause)...
    await db.tickets.bulkPut([makeTicket({ title: 'Printer on floor 2 jams', number: 'INC-4002' }), makeTicket({ title: 'Scanner offline', number: 'INC-4003' })]);
    await waitFor(() => expect(resultTitles()).toEqual(['ticket:Printer on floor 2 jams']), SLOW);
    // ...and a single local write (applied by key).
    await db.tickets.put(makeTicket({ title: 'Printer out of toner', number: 'INC-4004' }));
    await waitFor(() => expect(resultTitles().sort()).toEqual(['ticket:Printer on floor 2 jams', 'ticket:Printer out of toner']), SLOW);
    expect((input as HTMLInputElement).value).toBe('printer');
  });

  it('shows indexing progress while the index is being built', () => {
    expect(indexingLabel({ indexed: 0, total: 0, ready: false, revision: 0 })).toBe('indexing… 0%');
    expect(indexingLabel({ indexed: 420, total: 1000, ready: false, revision: 0 })).toBe('indexing… 42%');
    expect(indexingLabel({ indexed: 1000, total: 1000, ready: true, revision: 0 })).toBeNull();
  });
});
