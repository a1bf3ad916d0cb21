/**
 * npm run bench:assets — the asset and CMDB benchmarks of issue 13. One JSON object per line on
 * stdout, then a summary; exit code 1 when a measured target is missed. See bench/README.md
 * ("Assets and CMDB: npm run bench:assets") for what each metric measures and its reference.
 *
 *   impact_view_ms          Chromium, web build served by the real server: opening the impact
 *                           view (depth 5) of a service with 500 CIs within reach, click -> the
 *                           frame with every box drawn; reference: the same view of a CI with one
 *                           neighbour, same page, runs interleaved
 *   traversal_share         the walk (impactOf) as a share of impact_view_ms, same runs (in %)
 *   assets_filter_ms        Chromium, same build and server: changing a filter of the Assets list
 *                           over 50,000 assets (keystrokes in its search, picks of a state and a
 *                           model), median; reference: the ticket queue's filter (keystrokes in
 *                           "Filter tickets", queue "All") over 50,000 tickets, same page, rounds
 *                           alternating
 *   licence_compliance_ms   Node, on the server's stores (SQLite, PostgreSQL): the server's
 *                           complianceFor (GET /api/licences/compliance) over STORED licences,
 *                           seats, holders and 20,000 generated assets' installs, 2,000 titles;
 *                           reference: one plain SQL GROUP BY (devices per name and publisher)
 *                           over the same rows, same store, rounds interleaved
 *
 * impact_view_ms needs a build (`npm run build`: out/renderer and server/dist) and Debian's
 * Chromium; licence_compliance_ms needs neither (PostgreSQL is skipped when unreachable).
 *
 * Environment (all optional):
 *   BENCH_IMPACT_RUNS   timed openings of each view (default 7), after one untimed each
 *   BENCH_USER          the signed-in user (default desk1, who sees every site)
 *   BENCH_SCREENSHOTS   a directory: a screenshot of the 500-CI impact view
 *   BENCH_CPU_PROF      a directory: a V8 CPU profile of one more opening of the 500-CI view,
 *                       its hottest functions printed to stderr
 *   BENCH_TRACE         a directory: a Chrome trace of that opening, main-thread time by event
 *   BENCH_KEEP_WORKDIR  keep the run's work directory (server log, data, web build copy)
 *   BENCH_ONLY          impact,filter,compliance (default all three)
 *   BENCH_LIST_RECORDS  assets, and tickets, in the replica for assets_filter_ms (default 50000)
 *   BENCH_FILTER_ROUNDS timed rounds of assets_filter_ms, each list once per round (default 2)
 *   BENCH_STORES        sqlite,postgres for licence_compliance_ms (default both)
 *   BENCH_LICENCE_TITLES / BENCH_LICENCE_ASSETS / BENCH_LICENCE_ROUNDS
 *                       generated titles (2000), assets (20000), timed rounds (5)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RENDERER_DIR, REPO_ROOT } from '../e2e/support/server';
import { failure, log, metric, skip, summary, type StoreName } from './lib/report';
import { cleanupStores, probePostgres } from './lib/stores';
import { startServer } from './workspace/server';
import { measureImpactView, type ImpactRun } from './assets/browser';
import { measureAssetsFilter } from './assets/list-browser';
import { measureCompliance } from './assets/compliance';
import { generateLicenceEstate } from './assets/licence-data';

const env = process.env;
const DEMO_PASSWORD = 'fielddesk-demo';
const BENCH = 'bench:assets';

/** Targets (see bench/README.md for why). */
const IMPACT_RATIO_TARGET = 10;
const IMPACT_ABSOLUTE_TARGET_MS = 500;
const TRAVERSAL_SHARE_TARGET = 0.1;
const COMPLIANCE_RATIO_TARGET = 3;
const FILTER_RATIO_TARGET = 1;
const FILTER_ABSOLUTE_TARGET_MS = 100;

