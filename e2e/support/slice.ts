import { join } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { ServerView } from './api';
import { DEMO_PASSWORD, REPO_ROOT, type ServerProcess } from './server';

/**
 * The offline slice of issue 2, shared by the web and desktop hosts: a technician signs
 * in, the queue fills from the local replica, the server goes away, the technician changes
 * a ticket's status and logs work, the change shows at once and survives a reload, the
 * server comes back and holds both changes exactly once.
 */
/**
 * How long a test waits for the first sync after signing in to fill the queue: the whole demo
 * replica (about 2,800 records) downloaded and applied while another test runs beside it on a
 * 2-core machine. A wait for that state, not a sleep: it ends as soon as the rows show.
 */
export const FIRST_SYNC_MS = 90_000;

export async function signIn(page: Page, opts: { username: string; serverUrl?: string }): Promise<void> {
  const serverField = page.getByLabel('Server address');
  if (opts.serverUrl) await serverField.fill(opts.serverUrl);
  await page.getByLabel('Username').fill(opts.username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A screenshot kept with the test's results and under e2e/artifacts/screens/<project>-<name>.png. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join(REPO_ROOT, 'e2e/artifacts/screens', `${testInfo.project.name}-${name}.png`);
  // A resting screen: Playwright finishes running CSS transitions and animations (Mantine's button
  // loaders, notifications) for the picture, rather than the test sleeping until they end.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Opens a ticket from the queue by its number, through the queue's filter. */
export async function openTicket(page: Page, ticket: Ticket): Promise<void> {
  const number = ticket.number ?? '';
  await page.getByLabel('Filter tickets').fill(number);
  // The filtered list replaces its rows (they are virtualized): wait until it shows the ticket
  // first, and click again if a click landed on a row that was being replaced.
  await expect(page.getByTestId('ticket-row').first()).toContainText(number);
  await expect(async () => {
    if (await page.getByRole('heading', { name: ticket.title }).isVisible()) return;
    await page.getByTestId('ticket-row').filter({ hasText: number }).first().click();
    await expect(page.getByRole('heading', { name: ticket.title })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}

export async function runOfflineSlice(
  page: Page,
  server: ServerProcess,
  testInfo: TestInfo,
  opts: { appUrl: (path: string) => string; serverUrl?: string },
): Promise<void> {
  const view = await ServerView.signIn(server.url, 'tech1');
  const before = await view.pullAll();
  const ticket = [...before.tickets.values()].find((t) => t.status === 'assigned' && t.assigneeId === view.userId);
  if (!ticket) throw new Error('the demo seed should give tech1 an assigned ticket');

  await page.goto(opts.appUrl('/'));
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await expect(page.getByTestId('sync-status')).toContainText('Online');
  await shot(page, testInfo, 'queue');

  await openTicket(page, ticket);

  // The server goes away.
  await server.stop();

  await page.getByLabel('Status').click();
  await page.getByRole('option', { name: 'In progress' }).click();
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('In progress');

  const note = `Replaced the fuser unit on site (${testInfo.project.name} ${Date.now()})`;
  await page.getByLabel('Worklog').fill(note);
  await page.getByLabel('Time spent (minutes)').fill('25');
  await page.getByRole('button', { name: 'Add worklog' }).click();
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('2');
  await expect(page.getByTestId('sync-status')).toContainText('Offline', { timeout: 30_000 });
  await shot(page, testInfo, 'offline-changes');

  // The app restarts while the server is still down: nothing is lost.
  await page.reload();
  await expect(page.getByTestId('ticket-status')).toHaveText('In progress');
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('2');

  // The server is back: the outbox is pushed.
  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-status')).toContainText('Online');
  await shot(page, testInfo, 'synced');

  // A second sync must not apply anything twice.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0');

  const after = await view.pullAll();
  expect(after.tickets.get(ticket.id)?.status).toBe('in_progress');
  const logged = after.worklogs.filter((w) => w.ticketId === ticket.id && w.body === note);
  expect(logged).toHaveLength(1);
  expect(logged[0]?.minutes).toBe(25);
  expect(logged[0]?.authorId).toBe(view.userId);
}
