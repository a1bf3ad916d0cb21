/**
 * npm run bench:workspace — the technician workspace benchmarks of issue 4. One JSON object
 * per line on stdout, then a summary; exit code 1 when a measured target is missed. See
 * bench/README.md for exactly what each metric measures.
 *
 *   start_to_queue_ms   Chromium, web build served by the real server, 100,000 tickets in the
 *                       replica: navigation -> interactive queue showing rows (median of runs)
 *   queue_filter_ms     a queue filter change over those tickets -> rows updated (median)
 *   search_p95_ms       a Ctrl+K search keystroke -> results rendered, over 100,000 tickets +
 *                       5,000 articles + 20,000 assets (p95)
 *   sla_compute_per_s   computeSla in Node over 100,000 tickets
 *
 * Needs a build (`npm run build`: out/renderer and server/dist) and Debian's Chromium.
 *
 * Environment (all optional):
 *   BENCH_TICKETS / BENCH_ARTICLES / BENCH_ASSETS   replica totals (100000 / 5000 / 20000)
 *   BENCH_START_RUNS     cold starts to measure (default 5)
 *   BENCH_ONLY           comma list of start, filter, search (together: browser), sla (default all)
 *   BENCH_USER           the signed-in technician (default tech1)
 *   BENCH_CPU_PROF       a directory: V8 CPU profiles of the first start, the filter and the search
 *   BENCH_SCREENSHOTS    a directory: screenshots of the queue and the search results
 *   BENCH_PROFILE_DIR    keep the Chromium profile (the seeded device) here, and the run's
 *                        work directory (server log, web build copy), instead of deleting them
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RENDERER_DIR, REPO_ROOT } from '../e2e/support/server';
import { measureWorkspaceBrowser } from './workspace/browser';
import { failure, log, skip, summary } from './workspace/report';
import { startServer } from './workspace/server';
import { measureSla } from './workspace/sla';

const env = process.env;
const DEMO_PASSWORD = 'fielddesk-demo';

function whole(name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw} must be a whole number from ${min} to ${max}.`);
  return value;
}

const TOTALS = { tickets: whole('BENCH_TICKETS', 100_000, 1_000, 1_000_000), articles: whole('BENCH_ARTICLES', 5_000, 0, 100_000), assets: whole('BENCH_ASSETS', 20_000, 0, 200_000) };
const START_RUNS = whole('BENCH_START_RUNS', 5, 1, 50);
const GROUPS = ['start', 'filter', 'search', 'sla'] as const;
type BenchGroup = (typeof GROUPS)[number];
/** "browser" is start, filter and search. */
const ONLY = new Set<BenchGroup>(
  (env.BENCH_ONLY ?? 'browser,sla')
    .split(',')
    .map((s) => s.trim())
    .flatMap((o) => {
      if (o === 'browser') return ['start', 'filter', 'search'] as const;
      if ((GROUPS as readonly string[]).includes(o)) return [o as BenchGroup];
      throw new Error(`BENCH_ONLY names "${o}"; expected a comma list of browser, start, filter, search, sla.`);
    }),
);
const USER = env.BENCH_USER ?? 'tech1';

/** What is missing for the browser metrics, or null when the build is there. */
function missingBuild(): string | null {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return `no web build at ${RENDERER_DIR}: run "npm run build" first`;
  if (!fs.existsSync(path.join(REPO_ROOT, 'server/dist/main.js'))) return 'no server build at server/dist/main.js: run "npm run build" first';
  return null;
}

async function browserMetrics(): Promise<void> {
  const missing = missingBuild();
  if (missing) {
    for (const m of ['start_to_queue_ms', 'queue_filter_ms', 'search_p95_ms']) skip(m, missing);
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-bench-workspace-'));
  const profileDir = env.BENCH_PROFILE_DIR ? path.resolve(env.BENCH_PROFILE_DIR) : path.join(work, 'chromium-profile');
  const server = await startServer(work);
  log(`server at ${server.url}, serving a copy of ${RENDERER_DIR}; its log: ${path.join(work, 'server.log')}`);
  try {
    await measureWorkspaceBrowser({
      origin: server.url,
      webDir: server.webDir,
      username: USER,
      password: DEMO_PASSWORD,
      totals: TOTALS,
      profileDir,
      startRuns: START_RUNS,
      cpuProfDir: env.BENCH_CPU_PROF ? path.resolve(env.BENCH_CPU_PROF) : null,
      screenshotDir: env.BENCH_SCREENSHOTS ? path.resolve(env.BENCH_SCREENSHOTS) : null,
      only: { start: ONLY.has('start'), filter: ONLY.has('filter'), search: ONLY.has('search') },
    });
  } finally {
    await server.stop();
    if (!env.BENCH_PROFILE_DIR) fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  log(`workspace benchmarks: ${JSON.stringify(TOTALS)} in the replica of ${USER}, ${START_RUNS} cold starts; figures are noisy when the machine is busy`);
  if (ONLY.has('start') || ONLY.has('filter') || ONLY.has('search')) {
    try {
      await browserMetrics();
    } catch (error) {
      failure('start_to_queue_ms', error);
    }
  }
  if (ONLY.has('sla')) {
    try {
      measureSla(100_000, 7);
    } catch (error) {
      failure('sla_compute_per_s', error);
    }
  }
  return summary(performance.now() - started);
}

process.exitCode = await main();
