import { randomUUID } from 'node:crypto';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { API, CMDB_RECONCILIATION_PATH, type ReconciliationResponse } from '@fielddesk/common/api/http';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import type { Asset, ConfigurationItem, Person, Ticket } from '@fielddesk/common/domain/entities';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import { isScheduledChange } from '@fielddesk/common/itsm/changes';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { PullResponse } from '@fielddesk/common/sync/protocol';
import { ServerView } from './api';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, openTicket, shot, signIn, takeServerAway } from './slice';
import { NODE_SIZE } from '../../renderer/src/features/cmdb/impact/layout';

/**
 * The CMDB flows of issue 13, shared by the web and desktop hosts: relationships made offline
 * that sync, the impact view of a CI and of a business service, and its open-incident badges.
 */

/** Viewports the CMDB screens are pictured at: a desktop monitor and a tablet held sideways. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'tablet', width: 1024, height: 768 },
] as const;

/** What a user pulls of the CMDB: CIs, relations, people (to find themselves), changes and the CIs they affect. */
export async function pullCmdb(view: ServerView): Promise<{
  cis: Map<string, ConfigurationItem>;
  relations: Map<string, CiRelation>;
  persons: Map<string, Person>;
  changes: Map<string, ChangeRequest>;
  changeCis: Map<string, ChangeCi>;
}> {
  const cis = new Map<string, ConfigurationItem>();
  const relations = new Map<string, CiRelation>();
  const persons = new Map<string, Person>();
  const changes = new Map<string, ChangeRequest>();
  const changeCis = new Map<string, ChangeCi>();
  let cursor = '0';
  for (;;) {
    const page = await view.getJson<PullResponse>(`${API.pull}?cursor=${cursor}&limit=2000`);
    for (const c of page.changes) {
      if (c.entity === 'configuration_item' && c.op === 'put') cis.set(c.id, c.data as ConfigurationItem);
      if (c.entity === 'person' && c.op === 'put') persons.set(c.id, c.data as Person);
      if (c.entity === 'ci_relation') {
        if (c.op === 'put') relations.set(c.id, c.data as CiRelation);
        else relations.delete(c.id);
      }
      if (c.entity === 'change' && c.op === 'put') changes.set(c.id, c.data as ChangeRequest);
      if (c.entity === 'change_ci') {
        if (c.op === 'put') changeCis.set(c.id, c.data as ChangeCi);
        else changeCis.delete(c.id);
      }
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { cis, relations, persons, changes, changeCis };
}

export function ciNamed(cis: Map<string, ConfigurationItem>, name: string): ConfigurationItem {
  const ci = [...cis.values()].find((c) => c.name === name);
  if (!ci) throw new Error(`the demo seed should have a CI named ${name}`);
  return ci;
}

/** Opens a route of the app in place (a hash route: no reload). */
export async function goToRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#${route}`);
}

/** The open incidents the impact table gives a CI (0 when it shows none). */
export async function openIncidentsInTable(page: Page, ciId: string): Promise<number> {
  const row = page.locator(`[data-testid="impact-row"][data-ci-id="${ciId}"]`);
  await expect(row).toBeVisible();
  const badge = row.getByTestId('impact-row-incidents');
  if ((await badge.count()) === 0) return 0;
  return Number.parseInt((await badge.textContent()) ?? '0', 10);
}

/** Whether every box of the impact graph lies wholly inside the graph's frame (it was fitted to it). */
export async function graphFitsItsFrame(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const frame = document.querySelector('[data-testid="impact-graph"]')?.getBoundingClientRect();
    const boxes = Array.from(document.querySelectorAll('[data-testid="impact-node"]'), (n) => n.getBoundingClientRect());
    if (!frame || boxes.length === 0) return false;
    return boxes.every((b) => b.left >= frame.left - 1 && b.right <= frame.right + 1 && b.top >= frame.top - 1 && b.bottom <= frame.bottom + 1);
  });
}

/**
 * How the impact graph opens (cmdb/impact/viewport.ts): fitted to its frame, or, when fitting
 * would shrink its boxes below a readable size, at that size (a box at least 0.7 of NODE_SIZE)
 * with its top box in the frame.
 */
