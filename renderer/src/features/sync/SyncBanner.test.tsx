import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SESSION_EXPIRED_MESSAGE } from '../../data/sync/engine';
import { SyncBanner, downloadLabel } from './SyncBanner';
import { freshDb, makeTicket, tech } from '../../../test/fixtures';
import { renderInWorkspace, sessionUser } from '../../../test/render';
import { FakeServer } from '../../../test/fakeServer';

describe('SyncBanner', () => {
  it('after the session expired: keeps the work, signs the SAME user in again, then pushes as them', async () => {
    const server = new FakeServer(sessionUser);
    const ticket = server.serverWrite('ticket', makeTicket());
    const db = freshDb('banner');
    const { workspace } = renderInWorkspace(<SyncBanner />, { db, server });
    await workspace.engine.syncNow();
    server.sessionUser = null;
    workspace.engine.start();
    server.emit({ type: 'session-expired' });
    const result = await workspace.tickets.addWorklog(ticket.id, 'Done while the session was gone', 20);
    expect(result.ok).toBe(true);

    const alert = await screen.findByTestId('sync-error');
    await waitFor(() => expect(alert.textContent).toContain(`${SESSION_EXPIRED_MESSAGE} (1 change waiting).`));
    await userEvent.click(within(alert).getByRole('button', { name: 'Sign in' }));

    const dialog = await screen.findByRole('dialog', { name: 'Sign in to sync' });
    const username = within(dialog).getByLabelText('Username') as HTMLInputElement;
    expect(username.value).toBe(tech.username);
    expect(username.readOnly).toBe(true);
    await userEvent.type(within(dialog).getByLabelText('Password'), 'fielddesk-demo');
    server.sessionUser = sessionUser; // the server accepts the password (the test platform's login succeeds)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));

    await waitFor(async () => expect(await db.outbox.count()).toBe(0));
    expect(server.pushes.at(-1)?.ops.map((o) => o.entity)).toEqual(['worklog']);
    expect(server.all('worklog')).toEqual([expect.objectContaining({ body: 'Done while the session was gone', authorId: tech.id })]);
    await waitFor(() => expect(screen.queryByTestId('sync-error')).toBeNull());
  });

  it('names download progress in counts', () => {
    expect(downloadLabel(12_400, 87_600)).toBe('Downloading 12,400 of ~100,000 records');
  });

  it('offers Retry when a sync failed, and it syncs again', async () => {
    const server = new FakeServer(sessionUser);
    const db = freshDb('banner');
    const { workspace } = renderInWorkspace(<SyncBanner />, { db, server });
    server.offline = true;
    await workspace.engine.syncNow();
    const alert = await screen.findByTestId('sync-error');
    expect(alert.textContent).toContain('Could not reach the FieldDesk server');

    server.offline = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(screen.queryByTestId('sync-error')).toBeNull());
    await waitFor(() => expect(workspace.engine.getStatus().state).toBe('idle'));
  });
});
