/**
 * Inventory in the web app: This device says plainly that scanning needs the desktop app (a
 * browser cannot see its machine), and Software lists the packages of a registered machine —
 * this one, scanned for real by main's inventory worker and registered through the sync API as
 * the desktop app would — with install counts; without the server it says it needs it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { API, type SoftwareListResponse } from '@fielddesk/common/api/http';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { expect, test } from '../support/fixtures';
import { ServerView } from '../support/api';
import { INVENTORY_WORKER } from '../desktop-host/host';
import { shot, signIn, takeServerAway, FIRST_SYNC_MS } from '../support/slice';
import { runInventoryInWorker } from '../../main/inventory/runInWorker';
import { toGlpiInventory } from '../../main/inventory/glpi';

test('web app: This device explains the desktop need; Software lists a registered machine’s packages with install counts', async ({ page, server }, testInfo) => {
  test.setTimeout(120_000);
  expect(existsSync(INVENTORY_WORKER), `${INVENTORY_WORKER} is missing: run \`npm run build\` first (scripts/e2e.mjs does).`).toBe(true);

  // This machine, scanned and registered by tech1 as the desktop app does (one asset_inventory op).
  const tech = await ServerView.signIn(server.url, 'tech1');
  const me = (await tech.pullAll()).persons.find((p) => p.id === tech.userId);
  const scan = await runInventoryInWorker(() => {}, { workerPath: INVENTORY_WORKER });
  const document = toGlpiInventory(scan, 'e2e', scan.machineId ? undefined : randomUUID().replace(/-/g, ''));
  const summary = summarizeGlpi(document);
  expect(summary.software.length).toBeGreaterThan(0);
  // The demo inventories machines of its own: the screen counts them too. What this machine adds
  // is one more inventoried asset, and a package no demo machine has, installed once.
  const demo = await tech.getJson<SoftwareListResponse>(`${API.software}?limit=1`);
  let wanted: (typeof summary.software)[number] | undefined;
  for (const candidate of [...summary.software].reverse()) {
    const found = await tech.getJson<SoftwareListResponse>(`${API.software}?q=${encodeURIComponent(candidate.name)}&limit=1`);
    if (found.total === 0) {
      wanted = candidate;
      break;
    }
  }
  if (!wanted) throw new Error('every package of this machine is installed on a demo machine too: none tells this one apart');
  const assetId = randomUUID();
  const result = await tech.push({
    entity: 'asset_inventory',
    id: assetId,
    kind: 'create',
    data: {
      configurationItemId: randomUUID(),
      asset: { name: summary.name ?? 'e2e-machine', tag: null, type: 'desktop', state: 'in_use', siteId: me?.siteId ?? null, locationId: null },
      deviceId: document.deviceid,
      scannedAt: new Date().toISOString(),
      summary,
    },
  });
  expect(result.status, JSON.stringify(result)).toBe('applied');

  await page.goto(`${server.url}/`);
  await signIn(page, { username: 'tech1' });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  await nav.getByRole('link', { name: 'This device' }).click();
  const box = page.getByTestId('device-needs-desktop');
  await expect(box).toContainText('Scanning needs the FieldDesk desktop app: a web browser cannot see the hardware and software of the computer it runs on.');
  await expect(page.getByRole('button', { name: /Scan now/ })).toHaveCount(0);
  await shot(page, testInfo, 'device-needs-desktop');

  await nav.getByRole('link', { name: 'Software' }).click();
  await expect(page.getByTestId('software-scope')).toContainText(`across ${(demo.inventoriedAssets + 1).toLocaleString('en')} inventoried assets you can see.`);
  await expect(page.getByTestId('software-title').first()).toBeVisible();
  await shot(page, testInfo, 'software');

  await page.getByLabel('Search software').fill(wanted.name);
  const row = page.getByTestId('software-title').filter({ has: page.getByTestId('software-title-name').getByText(wanted.name, { exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('software-title-installs')).toHaveText('1');
  await expect(row.getByTestId('software-version').first()).toHaveText(`${wanted.version ?? 'no version'} × 1`);

  // Without the server, the screen says the list needs it.
  await takeServerAway(server, page);
  await page.getByLabel('Search software').fill(`${wanted.name.slice(0, 3)}`);
  await expect(page.getByTestId('software-offline')).toContainText('Software needs the server', { timeout: 30_000 });
  await shot(page, testInfo, 'software-offline');
});
