import { expect, type Page, type TestInfo } from '@playwright/test';
import type { AssetCheckout, AssetEvent } from '@fielddesk/common/assets/actions';
import type { Asset } from '@fielddesk/common/domain/entities';
import { ServerView } from './api';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, LAPTOP, TABLET, openApp, shot, shots, signIn, takeServerAway } from './slice';

/**
 * The asset lifecycle (issue 13), shared by the web and desktop hosts: with the server gone, a
 * technician checks an asset out to a person, who signs on the screen; the app restarts and
 * still shows it; the server comes back, the outbox is pushed, and the server holds the asset
 * in use, the check-out with its signature and the history.
 */

/** Draws a signature-like stroke on the pad. */
export async function sign(page: Page): Promise<void> {
  const pad = page.getByRole('dialog').locator('canvas');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  // Twelve points: a stroke the pad keeps, without a round trip to the browser for every pixel (each move is one).
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + Math.sin(i) * 25);
  await page.mouse.up();
}

export async function runAssetCheckoutOffline(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const view = await ServerView.signIn(server.url, 'tech1');
  const before = await view.pullAll();
  const me = before.persons.find((p) => p.id === view.userId)!;
  const asset = [...before.assets.values()].find((a) => a.siteId === me.siteId && a.state === 'in_stock' && a.substate === 'available' && a.kind === 'hardware');
  const person = before.persons.find((p) => p.siteId === me.siteId && p.role === 'requester');
  if (!asset || !person) throw new Error('the demo seed should have an available asset and a requester at tech1’s site');

  await page.setViewportSize(LAPTOP);
  await openApp(page, opts.appUrl);
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/assets/${asset.id}`);
  await expect(page.getByTestId('asset-state')).toHaveText('In stock: Available');

  // The server goes away.
  await takeServerAway(server, page);

  await page.keyboard.press('o');
  const checkOut = page.getByRole('dialog', { name: `Check out: ${asset.tag}` });
  await expect(checkOut).toBeVisible();
  await checkOut.getByRole('textbox', { name: 'A person' }).fill(person.displayName);
  await page.getByRole('option', { name: person.displayName }).click();
  await checkOut.getByLabel('Expected return (optional)').fill('2030-01-31');
  await shots(page, testInfo, 'asset-check-out-dialog');
  await checkOut.getByRole('button', { name: 'Check out' }).click();
  await expect(checkOut).toBeHidden();
  await expect(page.getByTestId('asset-state')).toHaveText('In use');
  await expect(page.getByText('Waiting for a signature').first()).toBeVisible();

  await page.keyboard.press('g');
  const accept = page.getByRole('dialog', { name: `Accept with a signature: ${asset.tag}` });
  await expect(accept.getByRole('textbox', { name: 'Name of the person signing' })).toHaveValue(person.displayName);
  await sign(page);
  await shot(page, testInfo, 'asset-signature-dialog');
  await accept.getByRole('button', { name: 'Save signature' }).click();
  await expect(accept).toBeHidden();
  await expect(page.getByTestId('asset-signature')).toBeVisible();
  const timeline = page.getByTestId('asset-timeline');
  await expect(timeline.getByText(`Checked out to ${person.displayName}`)).toBeVisible();
  // Offline, the device words the acceptance from the action alone; the server's line names the person.
  await expect(timeline.getByText('Accepted with a signature')).toBeVisible();
  await expect(timeline.getByText('Waiting to sync')).toHaveCount(2);
  await expect(page.getByTestId('pending-count')).toHaveText('2');
  await shot(page, testInfo, 'asset-screen-offline');

  // The app restarts while the server is still down: nothing is lost.
  await page.reload();
  // A restart with the server down waits for the first connection attempt to fail before it settles.
  await expect(page.getByTestId('asset-state')).toHaveText('In use', { timeout: 60_000 });
  await expect(page.getByTestId('asset-signature')).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('2');

  // The server is back: the outbox is pushed, and the server holds it all.
  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('asset-timeline').getByText('Waiting to sync')).toHaveCount(0);
  await expect(page.getByTestId('asset-timeline').getByText(`Accepted by ${person.displayName} with a signature`)).toBeVisible();
  await page.setViewportSize(TABLET);
  await shot(page, testInfo, 'asset-screen-synced-tablet');

  expect((await view.records<Asset>('asset')).find((a) => a.id === asset.id)).toMatchObject({ state: 'in_use', checkedOutTo: { kind: 'person', id: person.id }, assignedToId: person.id });
  const checkout = (await view.records<AssetCheckout>('asset_checkout')).find((c) => c.assetId === asset.id && c.checkedInAt === null);
  expect(checkout).toMatchObject({ expectedReturnOn: '2030-01-31', acceptanceRequired: true, signedName: person.displayName });
  expect(checkout?.signature).toMatch(/^data:image\/png;base64,/);
  expect((await view.records<AssetEvent>('asset_event')).filter((e) => e.assetId === asset.id).map((e) => e.kind)).toEqual(expect.arrayContaining(['check_out', 'accept']));

  // The open check-outs, then three new assets from a tag pattern: numbered by the server.
  await page.setViewportSize(LAPTOP);
  await page.evaluate(() => {
    window.location.hash = '#/assets/checkouts?view=unsigned';
  });
  // The one just signed for is not waiting any more.
  await expect(page.getByTestId('checkout-row').first().or(page.getByText('No check-out is waiting for a signature.'))).toBeVisible();
  await expect(page.getByTestId('checkouts-screen').getByText(asset.tag)).toHaveCount(0);
  await shots(page, testInfo, 'asset-checkouts');
  await page.evaluate(() => {
    window.location.hash = '#/assets/new';
  });
  const prefix = `E2E${testInfo.project.name.slice(0, 1).toUpperCase()}-`;
  await page.getByRole('textbox', { name: 'Name' }).fill('Conference room camera');
  await page.getByRole('textbox', { name: 'Type' }).fill('camera');
  await page.getByRole('textbox', { name: 'How many' }).fill('3');
  await page.getByRole('textbox', { name: 'Tag pattern' }).fill(`${prefix}{###}`);
  await page.getByRole('textbox', { name: 'Cost (each)' }).fill('249.90');
  await shots(page, testInfo, 'asset-new');
  await page.getByRole('button', { name: 'Create 3 assets' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 60_000 });
  await expect
    .poll(async () => (await view.records<Asset>('asset')).filter((a) => a.tag.startsWith(prefix)).map((a) => a.tag).sort(), { timeout: 30_000 })
    .toEqual([`${prefix}001`, `${prefix}002`, `${prefix}003`]);
}