function whole(name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw} must be a whole number from ${min} to ${max}.`);
  return value;
}

const RUNS = whole('BENCH_IMPACT_RUNS', 7, 1, 50);
const USER = env.BENCH_USER ?? 'desk1';
const LIST_RECORDS = whole('BENCH_LIST_RECORDS', 50_000, 100, 500_000);
const FILTER_ROUNDS = whole('BENCH_FILTER_ROUNDS', 2, 1, 20);
const LICENCE_TITLES = whole('BENCH_LICENCE_TITLES', 2000, 10, 100_000);
const LICENCE_ASSETS = whole('BENCH_LICENCE_ASSETS', 20_000, 10, 1_000_000);
const LICENCE_ROUNDS = whole('BENCH_LICENCE_ROUNDS', 5, 1, 50);
/** Installs per asset, drawn uniformly (distinct titles from a Zipf-like popularity). */
const INSTALLS_PER_ASSET = [30, 120] as const;

function list(name: string, allowed: readonly string[]): Set<string> {
  const raw = env[name];
  const values = raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [...allowed];
  for (const v of values) if (!allowed.includes(v)) throw new Error(`${name}=${raw}: "${v}" is not one of ${allowed.join(', ')}.`);
  return new Set(values);
}
const ONLY = list('BENCH_ONLY', ['impact', 'filter', 'compliance']);
const STORES = list('BENCH_STORES', ['sqlite', 'postgres']) as Set<StoreName>;

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (x: number) => Math.round(x * 10) / 10;

/** The median of one part over the runs that measured it (null when none did). */
function part(runs: readonly ImpactRun[], key: keyof Omit<ImpactRun, 'nodes' | 'visibleNodes'>): number | null {
  const values = runs.map((r) => r[key]).filter((v): v is number => v !== null);
  return values.length === 0 ? null : ms(median(values));
}

function split(runs: readonly ImpactRun[]) {
  return {
    route_ms: part(runs, 'route'),
    read_ms: part(runs, 'read'),
    traversal_ms: part(runs, 'traversal'),
    rows_ms: part(runs, 'rows'),
    before_layout_ms: part(runs, 'beforeLayout'),
    layout_ms: part(runs, 'layout'),
    draw_ms: part(runs, 'draw'),
  };
}

function machine() {
  return { load_avg_1m: Math.round(os.loadavg()[0]! * 10) / 10, cpus: os.cpus().length };
}

function missingBuild(): string | null {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return `no web build at ${RENDERER_DIR}: run "npm run build" first`;
  if (!fs.existsSync(path.join(REPO_ROOT, 'server/dist/main.js'))) return 'no server build at server/dist/main.js: run "npm run build" first';
  return null;
}

async function impactMetrics(): Promise<void> {
  const missing = missingBuild();
  if (missing) {
    skip('impact_view_ms', undefined, missing);
    skip('traversal_share', undefined, missing);
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-bench-assets-'));
  const server = await startServer(work);
  log(`server at ${server.url}, serving a copy of ${RENDERER_DIR}; its log: ${path.join(work, 'server.log')}`);
  try {
    const { seed, big, reference } = await measureImpactView({
      origin: server.url,
      username: USER,
      password: DEMO_PASSWORD,
      runs: RUNS,
      screenshotDir: env.BENCH_SCREENSHOTS ? path.resolve(env.BENCH_SCREENSHOTS) : null,
      cpuProfDir: env.BENCH_CPU_PROF ? path.resolve(env.BENCH_CPU_PROF) : null,
      webDir: server.webDir,
    });
    const value = median(big.map((r) => r.total));
    const referenceValue = median(reference.map((r) => r.total));
    const bigSplit = split(big);
    // Per run, the walk's share of that run's total; the median of those.
    const shares = big.filter((r) => r.traversal !== null).map((r) => r.traversal! / r.total);
    const share = median(shares);
    metric({
      metric: 'impact_view_ms',
      value,
      unit: 'ms',
      reference: 'the same impact view (depth 5) of a CI with one neighbour, same page, openings interleaved, median: the screen’s fixed cost',
      reference_value: referenceValue,
      target: IMPACT_RATIO_TARGET,
      direction: 'max',
      absolute_target: IMPACT_ABSOLUTE_TARGET_MS,
      transport: 'http',
      where: 'chromium',
      user: USER,
      depth: 5,
      nodes: seed.expected.nodes,
      edges: seed.expected.edges,
      reference_nodes: seed.expected.referenceNodes,
      replica: { configuration_items: seed.synced.configurationItems + seed.generated.configurationItems, ci_relations: seed.synced.ciRelations + seed.generated.ciRelations },
      runs: big.map((r) => ms(r.total)),
      reference_runs: reference.map((r) => ms(r.total)),
      split: bigSplit,
      reference_split: split(reference),
      traversal_share: Number(share.toPrecision(3)),
      ...machine(),
    });
    // In percent: the lines keep two decimals, and the share is a fraction of a percent.
    metric({
      metric: 'traversal_share',
      value: share * 100,
      unit: '% of impact_view_ms',
      target: TRAVERSAL_SHARE_TARGET * 100,
      direction: 'max',
      transport: 'http',
      where: 'chromium',
      traversal_share: Number(share.toPrecision(3)),
      traversal_ms: bigSplit.traversal_ms,
      total_ms: ms(value),
      runs: shares.map((s) => Number(s.toPrecision(3))),
      ...machine(),
    });
  } finally {
    await server.stop();
    if (!env.BENCH_KEEP_WORKDIR) fs.rmSync(work, { recursive: true, force: true });
    else log(`work directory kept: ${work}`);
  }
}

async function filterMetric(): Promise<void> {
  const missing = missingBuild();
  if (missing) return skip('assets_filter_ms', undefined, missing);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-bench-assets-list-'));
  const server = await startServer(work);
  log(`assets_filter_ms: server at ${server.url}; ${LIST_RECORDS} assets and ${LIST_RECORDS} tickets in ${USER}'s replica, ${FILTER_ROUNDS} rounds`);
  try {
    const m = await measureAssetsFilter({ origin: server.url, username: USER, password: DEMO_PASSWORD, records: LIST_RECORDS, rounds: FILTER_ROUNDS });
    const mine = [...m.typed, ...m.picked];
    if (mine.length === 0) return failure('assets_filter_ms', undefined, new Error('No filter change showed in the Assets list (typed and picked; nothing changed the rows).'));
    if (m.queue.length === 0) return failure('assets_filter_ms', undefined, new Error('No filter change showed in the ticket queue (the reference).'));
    metric({
      metric: 'assets_filter_ms',
      value: median(mine.map((x) => x.ms)),
      unit: 'ms',
      reference: `the ticket queue's filter change (each keystroke of "printer", "vpn", "outlook" in "Filter tickets", queue "All") over ${m.seed.total.tickets} tickets, same page, same probe, rounds alternating; median`,
      reference_value: median(m.queue.map((x) => x.ms)),
      target: FILTER_RATIO_TARGET,
      direction: 'max',
      absolute_target: FILTER_ABSOLUTE_TARGET_MS,
      transport: 'http',
      where: 'chromium',
      user: USER,
      replica: m.seed.total,
      changes: mine.length,
      typed_median_ms: ms(median(m.typed.map((x) => x.ms))),
      picked_median_ms: m.picked.length ? ms(median(m.picked.map((x) => x.ms))) : null,
      max_ms: ms(Math.max(...mine.map((x) => x.ms))),
      unchanged_inputs: m.unchanged,
      samples: mine.map((x) => `${x.what}:${Math.round(x.ms)}`),
      reference_samples: m.queue.map((x) => `${x.what}:${Math.round(x.ms)}`),
      ...machine(),
    });
  } finally {
    await server.stop();
    if (!env.BENCH_KEEP_WORKDIR) fs.rmSync(work, { recursive: true, force: true });
    else log(`work directory kept: ${work}`);
  }
}