export async function graphShownReadably(page: Page): Promise<boolean> {
  if (await graphFitsItsFrame(page)) return true;
  return page.evaluate((nodeWidth) => {
    const frame = document.querySelector('[data-testid="impact-graph"]')?.getBoundingClientRect();
    const boxes = Array.from(document.querySelectorAll('[data-testid="impact-node"]'), (n) => n.getBoundingClientRect());
    if (!frame || boxes.length === 0) return false;
    const top = boxes.reduce((a, b) => (b.top < a.top ? b : a));
    return boxes.every((b) => b.width >= nodeWidth * 0.69) && top.top >= frame.top - 1 && top.bottom <= frame.bottom + 1;
  }, NODE_SIZE.width);
}

/** Pictures the current screen at each viewport (full page), then goes back to the first. */
async function shotsAtViewports(page: Page, testInfo: TestInfo, name: string, ready: () => Promise<void>): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await ready();
    await shot(page, testInfo, `${name}-${viewport.name}`);
  }
  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
}

/** An incident at a site, in one of the creator's groups, linked to a CI: made on the server as another device would. */
export async function incidentOnCi(view: ServerView, me: Person, ci: ConfigurationItem, title: string): Promise<Ticket> {
  const ticketId = randomUUID();
  const created = await view.push({
    entity: 'ticket',
    id: ticketId,
    kind: 'create',
    data: { kind: 'incident', title, description: 'Nobody on the floor can print.', impact: 2, urgency: 1, siteId: ci.siteId ?? me.siteId, groupId: me.groupIds[0] ?? null, assigneeId: me.id, requesterId: null },
  });
  if (created.status !== 'applied') throw new Error(`the incident was not created: ${JSON.stringify(created)}`);
  const linked = await view.push({ entity: 'ticket_link', id: randomUUID(), kind: 'create', data: { ticketId, targetEntity: 'configuration_item', targetId: ci.id } });
  expect(linked.status, JSON.stringify(linked)).toBe('applied');
  return created.record as Ticket;
}

/**
 * tech1 (at HQ) relates hq-app01 to hq-dc01 while the server is down: the relation shows at once,
 * marked until synced, and reaches the server exactly once when it is back. Then an incident on
 * hq-print01 (made on the server) opens, from its ticket, the print server's impact upstream
 * with the incident counted on it.
 */
