/**
 * Browser metrics, in Debian's Chromium against the real server over HTTP (127.0.0.1):
 * bundles entry.ts with esbuild, serves that page and bundle on the server's own origin
 * through Playwright routing (so the web adapter's same-origin cookie and CSRF rules hold
 * exactly as in the web app; the server itself is unchanged), then runs entry.ts's steps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { DEMO_PASSWORD } from '../lib/client';
import type { RawStore } from '../lib/raw-store';
import { bundleBrowserEntry } from '../lib/browser-bundle';
import { log, ratioMetric, skip, type StoreName } from '../lib/report';

const here = path.dirname(fileURLToPath(import.meta.url));
let bundle: string | null = null;

async function bundleEntry(): Promise<string> {
  // Readable names in CPU profiles (BENCH_CPU_PROF): the shared bundler does not minify.
  bundle ??= await bundleBrowserEntry(path.join(here, 'entry.ts'));
  return bundle;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>FieldDesk sync benchmark</title></head>
<body><script type="module" src="/__bench/entry.js"></script></body></html>`;

export const OUTBOX_CHANGES = 1000;

/**
 * With BENCH_CPU_PROF=<dir>, records a V8 CPU profile of the page around `fn` and writes
 * <dir>/<name>.cpuprofile (open it in Chrome DevTools); otherwise just runs `fn`.
 */
async function profiled<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return fn();
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

/** Runs the browser metrics against a server listening at `origin`. */
export async function measureBrowser(origin: string, store: StoreName, username: string, raw: RawStore): Promise<void> {
  let launch;
  try {
    launch = chromiumLaunchOptions();
  } catch (error) {
    for (const m of ['initial_sync_records_per_s', 'outbox_1000_ms']) skip(m, store, (error as Error).message);
    return;
  }
  const code = await bundleEntry();
  const browser = await chromium.launch(launch);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`browser page error: ${e.message}`));
    await page.route(`${origin}/__bench/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/__bench/entry.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code });
      return route.fulfill({ status: 200, contentType: 'text/html', body: PAGE });
    });
    await page.goto(`${origin}/__bench/index.html`);
    await page.waitForFunction(() => 'fielddeskBench' in window);

    const sync = await profiled(page, `browser-initial-sync-${store}`, () =>
      page.evaluate(([u, p]) => window.fielddeskBench.initialSync(u, p), [username, DEMO_PASSWORD] as const),
    );
    if (sync.state !== 'idle') throw new Error(`The initial sync ended in state "${sync.state}": ${sync.message ?? 'no message'}`);
    const syncRate = (sync.records / sync.ms) * 1000;
    // Reference: the same records bulkPut by Dexie alone into an empty replica, same browser.
    const rawDexie = await page.evaluate(() => window.fielddeskBench.rawDexie());
    ratioMetric({
      metric: 'initial_sync_records_per_s',
      store,
      value: syncRate,
      unit: 'records/s',
      reference: 'raw Dexie bulkPut of the same records (one call per table) into an empty replica, same browser',
      reference_value: (rawDexie.records / rawDexie.ms) * 1000,
      target: 0.5,
      direction: 'min',
      absolute_target: 20_000,
      transport: 'http',
      where: 'chromium',
      records: sync.records,
      ms: Math.round(sync.ms),
      pages: sync.pulls,
      waiting_for_server_ms: Math.round(sync.pullWaitMs),
      applying_in_browser_ms: Math.round(sync.ms - sync.pullWaitMs),
      tables: sync.counts,
      raw_ms: Math.round(rawDexie.ms),
      raw_ms_by_table: rawDexie.tableMs,
    });

    const out = await profiled(page, `browser-outbox-${store}`, () => page.evaluate((n) => window.fielddeskBench.outbox(n), OUTBOX_CHANGES));
    if (out.left !== 0 || out.state !== 'idle') {
      log(`outbox on ${store}: ${out.left} ops left, state ${out.state}: ${out.message ?? ''}`);
    }
    // Reference: the least the flush must write — the same tickets, as settled, bulkPut back into
    // the replica by Dexie alone, and the same rows written on the server's store by its driver
    // alone (prepared UPDATEs, one transaction).
    const settle = await page.evaluate((ids) => window.fielddeskBench.rawSettle(ids), out.ticketIds);
    const serverRows = await raw.rowsById('tickets', out.ticketIds);
    const serverMs = (await raw.updateRows('tickets', serverRows, serverRows.length)).reduce((a, b) => a + b, 0);
    ratioMetric({
      metric: 'outbox_1000_ms',
      store,
      value: out.pushMs,
      unit: 'ms',
      reference: `raw writes of the same ${out.ticketIds.length} tickets: Dexie bulkPut into the replica + prepared-statement writes on the ${store} store in one transaction`,
      reference_value: settle.ms + serverMs,
      target: 15,
      direction: 'max',
      absolute_target: 1000,
      transport: 'http',
      reference_dexie_ms: Math.round(settle.ms),
      reference_store_ms: Math.round(serverMs),
      where: 'chromium',
      changes: out.queued,
      left_in_outbox: out.left,
      rejected: out.rejected,
      conflicts: out.conflicts,
      pushes: out.pushes,
      waiting_for_server_ms: Math.round(out.pushWaitMs),
      settling_in_browser_ms: Math.round(out.pushMs - out.pushWaitMs),
      local_write_ms: Math.round(out.localWriteMs),
      with_following_pull_ms: Math.round(out.withPullMs),
    });
    await context.close();
  } finally {
    await browser.close();
  }
}