async function complianceMetrics(): Promise<void> {
  const generated = performance.now();
  const estate = generateLicenceEstate({ titles: LICENCE_TITLES, assets: LICENCE_ASSETS, installsPerAsset: INSTALLS_PER_ASSET });
  log(
    `licence_compliance_ms: generated ${LICENCE_TITLES} titles, ${LICENCE_ASSETS} assets, ${estate.installs.length} installs, ${estate.licences.length} licences ` +
      `(${estate.licensedTitles} titles, ${estate.perUserTitles} per user), ${estate.assignments.length} seat assignments, ${estate.holders.size} held devices in ${Math.round(performance.now() - generated)} ms`,
  );
  for (const store of ['sqlite', 'postgres'] as const) {
    if (!STORES.has(store)) continue;
    if (store === 'postgres') {
      const unreachable = await probePostgres();
      if (unreachable) {
        skip('licence_compliance_ms', store, unreachable);
        continue;
      }
    }
    try {
      const m = await measureCompliance(store, estate, LICENCE_ROUNDS);
      const value = median(m.runs.map((r) => r.totalMs));
      const licensed = m.result.filter((t) => t.kind !== null);
      metric({
        metric: 'licence_compliance_ms',
        store,
        value,
        unit: 'ms',
        reference:
          'one plain SQL "select name, publisher, count(distinct asset_id) from software_installs group by name, publisher" over the same installs, same store, rounds interleaved, median',
        reference_value: median(m.runs.map((r) => r.referenceMs)),
        target: COMPLIANCE_RATIO_TARGET,
        direction: 'max',
        where: 'node',
        titles: LICENCE_TITLES,
        assets: LICENCE_ASSETS,
        installs: m.installsStored,
        licences: estate.licences.length,
        seat_assignments: estate.assignments.length,
        split: { read_ms: ms(median(m.runs.map((r) => r.readMs))), compute_ms: ms(median(m.runs.map((r) => r.computeMs))) },
        runs: m.runs.map((r) => ms(r.totalMs)),
        reference_runs: m.runs.map((r) => ms(r.referenceMs)),
        result: {
          titles: m.result.length,
          licensed_titles: licensed.length,
          over_used_titles: licensed.filter((t) => t.overUsed > 0).length,
          mixed_titles: licensed.filter((t) => t.kind === 'mixed').length,
          reference_rows: m.referenceRows,
        },
        load_ms: Math.round(m.loadMs),
        ...machine(),
      });
    } catch (error) {
      failure('licence_compliance_ms', store, error);
    }
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  log(
    `assets benchmarks (${[...ONLY].join(', ')}): impact view of 500 CIs vs one neighbour, ${RUNS} openings each, as ${USER}; ` +
      `licence compliance of ${LICENCE_TITLES} titles over ${LICENCE_ASSETS} assets on ${[...STORES].join(', ')}, ${LICENCE_ROUNDS} rounds; figures are noisy when the machine is busy`,
  );
  if (ONLY.has('impact')) {
    try {
      await impactMetrics();
    } catch (error) {
      failure('impact_view_ms', undefined, error);
    }
  }
  if (ONLY.has('filter')) {
    try {
      await filterMetric();
    } catch (error) {
      failure('assets_filter_ms', undefined, error);
    }
  }
  if (ONLY.has('compliance')) {
    try {
      await complianceMetrics();
    } finally {
      await cleanupStores();
    }
  }
  return summary(performance.now() - started, BENCH);
}

process.exitCode = await main();
