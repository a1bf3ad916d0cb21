import { expect, test } from '../support/fixtures';
import { ServerView } from '../support/api';
import { openTicket, shot, signIn } from '../support/slice';


test("a clash made offline is shown with both values, and 'Keep mine' syncs the technician's value", async ({ page, server }, testInfo) => {
  const tech = await ServerView.signIn(server.url, 'tech1');
  const desk = await ServerView.signIn(server.url, 'desk1');
  const ticket = [...(await tech.pullAll()).tickets.values()].find((t) => t.status === 'in_progress' && t.assigneeId === tech.userId);
  if (!ticket) throw new Error('the demo seed should give tech1 a ticket in progress');

  await page.goto(server.url);
  await signIn(page, { username: 'tech1' });
  await openTicket(page, ticket);

  // The technician loses the network and puts the ticket on hold with their reason (the
  // browser is offline; the server stays up for the desk, and the app cannot push first)...
  await page.context().setOffline(true);
  await page.getByLabel('Status').click();
  await page.getByRole('option', { name: 'On hold' }).click();
  await page.getByLabel('On hold reason').fill('Waiting for a spare fuser unit');
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('On hold');

  // ...while the desk puts it on hold with another reason; then the technician is back online.
  const result = await desk.patchTicket(ticket, { status: 'on_hold', onHoldReason: 'Requester is on leave until Monday' });
  expect(result.status).toBe('applied');
  await page.context().setOffline(false);

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('conflict-count')).toHaveText('1');

  await page.getByTestId('conflicts-link').click();
  await expect(page.getByRole('heading', { name: 'Sync conflicts' })).toBeVisible();
  const row = page.getByTestId('conflict-row');
  await expect(row.getByTestId('conflict-local')).toHaveText('Waiting for a spare fuser unit');
  await expect(row.getByTestId('conflict-server')).toHaveText('Requester is on leave until Monday');
  await shot(page, testInfo, 'conflicts');

  await row.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByTestId('no-conflicts')).toBeVisible();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });

  const after = (await tech.pullAll()).tickets.get(ticket.id);
  expect(after?.status).toBe('on_hold');
  expect(after?.onHoldReason).toBe('Waiting for a spare fuser unit');
});
