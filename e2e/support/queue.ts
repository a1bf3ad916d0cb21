import { expect, type Page, type TestInfo } from '@playwright/test';
import { ServerView } from './api';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, shot, signIn } from './slice';

/**
 * The queue and dashboard flows of issue 4, shared by the web and desktop hosts:
 * - bulk assign: 50 tickets of the technician's groups selected with the keyboard (j, x) and
 *   assigned with `a`; after a sync the server holds all 50 assigned to them;
 * - a saved filter, built in the filter builder, survives a reload (it lives in the local replica);
 * - a dashboard figure opens the queue that lists exactly what it counts.
 */
export interface HostOptions {
  /** The app's address for a path, e.g. `/#/dashboard`. */
  appUrl: (path: string) => string;
  /** The server address the sign-in form needs (desktop only). */
  serverUrl?: string;
}

async function signedIn(page: Page, opts: HostOptions, path = '/'): Promise<void> {
  await page.goto(opts.appUrl(path));
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  // The first download: FIRST_SYNC_MS (the desktop host relays it over IPC; 30 s was not always enough beside another test).
  await expect(page.getByTestId('sync-status')).toContainText('Online', { timeout: FIRST_SYNC_MS });
  await expect(page.getByTestId('queue-screen')).toHaveAttribute('data-queue-ready', 'true', { timeout: 30_000 });
}

/** The id of the row the keyboard cursor is on. */
async function cursorId(page: Page): Promise<string> {
  const row = page.locator('[data-testid="ticket-row"][data-cursor="true"]');
  await expect(row).toHaveCount(1);
  return (await row.getAttribute('data-ticket-id')) ?? '';
}

export async function bulkAssignFifty(page: Page, server: ServerProcess, testInfo: TestInfo, opts: HostOptions): Promise<void> {
  const view = await ServerView.signIn(server.url, 'tech1');
  await signedIn(page, opts);

  // My groups, by number: open tickets of tech1's groups, a stable order.
  await page.getByTestId('queue-panel').getByText('My groups', { exact: true }).click();
  await expect(page.getByTestId('queue-title')).toHaveText('My groups');
  await page.locator('th[data-column="number"] button').click();
  await expect(page.locator('th[data-column="number"]')).toHaveAttribute('aria-sort', 'ascending');
  const total = Number(((await page.getByTestId('queue-count').textContent()) ?? '').split(' ')[0]!.replace(/,/g, ''));
  expect(total, 'the demo seed should give tech1 at least 50 open tickets in their groups').toBeGreaterThanOrEqual(50);

  await page.locator('body').click({ position: { x: 5, y: 5 } }); // the keyboard belongs to the queue, not a field
  const chosen: string[] = [];
  for (let i = 0; i < 50; i++) {
    await page.keyboard.press('j');
    const id = await cursorId(page);
    await page.keyboard.press('x');
    chosen.push(id);
  }
  expect(new Set(chosen).size).toBe(50);
  await expect(page.getByTestId('checked-count')).toHaveText('50 selected');
  await shot(page, testInfo, 'queue-50-selected');

  await page.keyboard.press('a');
  const result = page.getByTestId('bulk-result');
  await expect(result).toBeVisible();
  const summary = (await result.textContent()) ?? '';
  // Every ticket is either changed or was already mine; none refused.
  const changed = Number(/(\d+) changed/.exec(summary)?.[1] ?? -1);
  const already = Number(/(\d+) already as asked/.exec(summary)?.[1] ?? 0);
  expect(summary).not.toContain('refused');
  expect(changed + already).toBe(50);
  await shot(page, testInfo, 'queue-bulk-assigned');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });

  const after = await view.pullAll();
  const notMine = chosen.filter((id) => after.tickets.get(id)?.assigneeId !== view.userId);
  expect(notMine, 'tickets the server does not hold as assigned to tech1').toEqual([]);
}

