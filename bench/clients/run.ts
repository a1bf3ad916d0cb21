/**
 * clients_50_p99_push_ms: 50 simulated desktop clients (this process, fetch over HTTP to
 * 127.0.0.1) against ONE server in a separate child process (so the clients' own work does
 * not share the server's event loop). Each client signs in as one of the demo technicians,
 * downloads its replica, then loops until the time is up: push a batch of ticket patches
 * (timed), pull what changed, think for a moment. Bounded in time and stops by itself.
 *
 * Reference (once the server child has stopped, on the same store): the same tickets written
 * back by the database driver alone (lib/raw-store.ts), one transaction of `opsPerPush` rows
 * per push, as many transactions as pushes (at most 1,000); the p99 of those transactions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { PatchMaker, httpTransport, login, pull, push, type Transport } from '../lib/client';
import { openRawStore, percentileOf } from '../lib/raw-store';
import { log, ratioMetric, type StoreName } from '../lib/report';
import type { BenchStore } from '../lib/stores';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ClientsOptions {
  clients: number;
  durationS: number;
  opsPerPush: number;
  /** Pause between iterations: uniform in [min, max] ms. */
  thinkMs: [number, number];
  usernames: string[];
}

async function startServerChild(store: BenchStore): Promise<{ child: ChildProcess; port: number }> {
  const args = ['--import', 'tsx'];
  if (process.env.BENCH_CPU_PROF) args.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
  args.push(path.join(here, 'server-child.ts'));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, BENCH_STORE: JSON.stringify(store) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The server child did not start listening within 60 s.')), 60_000);
    child.once('exit', (code) => reject(new Error(`The server child exited (code ${code}) before listening.`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        reject(new Error(`The server child said "${line}" instead of its port.`));
      }
    });
  });
  return { child, port };
}

async function stopServerChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Target on p99 push ÷ p99 raw write of a push's rows (see bench/README.md). */
const CLIENTS_RATIO_TARGET: Record<StoreName, number> = { sqlite: 1500, postgres: 300 };

