/**
 * npm run bench:sync — the sync benchmarks of issue 3, on SQLite and PostgreSQL, against
 * the real server (server/src/app.ts createServer). One JSON object per line on stdout,
 * then a summary line; see bench/README.md for what each metric measures.
 *
 * Environment (all optional):
 *   BENCH_STORES       sqlite,postgres (default both; PostgreSQL is skipped with the reason
 *                      printed when FIELDDESK_TEST_PG_URL / the default is unreachable)
 *   BENCH_RECORDS      records to seed for pull and initial sync (default 100000)
 *   BENCH_DURATION_S   length of the 50-client load (default 60)
 *   BENCH_THINK_MS     pause of each simulated client between iterations, "min,max" ms
 *                      (default 250,750)
 *   BENCH_ONLY         comma list of groups to run: server, browser, clients (default all)
 *   BENCH_CPU_PROF     a directory: V8 CPU profiles of the 50-client server child and of
 *                      the browser steps are written there
 *   BENCH_SQL_STATS=1  print the SQL statements by total time after each metric (stderr)
 */
import { createServer, type FieldDeskServer } from '../server/src/app';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { measureClients } from './clients/run';
import { measureBrowser } from './initial-sync/run';
import { failure, log, skip, summary, type StoreName } from './lib/report';
import { findTechnician, seedRecords } from './lib/seed';
import { openRawStore } from './lib/raw-store';
import { installSqlStats, reportSqlStats, resetSqlStats } from './lib/sql-stats';
import { measurePull, measurePush } from './lib/server-metrics';
import { benchConfig, cleanupStores, newStore, probePostgres } from './lib/stores';

const env = process.env;
const RECORDS = Number(env.BENCH_RECORDS ?? 100_000);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 60);
const STORES = (env.BENCH_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as StoreName[];
const ONLY = new Set((env.BENCH_ONLY ?? 'server,browser,clients').split(',').map((s) => s.trim()));
const THINK_MS = (env.BENCH_THINK_MS ?? '250,750').split(',').map(Number) as [number, number];
const PUSH_BATCHES = 10;
const CLIENTS = 50;
const TECHNICIANS = ['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6'];

if (!Number.isInteger(RECORDS) || RECORDS < 10_000) throw new Error(`BENCH_RECORDS=${env.BENCH_RECORDS} must be a whole number of at least 10000.`);
if (!(DURATION_S > 0 && DURATION_S <= 600)) throw new Error(`BENCH_DURATION_S=${env.BENCH_DURATION_S} must be between 1 and 600 seconds.`);
if (THINK_MS.length !== 2 || !THINK_MS.every((n) => Number.isFinite(n) && n >= 0) || THINK_MS[0] > THINK_MS[1]) {
  throw new Error(`BENCH_THINK_MS=${env.BENCH_THINK_MS} must be "min,max" in milliseconds, e.g. 250,750.`);
}
for (const s of STORES) if (s !== 'sqlite' && s !== 'postgres') throw new Error(`BENCH_STORES names "${s}"; expected sqlite and/or postgres.`);

/** Seeds RECORDS records, then push, pull (inject) and the browser metrics (HTTP) on one server. */
async function dataMetrics(kind: StoreName): Promise<void> {
  const benchStore = await newStore(kind);
  const server: FieldDeskServer = await createServer(benchConfig(benchStore));
  // The driver alone on the same store: the references of push, pull and the outbox.
  const raw = await openRawStore(benchStore);
  try {
    const target = await findTechnician(server.db, 'tech1');
    const tickets = Math.round(RECORDS * 0.5);
    const assets = Math.round(RECORDS * 0.3);
    const seed = await seedRecords(server.store, target, { ticket: tickets, asset: assets, configuration_item: RECORDS - tickets - assets });
    log(`${kind}: seeded ${JSON.stringify(seed.counts)} in ${Math.round(seed.ms)} ms${seed.notes.length ? ` (${seed.notes.join('; ')})` : ''}`);

    if (ONLY.has('server')) {
      resetSqlStats();
      try {
        await measurePull(server, raw, kind, target.username, RECORDS);
      } catch (error) {
        failure('pull_records_per_s', kind, error);
      }
      reportSqlStats(`pull_records_per_s on ${kind}`);
      try {
        await measurePush(server, raw, kind, target.username, seed.ticketIds, PUSH_BATCHES);
      } catch (error) {
        failure('push_ops_per_s', kind, error);
      }
      reportSqlStats(`push_ops_per_s on ${kind}`);
    }
    if (ONLY.has('browser')) {
      try {
        await server.app.listen({ host: '127.0.0.1', port: 0 });
        const address = server.app.server.address();
        if (!address || typeof address === 'string') throw new Error('The server has no TCP address.');
        resetSqlStats();
        await measureBrowser(`http://127.0.0.1:${address.port}`, kind, target.username, raw);
      } catch (error) {
        failure('initial_sync_records_per_s', kind, error);
      }
      reportSqlStats(`the browser metrics on ${kind} (server side)`);
    }
  } finally {
    await raw.close();
    await server.close();
  }
}

/** Seeds tickets for every technician, then runs the 50-client load on a server child process. */
async function clientMetrics(kind: StoreName): Promise<void> {
  const store = await newStore(kind);
  const ticketsByUser = new Map<string, { id: string; rev: number; status: Ticket['status'] }[]>();
  const server = await createServer(benchConfig(store));
  try {
    for (const username of TECHNICIANS) {
      const target = await findTechnician(server.db, username);
      const seed = await seedRecords(server.store, target, { ticket: 1000, asset: 0, configuration_item: 0 });
      const rows = await server.db.selectFrom('tickets').select(['id', 'rev', 'status']).where('id', 'in', seed.ticketIds).execute();
      ticketsByUser.set(
        username,
        rows.map((r) => ({ id: r.id, rev: Number(r.rev), status: r.status })),
      );
    }
  } finally {
    await server.close();
  }
  await measureClients(store, kind, { clients: CLIENTS, durationS: DURATION_S, opsPerPush: 10, thinkMs: THINK_MS, usernames: TECHNICIANS }, ticketsByUser);
}

async function main(): Promise<number> {
  const started = performance.now();
  installSqlStats();
  log(`sync benchmarks: ${RECORDS} records, ${DURATION_S} s client load, stores ${STORES.join(', ')}; this machine may be busy with other work, so figures are noisy`);
  try {
    for (const kind of STORES) {
      if (kind === 'postgres') {
        const why = await probePostgres();
        if (why) {
          for (const m of ['pull_records_per_s', 'push_ops_per_s', 'initial_sync_records_per_s', 'outbox_1000_ms', 'clients_50_p99_push_ms']) {
            skip(m, kind, why);
          }
          continue;
        }
      }
      if (ONLY.has('server') || ONLY.has('browser')) await dataMetrics(kind);
      if (ONLY.has('clients')) {
        try {
          await clientMetrics(kind);
        } catch (error) {
          failure('clients_50_p99_push_ms', kind, error);
        }
      }
    }
  } finally {
    await cleanupStores();
  }
  return summary(performance.now() - started);
}

process.exitCode = await main();
