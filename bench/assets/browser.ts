/**
 * The browser half of bench:assets: Debian's Chromium against the real FieldDesk server serving
 * the web build, as desk staff use it, on a replica seeded with the generated service tree
 * (seed-entry.ts). One browser, one page for the whole run: the impact view is opened again and
 * again from a CI's screen, the 500-CI service and the one-neighbour reference in turn.
 *
 * Each opening: a link to `#/cis/<id>/impact?depth=5` (put on the page by the bench, as the
 * ticket's "What does this outage affect?" link is) is clicked; the time runs from the click's
 * pointerdown (its event timeStamp) to the end of the first frame in which React Flow shows every
 * box (the impact graph's `data-drawn="true"` with `data-nodes` = the CIs of the view), taken by
 * bench/workspace/probe.ts's frame timing. The split comes from the screen's own User Timing
 * measures (renderer/src/features/cmdb/impact/timing.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { bundleBrowserEntry, seedPage } from '../lib/browser-bundle';
import { installProbe, type ProbeOptions, type WatchResult } from '../workspace/probe';
import { summarizeProfile } from '../workspace/profile-summary';
import { traced } from '../workspace/trace';
import { log } from '../lib/report';
import { IMPACT_MEASURES } from '../../renderer/src/features/cmdb/impact/timing';
import { IMPACT_DEPTH } from './data';
import type { AssetsSeedResult } from './seed-entry';

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWPORT = { width: 1440, height: 900 };
/** The app opens on the queue; the probe's start-up watch ends there (nothing else is watched meanwhile). */
const PROBE: ProbeOptions = { rowSelector: '[data-testid="ticket-row"]', filterSelector: 'input[aria-label="Filter tickets"]', marks: {} };
const DRAWN = '[data-testid="impact-graph-drawn"]';
const OPEN_LINK_ID = 'fd-bench-open-impact';

export interface ImpactBrowserOptions {
  origin: string;
  username: string;
  password: string;
  runs: number;
  screenshotDir: string | null;
  /** A V8 CPU profile of one more opening of the 500-CI view is written here when set (BENCH_CPU_PROF). */
  cpuProfDir: string | null;
  /** The web build the server serves (to show the code of the hottest functions). */
  webDir: string;
}

/** One opening of the impact view, in ms; a part is null when its measure was not taken in this opening. */
export interface ImpactRun {
  total: number;
  /** Click → loadImpact starts (the route change, the screen, the CI read). */
  route: number | null;
  /** loadImpact less the walk and the rows: reading the replica (relations step by step, CIs, sites, incidents, scheduled changes). */
  read: number | null;
  /** impactView: impactOf over the relations read. */
  traversal: number | null;
  /** impactRows: the list's rows. */
  rows: number | null;
  /** loadImpact's end → layout starts: the live query answering, React rendering down to the graph. */
  beforeLayout: number | null;
  /** dagre. */
  layout: number | null;
  /** Layout's end → the frame with every box drawn: React Flow and the table rendering, measuring the boxes, style, layout, paint. */
  draw: number | null;
  nodes: number;
  visibleNodes: number;
}

export interface ImpactMeasurement {
  seed: AssetsSeedResult;
  big: ImpactRun[];
  reference: ImpactRun[];
}

const SEED_PAGE = seedPage('FieldDesk assets benchmark seed');

/** Opens a route of the app in place (a hash route: no reload). */
async function goToRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#${route}`);
}

