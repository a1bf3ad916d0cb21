/**
 * Contracts and licences in the web app (issue 13 items 4 and 5), as desk1 (who sees every
 * site): a new contract covering an asset shows in "ending within 30 days" and in the
 * dashboard's count (with the warranties ending within 30 days); the licences' compliance numbers are the server's for the seeded installs
 * (GET /api/licences/compliance); a seat assigned while the server is away reaches it once it is
 * back. Screenshots of every new screen under e2e/artifacts/screens.
 */
import { expect } from '@playwright/test';
import { LICENCE_COMPLIANCE_PATH, type LicenceComplianceResponse } from '@fielddesk/common/api/licences';
import { recordsPath } from '@fielddesk/common/api/http';
import { endingWithin } from '@fielddesk/common/assets/depreciation';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import { ServerView } from '../support/api';
import { goToRoute } from '../support/cmdb';
import { test } from '../support/fixtures';
import { FIRST_SYNC_MS, LAPTOP, shot, shots, signIn, takeServerAway } from '../support/slice';

const isoDay = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('web app: a contract covering an asset ends soon on the list and the dashboard; licence compliance is the server\'s; a seat assigned offline syncs', async ({ page, server }, testInfo) => {
  test.setTimeout(240_000);
  const view = await ServerView.signIn(server.url, 'desk1');
  await page.setViewportSize(LAPTOP);
  await page.goto(`${server.url}/`);
  await signIn(page, { username: 'desk1' });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  // The first sync has written everything (contracts, licences, inventories) once Sync now is offered again.
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: FIRST_SYNC_MS });

  // A new contract (the n key), ending in 10 days, covering one asset picked by searching.
  await goToRoute(page, '/contracts');
  await expect(page.getByTestId('contracts-screen')).toBeVisible();
  await page.keyboard.press('Shift+N');
  const dialog = page.getByRole('dialog', { name: 'New contract' });
  await dialog.getByLabel('Name').fill('E2E printer support');
  await dialog.getByRole('textbox', { name: 'Vendor', exact: true }).fill('Dell');
  await page.getByRole('option', { name: 'Dell Technologies' }).click();
  await dialog.getByLabel('Starts on').fill(isoDay(-20));
  await dialog.getByLabel('Ends on (last day covered)').fill(isoDay(10));
  await dialog.getByLabel('Cost').fill('1,250.50');
  await shot(page, testInfo, 'contract-create-dialog');
  await dialog.getByRole('button', { name: 'Create contract' }).click();
  await expect(page.getByTestId('contract-name')).toHaveText('E2E printer support');
  const picker = page.getByRole('textbox', { name: 'Add an asset' });
  await picker.fill('PRN-HQ');
  await page.getByRole('option').first().click();
  await page.getByTestId('cover-asset-add').click();
  await expect(page.getByTestId('covered-asset')).toHaveCount(1);
  await shots(page, testInfo, 'contract-screen');

  // Ending within 30 days: the new one is listed; the count is what the dashboard says.
  await goToRoute(page, '/contracts?ending=30');
  const row = page.getByTestId('contract-row').filter({ hasText: 'E2E printer support' });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('contract-days-left')).toHaveText('ends in 10 days');
  await expect(row.getByTestId('contract-assets')).toHaveText('1');
  const ending = await page.getByTestId('contract-row').count();
  expect(ending).toBeGreaterThanOrEqual(3);
  await shots(page, testInfo, 'contracts-ending-soon');
  await goToRoute(page, '/contracts?tab=vendors');
  await expect(page.getByTestId('vendor-row')).toHaveCount(5);
  await shot(page, testInfo, 'contracts-vendors');
  // The dashboard counts the warranties of assets in service ending within 30 days with the contracts.
  const warranties = endingWithin(
    (await view.records<Asset>('asset')).filter((a) => a.warrantyEndsOn !== null && a.state !== 'retired' && a.state !== 'disposed').map((a) => ({ endsOn: a.warrantyEndsOn! })),
    30,
    isoDay(0),
  ).length;
  await goToRoute(page, '/dashboard');
  // (The card names the soonest three, warranties among them: the count is what says the new contract is in.)
  await expect(page.getByTestId('figure-ending')).toHaveText(String(ending + warranties), { timeout: 30_000 });
  await shot(page, testInfo, 'dashboard-endings');
  // Each kind opens its own list, which shows the count the card gave it.
  await expect(page.getByTestId('ending-link-contracts')).toHaveText(`${ending} contracts`);
  await expect(page.getByTestId('ending-link-warranties')).toHaveText(`${warranties} warranties`);
  await page.getByTestId('ending-link-warranties').click();
  await expect(page.getByTestId('assets-count')).toHaveText(new RegExp(`^${warranties} of [\\d,]+ assets on this device$`), { timeout: 30_000 });
  await goToRoute(page, '/dashboard');
  await page.getByTestId('ending-link-contracts').click();
  await expect(page.getByTestId('contracts-count')).toHaveText(`${ending} contracts ending within 30 days`);

  // Licences: the numbers per title are the server's, counted over the seeded installs.
  const server1 = await view.getJson<LicenceComplianceResponse>(LICENCE_COMPLIANCE_PATH);
  const licensed = server1.titles.filter((t) => t.kind !== null);
  expect(licensed.length).toBe(5);
  expect(licensed.some((t) => t.overUsed > 0)).toBe(true);
  expect(licensed.some((t) => t.unusedSeats > 0)).toBe(true);
  await goToRoute(page, '/licences');
  await expect(page.getByTestId('compliance-row')).toHaveCount(licensed.length);
  for (const t of licensed) {
    const r = page.getByTestId('compliance-row').filter({ has: page.getByTestId('compliance-title').getByText(t.name, { exact: true }) });
    await expect(r.getByTestId('c-seats')).toHaveText(t.seatsOwned.toLocaleString('en-US'));
    await expect(r.getByTestId('c-installs')).toHaveText(t.installs.toLocaleString('en-US'));
    await expect(r.getByTestId('c-licensed')).toHaveText(t.licensedInstalls.toLocaleString('en-US'));
    await expect(r.getByTestId('c-unlicensed')).toHaveText(t.unlicensedInstalls.toLocaleString('en-US'));
    await expect(r.getByTestId('c-over')).toHaveText(t.overUsed.toLocaleString('en-US'));
    await expect(r.getByTestId('c-unused')).toHaveText(t.unusedSeats.toLocaleString('en-US'));
    await expect(r.getByTestId('c-not-installed')).toHaveText(t.assignedNotInstalled.toLocaleString('en-US'));
  }
  await shots(page, testInfo, 'licences-compliance');

  // A seat of Visio (seats to spare) given to a person while the server is away.
  const visio = licensed.find((t) => t.name.startsWith('Microsoft Visio'))!;
  await page.getByTestId('compliance-title').getByText(visio.name, { exact: true }).click();
  await expect(page.getByTestId('licence-name')).toHaveText(visio.name);
  await takeServerAway(server, page);
  await page.locator('label', { hasText: 'A person' }).click();
  await page.keyboard.press('a');
  await page.getByRole('textbox', { name: 'Person to assign a seat to' }).fill('Dana');
  await page.getByRole('option', { name: 'Dana Whitfield' }).click();
  await page.getByTestId('seat-assign').click();
  await expect(page.getByTestId('seat').filter({ hasText: 'Dana Whitfield' })).toContainText('not sent yet');
  await expect(page.getByTestId('pending-count')).toHaveText('1');
  await expect(page.getByTestId('licence-server-offline')).toBeVisible();
  await shot(page, testInfo, 'licence-seat-offline');

  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('seat').filter({ hasText: 'Dana Whitfield' })).not.toContainText('not sent yet');
  const seats = await view.getJson<{ records: LicenceSeat[] }>(`${recordsPath('licence_seat')}?limit=1000`);
  const mine = seats.records.filter((s) => s.licenceId === visio.licenceIds[0] && s.targetKind === 'person' && s.targetId === view.userId);
  expect(mine).toHaveLength(1);
  await shots(page, testInfo, 'licence-screen');
});