/** Raw writes of a push's worth of the same tickets, `transactions` times: p50 and p99 ms. */
async function rawPushReference(
  store: BenchStore,
  ticketsByUser: Map<string, { id: string }[]>,
  perTx: number,
  transactions: number,
): Promise<{ p50: number; p99: number; transactions: number }> {
  const raw = await openRawStore(store);
  try {
    const ids = [...ticketsByUser.values()].flat().map((t) => t.id);
    const stored = await raw.rowsById('tickets', ids);
    if (stored.length === 0) throw new Error('The reference found none of the seeded tickets.');
    const rows = Array.from({ length: transactions * perTx }, (_, i) => stored[i % stored.length]!);
    await raw.updateRows('tickets', rows.slice(0, perTx * 10), perTx); // warm-up: statement caches
    const times = await raw.updateRows('tickets', rows, perTx);
    return { p50: percentileOf(times, 50), p99: percentileOf(times, 99), transactions: times.length };
  } finally {
    await raw.close();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface ClientState {
  t: Transport;
  token: string;
  cursor: string;
  maker: PatchMaker;
}

async function pullAll(c: ClientState): Promise<number> {
  let n = 0;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await pull(c.t, c.token, c.cursor, 1000);
    n += page.changes.length;
    c.cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return n;
}

/**
 * `ticketsByUser`: the tickets each technician may patch; they are split between that
 * technician's clients so no two clients patch one ticket (every patch then applies).
 */
export async function measureClients(store: BenchStore, storeName: StoreName, opts: ClientsOptions, ticketsByUser: Map<string, { id: string; rev: number; status: Ticket['status'] }[]>) {
  const { child, port } = await startServerChild(store);
  try {
    const t = httpTransport(`http://127.0.0.1:${port}`);
    const perUser = new Map<string, number>();
    const assignments = Array.from({ length: opts.clients }, (_, i) => opts.usernames[i % opts.usernames.length] as string);
    for (const u of assignments) perUser.set(u, (perUser.get(u) ?? 0) + 1);
    const seen = new Map<string, number>();

    // Sign in and download each replica (not timed).
    const clients: ClientState[] = [];
    for (const username of assignments) {
      const k = seen.get(username) ?? 0;
      seen.set(username, k + 1);
      const all = ticketsByUser.get(username) ?? [];
      const share = Math.floor(all.length / (perUser.get(username) ?? 1));
      const mine = all.slice(k * share, (k + 1) * share);
      if (mine.length < opts.opsPerPush) throw new Error(`Client ${clients.length} of ${username} has ${mine.length} tickets; it needs ${opts.opsPerPush}.`);
      const { token } = await login(t, username);
      const c: ClientState = { t, token, cursor: '0', maker: new PatchMaker(mine) };
      await pullAll(c);
      clients.push(c);
    }
    log(`clients on ${storeName}: ${clients.length} clients signed in and synced; loading for ${opts.durationS} s`);

    const latencies: number[] = [];
    const pullLatencies: number[] = [];
    const outcome: Record<string, number> = {};
    const errors: string[] = [];
    const deadline = performance.now() + opts.durationS * 1000;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const think = () => opts.thinkMs[0] + Math.random() * (opts.thinkMs[1] - opts.thinkMs[0]);

    await Promise.all(
      clients.map(async (c, i) => {
        await sleep(Math.random() * opts.thinkMs[1]); // spread the starts
        let offset = 0;
        while (performance.now() < deadline) {
          try {
            const ops = c.maker.batch(opts.opsPerPush, offset);
            offset += opts.opsPerPush;
            const started = performance.now();
            const response = await push(c.t, c.token, c.maker.clientId, ops);
            latencies.push(performance.now() - started);
            const counts = c.maker.settle(ops, response);
            for (const [k, v] of Object.entries(counts)) if (typeof v === 'number') outcome[k] = (outcome[k] ?? 0) + v;
            const pullStarted = performance.now();
            await pullAll(c);
            pullLatencies.push(performance.now() - pullStarted);
          } catch (error) {
            errors.push(`client ${i}: ${(error as Error).message}`);
            if (errors.length > 50) throw new Error(`Too many client errors; first: ${errors[0]}`);
          }
          await sleep(think());
        }
      }),
    );

    const sorted = [...latencies].sort((a, b) => a - b);
    const pulls = [...pullLatencies].sort((a, b) => a - b);
    await stopServerChild(child);
    const reference = await rawPushReference(store, ticketsByUser, opts.opsPerPush, Math.min(1000, Math.max(100, latencies.length)));
    ratioMetric({
      metric: 'clients_50_p99_push_ms',
      store: storeName,
      value: percentile(sorted, 99),
      unit: 'ms',
      reference: `p99 of raw prepared-statement writes of the same tickets, ${opts.opsPerPush} per transaction (one push), same ${storeName} store, after the load`,
      reference_value: reference.p99,
      target: CLIENTS_RATIO_TARGET[storeName],
      direction: 'max',
      absolute_target: 250,
      transport: 'http',
      where: 'node clients -> server child process on 127.0.0.1',
      clients: clients.length,
      duration_s: opts.durationS,
      ops_per_push: opts.opsPerPush,
      think_ms: opts.thinkMs,
      pushes: latencies.length,
      pushes_per_s: Math.round(latencies.length / opts.durationS),
      push_p50_ms: Math.round(percentile(sorted, 50)),
      push_p95_ms: Math.round(percentile(sorted, 95)),
      push_max_ms: Math.round(sorted[sorted.length - 1] ?? NaN),
      pull_p50_ms: Math.round(percentile(pulls, 50)),
      pull_p99_ms: Math.round(percentile(pulls, 99)),
      results: outcome,
      reference_p50_ms: Math.round(reference.p50 * 100) / 100,
      reference_transactions: reference.transactions,
      errors: errors.length,
      ...(errors[0] ? { first_error: errors[0] } : {}),
    });
  } finally {
    await stopServerChild(child);
  }
}