/** One timed opening of the impact view of `ciId`, from that CI's screen. */
async function openImpact(page: Page, ciId: string, expectedNodes: number): Promise<ImpactRun> {
  await goToRoute(page, `/cis/${ciId}`);
  await page.locator('[data-testid="ci-screen"] [data-testid="relationships-section"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="impact-screen"]').waitFor({ state: 'detached', timeout: 30_000 });
  await page.waitForTimeout(300); // the CI screen's own reads settle
  await page.evaluate(
    ([id, href]) => {
      document.getElementById(id)?.remove();
      const a = document.createElement('a');
      a.id = id;
      a.href = href;
      a.textContent = 'Open the impact view';
      a.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:100000;background:#fff;padding:4px 8px';
      document.body.append(a);
    },
    [OPEN_LINK_ID, `#/cis/${ciId}/impact?depth=${IMPACT_DEPTH}`] as const,
  );
  await page.evaluate(([selector, nodes]) => window.__fdProbe!.watch(selector, null, { selector, attrs: { 'data-drawn': 'true', 'data-nodes': nodes } }), [DRAWN, String(expectedNodes)] as const);
  await page.click(`#${OPEN_LINK_ID}`);
  const deadline = Date.now() + 120_000;
  let result: WatchResult;
  for (;;) {
    result = await page.evaluate(() => window.__fdProbe!.result());
    if (result.doneAt !== null && result.inputAt !== null) break;
    if (Date.now() > deadline) throw new Error(`The impact view of ${ciId} did not draw its ${expectedNodes} boxes within 120 s (${JSON.stringify(result)}).`);
    await page.waitForTimeout(50);
  }
  const inputAt = result.inputAt!;
  const doneAt = result.doneAt!;
  const seen = await page.evaluate(
    ([names, id]) => {
      // No named functions in here: tsx would wrap them in a __name() the page lacks.
      document.getElementById(id)?.remove();
      const [load, traversal, rows, layout] = [names.load, names.traversal, names.rows, names.layout]
        .map((name) => performance.getEntriesByName(name, 'measure').at(-1))
        .map((e) => (e ? { start: e.startTime, end: e.startTime + e.duration } : null));
      const boxes = Array.from(document.querySelectorAll('.react-flow__node'));
      return {
        load: load ?? null,
        traversal: traversal ?? null,
        rows: rows ?? null,
        layout: layout ?? null,
        nodes: document.querySelectorAll('[data-testid="impact-node"]').length,
        visibleNodes: boxes.filter((b) => getComputedStyle(b).visibility !== 'hidden').length,
      };
    },
    [IMPACT_MEASURES, OPEN_LINK_ID] as const,
  );
  // Only measures taken during this opening count.
  const mine = (m: { start: number; end: number } | null) => (m && m.start >= inputAt && m.end <= doneAt ? m : null);
  const load = mine(seen.load);
  const traversal = mine(seen.traversal);
  const rows = mine(seen.rows);
  const layout = mine(seen.layout);
  const span = (m: { start: number; end: number } | null) => (m ? m.end - m.start : null);
  if (seen.visibleNodes !== expectedNodes || seen.nodes !== expectedNodes) {
    throw new Error(`The impact view of ${ciId} showed ${seen.visibleNodes} visible boxes (${seen.nodes} in the page), expected ${expectedNodes}.`);
  }
  return {
    total: doneAt - inputAt,
    route: load ? load.start - inputAt : null,
    read: load && traversal && rows ? span(load)! - span(traversal)! - span(rows)! : null,
    traversal: span(traversal),
    rows: span(rows),
    beforeLayout: load && layout ? layout.start - load.end : null,
    layout: span(layout),
    draw: layout ? doneAt - layout.end : null,
    nodes: seen.nodes,
    visibleNodes: seen.visibleNodes,
  };
}