export async function savedFilterSurvivesReload(page: Page, _server: ServerProcess, testInfo: TestInfo, opts: HostOptions): Promise<void> {
  await signedIn(page, opts);
  const name = `On hold or P1 (${testInfo.project.name})`;

  await page.getByTestId('queue-panel').getByRole('button', { name: 'New filter' }).first().click();
  const builder = page.getByRole('dialog', { name: 'New filter' });
  await builder.getByLabel('Filter name').fill(name);
  await builder.getByRole('button', { name: 'Add condition', exact: true }).click();
  // Condition 1: Status is any of On hold.
  await builder.getByLabel('Condition 1 value').click();
  await page.getByRole('option', { name: 'On hold' }).click();
  await builder.getByLabel('Filter name').click(); // close the dropdown
  await builder.getByRole('button', { name: 'Add condition', exact: true }).click();
  // Condition 2: Priority is any of P1 Critical; the two combined with OR.
  await builder.getByLabel('Condition 2 field').click();
  await page.getByRole('option', { name: 'Priority', exact: true }).click();
  await builder.getByLabel('Condition 2 value').click();
  await page.getByRole('option', { name: 'P1 Critical' }).click();
  await builder.getByLabel('Filter name').click();
  await builder.getByText('Match any (OR)').first().click();
  await expect(builder.getByRole('radio', { name: 'Match any (OR)' }).first()).toBeChecked();
  // The count is computed from a deferred copy of the form: read it once it is the count of what the form says.
  await expect(builder.getByTestId('filter-preview')).toHaveAttribute('data-settled', 'true');
  await expect(builder.getByTestId('filter-preview')).toContainText('tickets on this device match');
  const preview = Number(((await builder.getByTestId('filter-preview').textContent()) ?? '').split(' ')[0]!.replace(/,/g, ''));
  await shot(page, testInfo, 'filter-builder');
  await builder.getByRole('button', { name: 'Save filter' }).click();

  await expect(page.getByTestId('queue-title')).toHaveText(name);
  await expect(page.getByTestId('queue-count')).toContainText(`${preview.toLocaleString('en-US')} of`);
  const saved = page.getByTestId('saved-filter').filter({ hasText: name });
  await expect(saved).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('queue-screen')).toHaveAttribute('data-queue-ready', 'true', { timeout: 30_000 });
  // The URL still names the filter, and the panel still lists it.
  await expect(page.getByTestId('queue-title')).toHaveText(name);
  await expect(page.getByTestId('queue-count')).toContainText(`${preview.toLocaleString('en-US')} of`);
  await page.getByTestId('queue-panel').getByText('All open', { exact: true }).click();
  await expect(page.getByTestId('queue-title')).toHaveText('All open');
  await page.getByTestId('saved-filter').filter({ hasText: name }).click();
  await expect(page.getByTestId('queue-title')).toHaveText(name);
  const statuses = await page.getByTestId('ticket-row').evaluateAll((rows) => rows.slice(0, 10).map((r) => r.textContent ?? ''));
  for (const text of statuses) expect(text.includes('On hold') || text.includes('P1 Critical')).toBe(true);
}

export async function dashboardFigureOpensItsQueue(page: Page, _server: ServerProcess, testInfo: TestInfo, opts: HostOptions): Promise<void> {
  await signedIn(page, opts);
  await page.goto(opts.appUrl('/#/dashboard'));
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard).toHaveAttribute('data-dashboard-ready', 'true', { timeout: 30_000 });
  await shot(page, testInfo, 'dashboard');

  // A figure card: my open work.
  const myOpen = Number(((await page.getByTestId('figure-my-open').textContent()) ?? '').replace(/,/g, ''));
  await page.getByTestId('figure-my-open').click();
  await expect(page.getByTestId('queue-title')).toHaveText('My open');
  await expect(page.getByTestId('queue-count')).toContainText(`${myOpen.toLocaleString('en-US')} of`);
  await shot(page, testInfo, 'queue-my-open');

  // Back to the dashboard, then a chart's figure: open tickets on hold in my groups.
  await page.goBack();
  await expect(dashboard).toHaveAttribute('data-dashboard-ready', 'true', { timeout: 30_000 });
  const onHoldLink = page.getByTestId('figure-state-on_hold');
  const onHold = Number(((await onHoldLink.textContent()) ?? '').split(':')[1]!.trim().replace(/,/g, ''));
  expect(onHold, 'the demo seed should put some of tech1’s group tickets on hold').toBeGreaterThan(0);
  await onHoldLink.click();
  await expect(page.getByTestId('queue-refinements')).toContainText('Status: On hold');
  await expect(page.getByTestId('queue-count')).toContainText(`${onHold.toLocaleString('en-US')} of`);
  const rows = page.getByTestId('ticket-row');
  await expect(rows.first()).toContainText('On hold');
  await shot(page, testInfo, 'queue-from-dashboard');
}
