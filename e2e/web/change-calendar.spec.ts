/**
 * The change calendar in the web app (issue 15, first screen): desk1 opens it from the replica
 * with the server away; the month shows the demo's changes (the one being implemented now among
 * them) and the maintenance and freeze windows behind them; "Mine" keeps only the person's own;
 * the week and list views draw the same changes. Screenshots under e2e/artifacts/screens.
 */
import { expect } from '@playwright/test';
import { goToRoute } from '../support/cmdb';
import { test } from '../support/fixtures';
import { FIRST_SYNC_MS, LAPTOP, shots, signIn, takeServerAway } from '../support/slice';

test('web app: the change calendar draws the replica\'s changes and windows offline, with its filters and views', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize(LAPTOP);
  await page.goto(`${server.url}/`);
  await signIn(page, { username: 'desk1' });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: FIRST_SYNC_MS });
  await takeServerAway(server, page);

  await goToRoute(page, '/changes/calendar');
  const calendar = page.getByTestId('change-calendar');
  await expect(calendar.getByRole('heading', { name: 'Change calendar' })).toBeVisible();
  // The demo's change being implemented now is today's work, and on the month.
  const today = page.getByTestId('calendar-today');
  await expect(today.getByText(/CHG-\d{4}/).first()).toBeVisible();
  const events = calendar.locator('.fd-change').filter({ hasText: /CHG-\d{4}/ });
  await expect(events.first()).toBeVisible();
  const all = await events.count();
  expect(all).toBeGreaterThan(3);
  // The quarter-end freeze (a blocking one, of whole days) shades the last days of a quarter's
  // last month: this one, or one of the next two.
  const freeze = calendar.locator('.fd-window-freeze');
  let ahead = 0;
  for (; ahead < 2 && (await freeze.count()) === 0; ahead++) await calendar.getByRole('button', { name: /next/i }).click();
  await expect(freeze.first()).toBeAttached();
  await shots(page, testInfo, 'change-calendar-freeze', () => expect(freeze.first()).toBeAttached());
  for (; ahead > 0; ahead--) await calendar.getByRole('button', { name: /prev/i }).click();
  await shots(page, testInfo, 'change-calendar-month', () => expect(events.first()).toBeVisible());

  // desk1 implements or owns only some of them.
  await calendar.getByRole('checkbox', { name: 'Mine' }).check();
  await expect.poll(async () => events.count()).toBeLessThan(all);
  await calendar.getByRole('checkbox', { name: 'Mine' }).uncheck();
  await expect.poll(async () => events.count()).toBe(all);

  await calendar.getByText('Week', { exact: true }).click();
  // The week's maintenance window (Sunday 02:00-06:00, Paris) is drawn behind the changes.
  await expect(calendar.locator('.fd-window-maintenance').first()).toBeAttached();
  await shots(page, testInfo, 'change-calendar-week', () => expect(calendar.locator('.fd-window-maintenance').first()).toBeAttached());
  await calendar.getByText('List', { exact: true }).click();
  await expect(events.first()).toBeVisible();
  await shots(page, testInfo, 'change-calendar-list', () => expect(events.first()).toBeVisible());
});