export async function measureImpactView(options: ImpactBrowserOptions): Promise<ImpactMeasurement> {
  const code = await bundleBrowserEntry(path.join(here, 'seed-entry.ts'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    // No service worker: the server serves every file; the worker would only add a reload when it updates.
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    // As source text with a no-op __name: tsx (esbuild keepNames) wraps functions in __name(), which the page lacks.
    await context.addInitScript({ content: `(() => { const __name = (f) => f; (${installProbe.toString()})(${JSON.stringify(PROBE)}); })();` });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`browser page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') log(`browser console error: ${m.text()}`);
    });

    await page.route(`${options.origin}/__bench/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/__bench/seed.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code });
      return route.fulfill({ status: 200, contentType: 'text/html', body: SEED_PAGE });
    });
    await page.goto(`${options.origin}/__bench/seed.html`);
    await page.waitForFunction(() => 'fielddeskAssetsSeed' in window);
    const seed = await page.evaluate(([u, p, now]) => window.fielddeskAssetsSeed.seed(u, p, now), [options.username, options.password, Date.now()] as const);
    log(
      `seeded the replica of ${options.username}: synced ${JSON.stringify(seed.synced)} in ${Math.round(seed.syncMs)} ms, added ${JSON.stringify(seed.generated)}; ` +
        `the impact view at depth ${IMPACT_DEPTH} draws ${seed.expected.nodes} CIs and ${seed.expected.edges} relations (reference: ${seed.expected.referenceNodes} and ${seed.expected.referenceEdges})`,
    );
    await page.unroute(`${options.origin}/__bench/**`);

    // The app, signed in by the seed page's cookie; its first sync brings nothing new.
    await page.goto(`${options.origin}/`);
    await page.waitForFunction(() => window.__fdProbe?.ready ?? null, null, { timeout: 120_000, polling: 100 });
    await page.locator('[data-testid="last-sync"]', { hasText: 'Synced' }).waitFor({ timeout: 120_000 });

    // Warm-up: the impact screen's chunk (React Flow, dagre) and the code paths, once each, untimed.
    await openImpact(page, seed.loneId, seed.expected.referenceNodes);
    await openImpact(page, seed.rootId, seed.expected.nodes);

    const big: ImpactRun[] = [];
    const reference: ImpactRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      // Interleaved, the order alternating, so both see the machine alike.
      const order = i % 2 === 0 ? (['reference', 'big'] as const) : (['big', 'reference'] as const);
      for (const which of order) {
        const run = which === 'big' ? await openImpact(page, seed.rootId, seed.expected.nodes) : await openImpact(page, seed.loneId, seed.expected.referenceNodes);
        (which === 'big' ? big : reference).push(run);
        log(`impact view ${which === 'big' ? `of ${seed.expected.nodes} CIs` : 'reference (1 neighbour)'} run ${i + 1}: ${Math.round(run.total)} ms`);
      }
    }
    // Diagnosis, after the timed runs: one more opening profiled (BENCH_CPU_PROF) and/or traced (BENCH_TRACE).
    if (options.cpuProfDir || process.env.BENCH_TRACE) {
      const cdp = options.cpuProfDir ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const run = await traced(page, 'assets-impact-500', () => openImpact(page, seed.rootId, seed.expected.nodes));
      log(`diagnosed opening: ${Math.round(run.total)} ms ${JSON.stringify(run)}`);
      if (cdp && options.cpuProfDir) {
        const { profile } = await cdp.send('Profiler.stop');
        await cdp.detach().catch(() => undefined);
        fs.mkdirSync(options.cpuProfDir, { recursive: true });
        const file = path.join(options.cpuProfDir, 'assets-impact-500.cpuprofile');
        fs.writeFileSync(file, JSON.stringify(profile));
        const { totalMs, buckets, hot } = summarizeProfile(file, options.webDir, 15);
        log(`CPU profile ${file}: ${totalMs} ms sampled; ${JSON.stringify(buckets)}; most self time:`);
        for (const h of hot) log(`  ${String(h.selfMs).padStart(6)} ms  ${h.name} ${h.where}  ${h.code}`);
      }
    }
    if (options.screenshotDir) {
      fs.mkdirSync(options.screenshotDir, { recursive: true });
      await goToRoute(page, `/cis/${seed.rootId}/impact?depth=${IMPACT_DEPTH}`);
      await page.locator(`${DRAWN}[data-drawn="true"]`).waitFor({ state: 'attached', timeout: 60_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(options.screenshotDir, 'impact-500.png') });
      log(`screenshot: ${path.join(options.screenshotDir, 'impact-500.png')}`);
    }
    await context.close();
    return { seed, big, reference };
  } finally {
    await browser.close();
  }
}