export async function runRelationshipOffline(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const view = await ServerView.signIn(server.url, 'tech1');
  const before = await pullCmdb(view);
  const app = ciNamed(before.cis, 'hq-app01');
  const dc = ciNamed(before.cis, 'hq-dc01');
  const print01 = ciNamed(before.cis, 'hq-print01');
  const me = before.persons.get(view.userId);
  if (!me) throw new Error('tech1 should pull their own person record');
  expect([...before.relations.values()].filter((r) => r.fromId === app.id && r.toId === dc.id)).toEqual([]);

  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  await page.goto(opts.appUrl('/'));
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await goToRoute(page, `/cis/${app.id}`);
  await expect(page.getByRole('heading', { name: 'hq-app01', level: 1 })).toBeVisible();
  const section = page.getByTestId('relationships-section');
  // The demo's: hq-app01 is virtualized by hq-hv01, and FieldDesk (a service no site holds, so not on tech1's device) runs on it.
  await expect(section.getByTestId('relationship').filter({ hasText: 'is virtualized by hq-hv01' })).toBeVisible();
  await expect(section.getByTestId('relationship').filter({ hasText: 'runs a configuration item not on this device' })).toBeVisible();

  // The server goes away.
  await takeServerAway(server, page);
  await section.getByRole('button', { name: 'Add relationship' }).click();
  const picker = section.getByRole('textbox', { name: 'Configuration item' });
  await expect(picker).toBeFocused();
  await picker.pressSequentially('hq-dc');
  await page.getByRole('option', { name: /^hq-dc01/ }).click();
  await section.getByRole('button', { name: 'Add', exact: true }).click();
  const added = section.getByTestId('relationship').filter({ hasText: 'depends on hq-dc01' });
  await expect(added).toBeVisible();
  await expect(added.getByTestId('not-synced')).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('1');

  // The rules hold offline too: hq-dc01 cannot depend on hq-app01 now; said in words, nothing written.
  await goToRoute(page, `/cis/${dc.id}`);
  await expect(page.getByRole('heading', { name: 'hq-dc01', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Add relationship' }).click();
  await page.getByRole('textbox', { name: 'Configuration item' }).pressSequentially('hq-app');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('relationship-error')).toContainText(
    'hq-dc01 cannot depend on hq-app01: hq-app01 already depends on hq-dc01, and "depends on" may not go round in a circle.',
  );
  await expect(page.getByTestId('pending-count')).toHaveText('1');
  await shotsAtViewports(page, testInfo, 'ci-relationship-refused', () => expect(page.getByTestId('relationship-error')).toBeVisible());
  await page.getByRole('button', { name: 'Cancel' }).click();

  await goToRoute(page, `/cis/${app.id}`);
  await expect(added.getByTestId('not-synced')).toBeVisible();
  await shotsAtViewports(page, testInfo, 'ci-relationships-offline', () => expect(added).toBeVisible());

  // The server is back: the relation is pushed once.
  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(added.getByTestId('not-synced')).toHaveCount(0);
  const after = await pullCmdb(view);
  const stored = [...after.relations.values()].filter((r) => r.fromId === app.id && r.toId === dc.id);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ type: 'depends_on', authorId: view.userId });

  // Impact (the i key): hq-app01 relies on hq-dc01 now.
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: 'Impact of hq-app01' })).toBeVisible();
  await expect(page.locator(`[data-testid="impact-row"][data-ci-id="${dc.id}"]`)).toContainText('hq-app01 depends on hq-dc01');
  await expect(page.locator(`[data-testid="impact-node"][data-ci-id="${dc.id}"]`)).toBeVisible();

  // An incident on hq-print01 arrives; from its ticket, what does this outage affect?
  await goToRoute(page, `/cis/${print01.id}/impact?direction=upstream`);
  const incidentsBefore = await openIncidentsInTable(page, print01.id);
  const incident = await incidentOnCi(view, me, print01, `Print queue stuck on hq-print01 (${testInfo.project.name} ${Date.now()})`);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await goToRoute(page, '/');
  await openTicket(page, incident);
  const link = page.getByTestId('linked-target').filter({ hasText: 'hq-print01' }).getByRole('link', { name: 'What does this outage affect?' });
  await link.click();
  await expect(page.getByRole('heading', { name: 'Impact of hq-print01' })).toBeVisible();
  await expect(page.getByTestId('impact-summary')).toContainText('An outage of hq-print01 affects');
  const node = page.locator(`[data-testid="impact-node"][data-ci-id="${print01.id}"]`);
  await expect(node.getByTestId('impact-node-incidents')).toHaveText(`${incidentsBefore + 1} open incident${incidentsBefore + 1 === 1 ? '' : 's'}`);
  expect(await openIncidentsInTable(page, print01.id)).toBe(incidentsBefore + 1);
  await shotsAtViewports(page, testInfo, 'impact-print01-upstream', async () => {
    await expect(node).toBeVisible();
    await expect.poll(() => graphShownReadably(page), { message: 'the graph is fitted to its frame, or shown readable from its top' }).toBe(true);
  });
}

/**
 * A change still to come that affects `ci`: one the demo links to it, else the soonest scheduled
 * change, linked to it through a push as another device would.
 */
export async function scheduledChangeOn(view: ServerView, cmdb: Awaited<ReturnType<typeof pullCmdb>>, ci: ConfigurationItem): Promise<ChangeRequest> {
  const now = Date.now();
  const upcoming = [...cmdb.changes.values()].filter((c) => c.status === 'scheduled' && isScheduledChange(c, now)).sort((a, b) => a.windowStart.localeCompare(b.windowStart));
  const linked = [...cmdb.changeCis.values()].filter((l) => l.configurationItemId === ci.id).map((l) => cmdb.changes.get(l.changeId));
  const demo = linked.find((c) => c !== undefined && upcoming.includes(c));
  if (demo) return demo;
  // One about servers or printing when there is one, for a believable picture.
  const change = upcoming.find((c) => /print/i.test(c.title)) ?? upcoming.find((c) => /server/i.test(c.title)) ?? upcoming[0];
  if (!change) throw new Error('the demo seed should have a scheduled change in the coming days');
  const result = await view.push({ entity: 'change_ci', id: randomUUID(), kind: 'create', data: { changeId: change.id, configurationItemId: ci.id } });
  expect(result.status, JSON.stringify(result)).toBe('applied');
  return change;
}

