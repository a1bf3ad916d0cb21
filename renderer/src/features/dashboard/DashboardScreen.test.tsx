import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DashboardScreen } from './DashboardScreen';
import { freshDb, makeTicket, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

describe('DashboardScreen', () => {
  it('shows my open work and tickets by state, each linking to its queue', async () => {
    const db = freshDb('dashboard');
    await seed(db, [
      makeTicket({ number: 'INC-1', status: 'assigned' }),
      makeTicket({ number: 'INC-2', status: 'on_hold', onHoldReason: 'Parts' }),
      makeTicket({ number: 'INC-3', status: 'new', assigneeId: null }),
    ]);
    renderInWorkspace(<DashboardScreen />, { db, path: '/dashboard', route: '/dashboard' });

    await waitFor(() => expect(screen.getByTestId('dashboard').getAttribute('data-dashboard-ready')).toBe('true'));
    const myOpen = screen.getByTestId('figure-my-open');
    expect(myOpen.textContent).toBe('2');
    expect(myOpen.getAttribute('href')).toBe('/?queue=my-open');
    expect(screen.getByTestId('figure-state-on_hold').textContent).toBe('On hold: 1');
    expect(screen.getByTestId('figure-state-on_hold').getAttribute('href')).toBe('/?queue=all-open&scope=groups&status=on_hold');
    expect(screen.getByTestId('figure-priority-3').getAttribute('href')).toBe('/?queue=all-open&scope=groups&priority=3');
    expect(screen.getByTestId('figure-overdue').getAttribute('href')).toBe('/?queue=all-open&scope=groups&due=overdue');

    await userEvent.click(screen.getByText('Mine'));
    await waitFor(() => expect(screen.getByTestId('figure-state-new').getAttribute('href')).toBe('/?queue=all-open&scope=mine&status=new'));
    await waitFor(() => expect(screen.getByTestId('figure-state-new').textContent).toBe('New: 0'));

    await userEvent.click(screen.getByTestId('figure-my-open'));
    await waitFor(() => expect(screen.getByTestId('elsewhere')).toBeTruthy());
  });
});
