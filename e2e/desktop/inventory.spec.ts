/**
 * "This device" end to end in the desktop host: main's real inventory worker scans this very
 * machine, the technician sees its sections and "new device", registers it while the server is
 * down, the server gets it when it is back (checked through the API), the screen shows it
 * matched with no differences, a rescan finds no changes, and Software counts its packages.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { INVENTORY_WORKER, openDesktopApp } from '../desktop-host/host';
import { ServerView } from '../support/api';
import { RENDERER_DIR } from '../support/server';
import { shot as fullShot, signIn, FIRST_SYNC_MS } from '../support/slice';
import type { Page, TestInfo } from '@playwright/test';

/** A full-page screenshot from the top (the shell's header is fixed: scrolled, it lands mid-picture). */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, testInfo, name);
}

test('a technician scans this machine, registers it offline, and after sync it is the matched asset with no differences', async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  expect(existsSync(INVENTORY_WORKER), `${INVENTORY_WORKER} is missing: run \`npm run build\` first (scripts/e2e.mjs does).`).toBe(true);
  const tech = await ServerView.signIn(server.url, 'tech1');
  const assetsBefore = (await tech.pullAll()).assets.size;

  const app = await openDesktopApp(context, {
    serverUrl: server.url,
    userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')),
    rendererDir: RENDERER_DIR,
  });
  const { page } = app;
  try {
    await page.goto('http://fielddesk.app/');
    await signIn(page, { username: 'tech1', serverUrl: server.url });
    await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
    await expect(page.getByTestId('pending-count')).toHaveText('0');

    // The first visit scans the machine at once.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'This device' }).click();
    const panel = page.getByTestId('match-panel');
    await expect(panel).toHaveAttribute('data-match', 'new', { timeout: 60_000 });
    await expect(panel.getByTestId('new-device')).toHaveText('New device — not in the CMDB yet');
    const hostName = (await page.getByTestId('device-name').textContent())?.trim() ?? '';
    expect(hostName).not.toBe('');
    await expect(page.getByTestId('last-scanned')).toContainText('Last scanned');
    await expect(page.getByTestId('section-hardware')).toContainText('Hardware & BIOS');
    await expect(page.getByTestId('section-os')).toBeVisible();
    await expect(page.getByTestId('section-network')).toBeVisible();
    await page.getByTestId('section-software').getByRole('button').first().click();
    await expect(page.getByTestId('software-row').first()).toBeVisible();
    const packages = Number((await page.getByTestId('device-software-count').textContent())?.replace(/[^\d]/g, ''));
    expect(packages).toBeGreaterThan(0);
    await expect(panel.getByLabel(/^Name/)).toHaveValue(hostName);
    await shot(page, testInfo, 'device-new');

    // The server goes away; registering still works, on this device.
    await server.stop();
    await panel.getByRole('button', { name: 'Register this device' }).click();
    await expect(panel).toHaveAttribute('data-match', 'matched');
    await expect(panel.getByTestId('no-differences')).toBeVisible();
    await expect(panel.getByTestId('device-waiting-to-sync')).toHaveText('Waiting to sync');
    await expect(page.getByTestId('pending-count')).toHaveText('1');
    await shot(page, testInfo, 'device-registered-offline');

    // The server is back: the op is pushed, the server numbers the asset.
    await server.startAgain();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
    await expect(panel.getByTestId('device-waiting-to-sync')).toHaveCount(0, { timeout: 30_000 });

    const after = await tech.pullAll();
    expect(after.assets.size).toBe(assetsBefore + 1);
    const asset = [...after.assets.values()].find((a) => a.name === hostName);
    if (!asset) throw new Error(`the server has no asset named ${hostName}`);
    expect(asset.inventoriedAt).not.toBeNull();
    const recorded = after.assetInventories.get(asset.id);
    expect(recorded?.source).toBe('fielddesk');
    expect(recorded?.summary.software).toHaveLength(packages);
    expect(after.configurationItems.filter((ci) => ci.assetId === asset.id)).toHaveLength(1);

    await expect(panel).toHaveAttribute('data-match', 'matched');
    await expect(panel.getByTestId('matched-asset')).toHaveText(`${asset.tag} · ${asset.name}`);
    await expect(panel.getByTestId('no-differences')).toBeVisible();
    await shot(page, testInfo, 'device-synced');

    // A rescan of the same machine: no changes, still no differences.
    await page.getByRole('button', { name: /Scan now/ }).click();
    await expect(page.getByTestId('history-scan')).toHaveCount(2, { timeout: 60_000 });
    await expect(page.getByTestId('history-scan').first().getByTestId('history-change-count')).toHaveText('No changes');
    await expect(panel.getByTestId('no-differences')).toBeVisible();
    await shot(page, testInfo, 'device-rescan');

    // The asset screen shows its recorded inventory.
    await panel.getByTestId('matched-asset').click();
    await expect(page.getByTestId('asset-inventoried-at')).toContainText('Last inventoried');
    await expect(page.getByTestId('asset-software-count')).toHaveText(`${packages.toLocaleString('en')} packages`);
    await shot(page, testInfo, 'asset-inventory');

    // Software counts this machine's packages (online, through main's listSoftware).
    const first = recorded!.summary.software[0]!;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Software' }).click();
    await page.getByLabel('Search software').fill(first.name);
    const row = page.getByTestId('software-title').filter({ has: page.getByTestId('software-title-name').getByText(first.name, { exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('software-title-installs')).toHaveText('1');
    await expect(row.getByTestId('software-version').first()).toHaveText(`${first.version ?? 'no version'} × 1`);
    await shot(page, testInfo, 'software');
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