/**
 * desk1 (who sees every site) opens the impact view of the business service "Print service":
 * its print servers, in the table and the graph; a change scheduled on hq-print01 shows on that
 * server's box (a count) and in its row (number, title, window); an incident on hq-print01 shows
 * as a badge on that server's box.
 */
export async function runServiceImpact(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const view = await ServerView.signIn(server.url, 'desk1');
  const cmdb = await pullCmdb(view);
  const service = ciNamed(cmdb.cis, 'Print service');
  const printServers = ['hq-print01', 'dc-print01', 'lab-print01'].map((name) => ciNamed(cmdb.cis, name));
  const me = cmdb.persons.get(view.userId);
  if (!me) throw new Error('desk1 should pull their own person record');
  const change = await scheduledChangeOn(view, cmdb, printServers[0]!);

  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  await page.goto(opts.appUrl('/'));
  await signIn(page, { username: 'desk1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await goToRoute(page, `/cis/${service.id}`);
  await expect(page.getByRole('heading', { name: 'Print service', level: 1 })).toBeVisible();
  for (const ci of printServers) await expect(page.getByTestId('relationship').filter({ hasText: `depends on ${ci.name}` })).toBeVisible();
  await shotsAtViewports(page, testInfo, 'ci-print-service', () => expect(page.getByTestId('relationship').first()).toBeVisible());

  await page.getByRole('link', { name: 'Impact' }).click();
  await expect(page.getByRole('heading', { name: 'Impact of Print service' })).toBeVisible();
  for (const ci of printServers) {
    await expect(page.locator(`[data-testid="impact-row"][data-ci-id="${ci.id}"]`)).toContainText(`Print service depends on ${ci.name}`);
    await expect(page.locator(`[data-testid="impact-node"][data-ci-id="${ci.id}"]`)).toContainText(ci.name);
  }
  const hq = printServers[0]!;
  // The change scheduled on hq-print01: counted on its box, said in its row.
  const changesBadge = page.locator(`[data-testid="impact-node"][data-ci-id="${hq.id}"]`).getByTestId('impact-node-changes');
  await expect(changesBadge).toHaveText(/^\d+ changes?$/);
  await expect(changesBadge).toHaveAttribute('title', new RegExp(`${change.number} · ${change.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const changeRow = page.locator(`[data-testid="impact-row"][data-ci-id="${hq.id}"]`).getByTestId('impact-row-change').filter({ hasText: change.number! });
  await expect(changeRow).toContainText(`${change.number} · ${change.title}`);
  await expect(changeRow).toContainText(new Date(change.windowStart).getFullYear().toString());
  const before = await openIncidentsInTable(page, hq.id);
  await incidentOnCi(view, me, hq, `All HQ print queues stopped (${testInfo.project.name} ${Date.now()})`);
  await page.getByRole('button', { name: 'Sync now' }).click();
  const badge = page.locator(`[data-testid="impact-node"][data-ci-id="${hq.id}"]`).getByTestId('impact-node-incidents');
  await expect(badge).toHaveText(`${before + 1} open incident${before + 1 === 1 ? '' : 's'}`, { timeout: 30_000 });
  expect(await openIncidentsInTable(page, hq.id)).toBe(before + 1);

  // Depth and direction narrow it: one step down is the print servers and identity.
  await page.getByTestId('impact-direction').getByText('Relies on (downstream)').click();
  await expect(page.getByRole('radio', { name: 'Relies on (downstream)' })).toBeChecked();
  const depth = page.getByRole('textbox', { name: /Depth/ });
  await depth.fill('1');
  await expect(page.getByTestId('impact-summary')).toHaveText('Print service relies on 4 items (within 1 step).');
  await depth.fill('3');
  await expect(page.getByTestId('impact-summary')).toContainText('(within 3 steps).');
  await shotsAtViewports(page, testInfo, 'impact-print-service', async () => {
    await expect(badge).toBeVisible();
    await expect.poll(() => graphShownReadably(page), { message: 'the graph is fitted to its frame, or shown readable from its top' }).toBe(true);
  });

  // Zoomed in, the graph overflows its frame; the graph's own fit button brings it all back.
  const graph = page.getByTestId('impact-graph');
  for (let i = 0; i < 4; i++) await graph.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => graphFitsItsFrame(page)).toBe(false);
  await graph.getByRole('button', { name: 'Fit View' }).click();
  await expect.poll(() => graphFitsItsFrame(page), { message: 'the fit button fits the graph' }).toBe(true);
}

/**
 * tech1 registers an inventory onto an asset of their site that has a CI (as the desktop app's
 * "This device" does), reporting the serial number of another asset of the site that has none:
 * a motherboard swapped between two machines. The first asset is inventoried now (its CI leaves
 * the stale list) and the two share a serial number (a group of likely duplicates).
 */
export async function inventoryWithAnotherSerial(serverUrl: string): Promise<{ inventoried: Asset; twin: Asset }> {
  const tech = await ServerView.signIn(serverUrl, 'tech1');
  const seen = await tech.pullAll();
  const me = seen.persons.find((p) => p.id === tech.userId);
  if (!me) throw new Error('tech1 should pull their own person record');
  const byTag = (a: Asset, b: Asset) => a.tag.localeCompare(b.tag);
  const live = [...seen.assets.values()].filter((a) => a.siteId === me.siteId && a.state !== 'retired' && a.state !== 'disposed' && a.inventoriedAt === null).sort(byTag);
  const ciOf = new Map(seen.configurationItems.filter((c) => c.assetId && c.status !== 'retired').map((c) => [c.assetId!, c]));
  const inventoried = live.find((a) => ciOf.has(a.id));
  const twin = live.find((a) => !ciOf.has(a.id) && a.serial && a.serial !== inventoried?.serial);
  if (!inventoried || !twin?.serial) throw new Error("the demo seed should have, at tech1's site, an asset with a CI and one without, never inventoried");
  const summary: InventorySummary = {
    itemtype: 'Computer',
    deviceId: `e2e-reconcile-${inventoried.id}`,
    name: inventoried.name,
    serial: twin.serial,
    uuid: null,
    macs: [],
    manufacturer: inventoried.manufacturer,
    model: inventoried.model,
    chassisType: null,
    assetTag: null,
    memoryMb: null,
    virtualization: null,
    os: null,
    cpus: [],
    disks: [],
    networks: [],
    software: [],
  };
  const result = await tech.push({
    entity: 'asset_inventory',
    id: inventoried.id,
    kind: 'create',
    data: {
      configurationItemId: ciOf.get(inventoried.id)!.id,
      asset: { name: inventoried.name, tag: inventoried.tag, type: inventoried.type, state: inventoried.state, substate: inventoried.substate, siteId: inventoried.siteId, locationId: inventoried.locationId },
      deviceId: summary.deviceId,
      scannedAt: new Date().toISOString(),
      summary,
    },
  });
  expect(result.status, JSON.stringify(result)).toBe('applied');
  return { inventoried, twin };
}

/** The count a tab of the CMDB checks shows (its badge). */
async function reconcileCount(page: Page, tab: 'stale' | 'without-ci' | 'duplicates'): Promise<number> {
  const text = (await page.getByTestId(`reconcile-count-${tab}`).textContent()) ?? '';
  return Number.parseInt(text.replace(/\D/g, ''), 10);
}

/**
 * After tech1 inventoried an asset with another's serial (inventoryWithAnotherSerial), desk1 (who
 * sees every site) opens CMDB checks from the navbar: the three lists, computed on the device from
 * its replica, have the counts the server's /api/cmdb/reconciliation gives for the same user (the
 * same shared functions), the two assets are a group of likely duplicates "Same serial number …";
 * links lead to a CI and to assets; with the server away the threshold still changes the list
 * (offline), matching the server's answer for 7 days.
 */
export async function runReconcileChecks(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const { inventoried, twin } = await inventoryWithAnotherSerial(server.url);
  const view = await ServerView.signIn(server.url, 'desk1');
  const expected = await view.getJson<ReconciliationResponse>(`${CMDB_RECONCILIATION_PATH}?days=30`);
  const expected7 = await view.getJson<ReconciliationResponse>(`${CMDB_RECONCILIATION_PATH}?days=7`);
  // The demo data: CIs whose asset was never inventoried, and assets no CI stands for.
  expect(expected.staleCis.length, 'the demo has CIs never inventoried').toBeGreaterThan(0);
  expect(expected.assetsWithoutCi.length, 'the demo has assets without a CI').toBeGreaterThan(0);
  expect(expected.staleCis.map((s) => s.assetId), 'an asset inventoried now is not stale').not.toContain(inventoried.id);
  const pair = expected.duplicates.find((g) => g.assets.some((a) => a.assetId === inventoried.id));
  expect(pair?.assets.map((a) => a.assetId).sort(), 'the two assets that share a serial number are one group').toEqual([inventoried.id, twin.id].sort());

  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  await page.goto(opts.appUrl('/'));
  await signIn(page, { username: 'desk1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'CMDB checks' }).click();
  await expect(page.getByRole('heading', { name: 'CMDB checks', level: 1 })).toBeVisible();

  // The three lists, with the server's counts.
  await expect(page.getByTestId('reconcile-count-stale')).toHaveText(expected.staleCis.length.toLocaleString('en-US'), { timeout: 30_000 });
  expect(await reconcileCount(page, 'without-ci')).toBe(expected.assetsWithoutCi.length);
  expect(await reconcileCount(page, 'duplicates')).toBe(expected.duplicates.length);
  await expect(page.getByRole('tab', { name: /Not inventoried for 30 days/ })).toHaveAttribute('aria-selected', 'true');
  const firstStale = expected.staleCis[0]!;
  const staleRow = page.getByTestId('reconcile-stale-row').first();
  await expect(staleRow).toHaveAttribute('data-ci-id', firstStale.ciId);
  await expect(staleRow).toContainText(firstStale.ciName);
  await expect(staleRow).toContainText(firstStale.assetTag);
  await expect(staleRow).toContainText(firstStale.days === null ? 'never' : `${firstStale.days} days`);
  await expect(page.getByTestId('reconcile-stale-row')).toHaveCount(Math.min(100, expected.staleCis.length));
  await shotsAtViewports(page, testInfo, 'cmdb-checks-stale', () => expect(staleRow).toBeVisible());

  // A CI's link opens the CI; back, and the tabs are reached with the keyboard.
  await staleRow.getByTestId('reconcile-ci-link').click();
  await expect(page.getByRole('heading', { name: firstStale.ciName, level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'CMDB checks', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: /Not inventoried for 30 days/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Assets without a CI/ })).toBeFocused();
  await expect(page.getByRole('tab', { name: /Assets without a CI/ })).toHaveAttribute('aria-selected', 'true');
  const firstLoose = expected.assetsWithoutCi[0]!;
  const looseRow = page.getByTestId('reconcile-without-ci-row').first();
  await expect(looseRow).toHaveAttribute('data-asset-id', firstLoose.assetId);
  await expect(looseRow).toContainText(firstLoose.name);
  await expect(page.getByTestId('reconcile-without-ci-row')).toHaveCount(Math.min(100, expected.assetsWithoutCi.length));
  await shotsAtViewports(page, testInfo, 'cmdb-checks-without-ci', () => expect(looseRow).toBeVisible());

  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Likely duplicates/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('reconcile-duplicate-group')).toHaveCount(Math.min(50, expected.duplicates.length));
  const group = page.getByTestId('reconcile-duplicate-group').filter({ hasText: inventoried.tag });
  await expect(group.getByTestId('reconcile-duplicate-shared')).toHaveText(`Same serial number ${twin.serial!.trim().toUpperCase()}`);
  await expect(group.getByTestId('reconcile-asset-link')).toHaveText([inventoried.tag, twin.tag].sort());
  await shotsAtViewports(page, testInfo, 'cmdb-checks-duplicates', () => expect(group).toBeVisible());

  // An asset's link opens the asset.
  await group.getByRole('link', { name: twin.tag }).click();
  await expect(page.getByTestId('asset-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: twin.name, level: 1 })).toBeVisible();
  await page.goBack();
  await page.getByRole('tab', { name: /Assets without a CI/ }).click();
  await looseRow.getByTestId('reconcile-asset-link').click();
  await expect(page.getByRole('heading', { name: firstLoose.name, level: 1 })).toBeVisible();

  // With the server away the lists still come from the device: 7 days, as the server counted them.
  await takeServerAway(server, page);
  await goToRoute(page, '/cmdb/reconcile?tab=stale&days=30');
  await expect(page.getByRole('heading', { name: 'CMDB checks', level: 1 })).toBeVisible();
  await page.getByTestId('reconcile-days').getByText('7 days').click();
  await expect(page.getByRole('tab', { name: /Not inventoried for 7 days/ })).toBeVisible();
  await expect(page.getByTestId('reconcile-count-stale')).toHaveText(expected7.staleCis.length.toLocaleString('en-US'));
  await server.startAgain();
}
