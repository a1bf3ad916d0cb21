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

/**
 * Whether the tests take the pictures people look at (e2e/artifacts/screens): always outside CI, and
 * on CI only when FIELDDESK_E2E_SHOTS=1. CI does not look at them, and a full-page picture costs a
 * second or more on a loaded machine (about 70 of them in a run). A failing test is pictured anyway
 * (playwright.config.ts: screenshot on failure).
 */
export const TAKE_PICTURES = !process.env.CI || process.env.FIELDDESK_E2E_SHOTS === '1';

/** A screenshot kept with the test's results and under e2e/artifacts/screens/<project>-<name>.png. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  if (!TAKE_PICTURES) return;
  const path = join(REPO_ROOT, 'e2e/artifacts/screens', `${testInfo.project.name}-${name}.png`);
  // A resting screen: Playwright finishes running CSS transitions and animations (Mantine's button
  // loaders, notifications) for the picture, rather than the test sleeping until they end.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * In the web app, waits until its service worker is active and controls the page, so that a
 * reload or a screen first opened while the server is down is served from its cache (the desktop
 * host has none: it returns at once). Without the pictures taken before, a test could stop the
 * server while the worker was still precaching.
 */
export async function offlineShellReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    await navigator.serviceWorker.ready;
    // Active is not yet in charge: the worker claims the page as it activates (clientsClaim),
    // and only then do the page's requests (a lazily loaded screen) go through its cache.
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
  });
}

/**
 * Takes the server away from the app's pages: waits until each page's offline shell is ready
 * (`offlineShellReady`), so that a screen opened next still loads from the service worker's cache
 * (its lazily loaded code too), then stops the server.
 */
export async function takeServerAway(server: ServerProcess, ...pages: Page[]): Promise<void> {
  for (const page of pages) await offlineShellReady(page);
  await server.stop();
}

/** Opens the app at its start, unless it is there already (the desktop host opens its window there). */
export async function openApp(page: Page, appUrl: (path: string) => string): Promise<void> {
  if (page.url() !== appUrl('/')) await page.goto(appUrl('/'));
}

/** The sizes the asset screens are pictured at: a laptop, and a rugged tablet held upright. */
export const LAPTOP = { width: 1440, height: 900 } as const;
export const TABLET = { width: 800, height: 1280 } as const;

/**
 * The current screen pictured at a laptop's size (`<name>-laptop`) and a tablet's (`<name>-tablet`),
 * then back at the laptop's size. `ready`, when given, waits after each resize for what the picture
 * must show (a screen that lays itself out again, a graph fitted to its frame).
 */
export async function shots(page: Page, testInfo: TestInfo, name: string, ready?: () => Promise<void>): Promise<void> {
  if (!TAKE_PICTURES) return;
  await page.setViewportSize(LAPTOP);
  await ready?.();
  await shot(page, testInfo, `${name}-laptop`);
  await page.setViewportSize(TABLET);
  await ready?.();
  await shot(page, testInfo, `${name}-tablet`);
  await page.setViewportSize(LAPTOP);
}

/** Opens a ticket from the queue by its number, through the queue's filter. */
export async function openTicket(page: Page, ticket: Ticket): Promise<void> {
  const number = ticket.number ?? '';
  await page.getByLabel('Filter tickets').fill(number);
  // The filtered list replaces its rows (they are virtualized): wait until it shows the ticket
  // first, and click again if a click landed on a row that was being replaced. Right after signing
  // in, the ticket shows once the first sync has brought it.
  await expect(page.getByTestId('ticket-row').first()).toContainText(number, { timeout: FIRST_SYNC_MS });
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
  await takeServerAway(server, page);

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
