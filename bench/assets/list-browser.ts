/**
 * The browser half of assets_filter_ms: Debian's Chromium against the real server serving the
 * web build, one page for the whole run, on a replica of N generated tickets and N generated
 * assets (list-entry.ts). In the same page, in rounds that alternate the order, it times
 * filter changes of the ticket queue (the reference: each keystroke typing "printer", "vpn" and
 * "outlook" into "Filter tickets", in the queue "All", over every ticket) and of the Assets list
 * (each keystroke typing "latitude", "thinkpad" and "optiplex" into its search, and picks of a
 * state and a model in its filters). Each change is timed by bench/workspace/probe.ts, as
 * queue_filter_ms is: from the input event's timeStamp to the last frame in which the rows or
 * the count changed, once they stayed unchanged for 600 ms.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { bundleBrowserEntry, seedPage } from '../lib/browser-bundle';
import { log } from '../lib/report';
import { installProbe, type ProbeOptions } from '../workspace/probe';
import { measureChange, SELECTORS } from '../workspace/browser';
import type { ListSeedResult } from './list-entry';

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWPORT = { width: 1440, height: 900 };
const PROBE: ProbeOptions = { rowSelector: SELECTORS.row, filterSelector: SELECTORS.filter, marks: {} };
const ASSET = {
  list: '[data-testid="assets-list"]',
  ready: '[data-testid="assets-list"][data-ready]',
  row: '[data-testid="asset-row"]',
  count: '[data-testid="assets-count"]',
  search: '[data-testid="assets-search"]',
} as const;

export const QUEUE_QUERIES = ['printer', 'vpn', 'outlook'];
export const ASSET_QUERIES = ['latitude', 'thinkpad', 'optiplex'];
/** Filter picks of the Assets list: [the field's label, the option]. */
export const ASSET_PICKS: [string, string][] = [
  ['State', 'In use (any)'],
  ['State', 'In maintenance (any)'],
  ['Model', 'Dell Latitude 5440'],
];

export interface FilterSample {
  what: string;
  ms: number;
  rows: number;
}

export interface ListMeasurement {
  seed: ListSeedResult;
  queue: FilterSample[];
  typed: FilterSample[];
  picked: FilterSample[];
  unchanged: number;
}

async function goToRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#${route}`);
}

/** Types each query one key at a time into `input`; each keystroke that changes the rows is a sample. */
async function typeQueries(page: Page, input: string, row: string, count: string, queries: readonly string[], out: FilterSample[]): Promise<number> {
  let unchanged = 0;
  for (const query of queries) {
    const field = page.locator(input).first();
    await field.click();
    await field.fill('');
    await page.waitForTimeout(600);
    for (let i = 0; i < query.length; i++) {
      const r = await measureChange(page, row, count, () => page.keyboard.type(query[i]!));
      if (r.latency === null) unchanged++;
      else out.push({ what: query.slice(0, i + 1), ms: r.latency, rows: r.items });
    }
  }
  await page.locator(input).first().fill('');
  await page.waitForTimeout(600);
  return unchanged;
}

async function queueRound(page: Page, out: FilterSample[]): Promise<number> {
  await goToRoute(page, '/');
  await page.locator('[data-testid="queue-all"]').first().click();
  await page.locator(SELECTORS.queueLoaded).waitFor({ timeout: 120_000 });
  await page.locator(SELECTORS.row).first().waitFor({ timeout: 60_000 });
  return typeQueries(page, SELECTORS.filter, SELECTORS.row, SELECTORS.queueCount, QUEUE_QUERIES, out);
}

async function assetsRound(page: Page, typed: FilterSample[], picked: FilterSample[]): Promise<number> {
  await goToRoute(page, '/assets');
  try {
    await page.locator(ASSET.ready).waitFor({ timeout: 300_000 });
  } catch (error) {
    const file = path.join(process.env.BENCH_SCREENSHOTS ?? '/tmp', 'assets-list-not-ready.png');
    await page.screenshot({ path: file }).catch(() => undefined);
    log(`the Assets list did not get ready; the page is pictured in ${file}`);
    throw error;
  }
  await page.locator(ASSET.row).first().waitFor({ timeout: 60_000 });
  let unchanged = await typeQueries(page, ASSET.search, ASSET.row, ASSET.count, ASSET_QUERIES, typed);
  for (const [field, option] of ASSET_PICKS) {
    await page.getByRole('textbox', { name: field, exact: true }).click();
    const choice = page.getByRole('option', { name: option, exact: true });
    await choice.waitFor();
    const r = await measureChange(page, ASSET.row, ASSET.count, () => choice.click());
    if (r.latency === null) unchanged++;
    else picked.push({ what: `${field}: ${option}`, ms: r.latency, rows: r.items });
    await page.keyboard.press('Escape');
  }
  // Back to no filter for the next round.
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Clear the filters' }).click();
  await page.waitForTimeout(600);
  return unchanged;
}

export async function measureAssetsFilter(options: { origin: string; username: string; password: string; records: number; rounds: number }): Promise<ListMeasurement> {
  const code = await bundleBrowserEntry(path.join(here, 'list-entry.ts'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    await context.addInitScript({ content: `(() => { const __name = (f) => f; (${installProbe.toString()})(${JSON.stringify(PROBE)}); })();` });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`browser page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') log(`browser console error: ${m.text()}`);
    });
    await page.route(`${options.origin}/__bench/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/__bench/seed.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code });
      return route.fulfill({ status: 200, contentType: 'text/html', body: seedPage('FieldDesk assets list benchmark seed') });
    });
    await page.goto(`${options.origin}/__bench/seed.html`);
    await page.waitForFunction(() => 'fielddeskAssetsListSeed' in window);
    const seed = await page.evaluate(([u, p, n, now]) => window.fielddeskAssetsListSeed.seed(u, p, { tickets: n, assets: n }, now), [options.username, options.password, options.records, Date.now()] as const);
    log(`seeded the replica of ${options.username}: ${JSON.stringify(seed.total)} (generated ${JSON.stringify(seed.generated)} in ${Math.round(seed.generateMs)} ms, written in ${Math.round(seed.writeMs)} ms)`);
    await page.unroute(`${options.origin}/__bench/**`);

    await page.goto(`${options.origin}/`);
    await page.waitForFunction(() => window.__fdProbe?.ready ?? null, null, { timeout: 120_000, polling: 100 });
    await page.locator('[data-testid="last-sync"]', { hasText: 'Synced' }).waitFor({ timeout: 120_000 });

    const queue: FilterSample[] = [];
    const typed: FilterSample[] = [];
    const picked: FilterSample[] = [];
    let unchanged = 0;
    // One untimed pass of each first (the Assets list's chunk, both lists' code paths).
    await queueRound(page, []);
    await assetsRound(page, [], []);
    for (let i = 0; i < options.rounds; i++) {
      const order = i % 2 === 0 ? (['assets', 'queue'] as const) : (['queue', 'assets'] as const);
      for (const which of order) {
        if (which === 'queue') unchanged += await queueRound(page, queue);
        else unchanged += await assetsRound(page, typed, picked);
      }
      log(`assets filter round ${i + 1}: ${typed.length + picked.length} asset changes, ${queue.length} queue changes so far`);
    }
    await context.close();
    return { seed, queue, typed, picked, unchanged };
  } finally {
    await browser.close();
  }
}
