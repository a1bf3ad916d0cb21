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
 *   assets_filter_ms        skipped: the Assets list does not exist yet
 *   licence_compliance_ms   skipped: licences are not synced yet
 *
 * Needs a build (`npm run build`: out/renderer and server/dist) and Debian's Chromium.
 *
 * Environment (all optional):
 *   BENCH_IMPACT_RUNS   timed openings of each view (default 7), after one untimed each
 *   BENCH_USER          the signed-in user (default desk1, who sees every site)
 *   BENCH_SCREENSHOTS   a directory: a screenshot of the 500-CI impact view
 *   BENCH_CPU_PROF      a directory: a V8 CPU profile of one more opening of the 500-CI view,
 *                       its hottest functions printed to stderr
 *   BENCH_TRACE         a directory: a Chrome trace of that opening, main-thread time by event
 *   BENCH_KEEP_WORKDIR  keep the run's work directory (server log, data, web build copy)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RENDERER_DIR, REPO_ROOT } from '../e2e/support/server';
import { failure, log, metric, skip, summary } from './lib/report';
import { startServer } from './workspace/server';
import { measureImpactView, type ImpactRun } from './assets/browser';

const env = process.env;
const DEMO_PASSWORD = 'fielddesk-demo';
const BENCH = 'bench:assets';

/** Targets (see bench/README.md for why). */
const IMPACT_RATIO_TARGET = 10;
const IMPACT_ABSOLUTE_TARGET_MS = 500;
const TRAVERSAL_SHARE_TARGET = 0.1;

function whole(name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw} must be a whole number from ${min} to ${max}.`);
  return value;
}

const RUNS = whole('BENCH_IMPACT_RUNS', 7, 1, 50);
const USER = env.BENCH_USER ?? 'desk1';

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

async function main(): Promise<number> {
  const started = performance.now();
  log(`assets benchmarks: impact view of 500 CIs vs one neighbour, ${RUNS} openings each, as ${USER}; figures are noisy when the machine is busy`);
  try {
    await impactMetrics();
  } catch (error) {
    failure('impact_view_ms', undefined, error);
  }
  skip('assets_filter_ms', undefined, 'the Assets list screen does not exist yet: there is no list to filter (assets open only one at a time, /assets/:id)');
  skip('licence_compliance_ms', undefined, 'licences are not synced to the app yet: there is no replica table of licences to compute compliance from');
  return summary(performance.now() - started, BENCH);
}

process.exitCode = await main();
