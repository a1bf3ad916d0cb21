/**
 * npm run bench:audit — the audits of issue 14, measured on this machine. One JSON line per
 * metric on stdout, then the summary; progress on stderr (see bench/README.md).
 *
 * - merge_scans_ms (SQLite and PostgreSQL): three auditors' 10,000 scans each reaching the real
 *   server (createServer, app.inject, signed in as tech1, tech4 and desk1 with a client each),
 *   pushed 1,000 at a time as the sync engine sends them (the time from request to answer, the
 *   bench's own JSON work left out), then the close that merges all 30,000
 *   (common/audits/merge.ts) and plans and applies the close (every asset found: each gets its
 *   audit date and history line). The audit expects 10,000 assets of a category of the bench's
 *   own at HQ (written straight into the table, then the audit started through push: not timed);
 *   each auditor scans every one of them, in another order, so each asset is counted once and
 *   scanned three times. Reference: the same 30,000 scan rows, as the server stored them,
 *   inserted again by the database driver alone into a copy of the table with its keys and
 *   indexes, 1,000 per transaction (lib/raw-store.ts's drivers and pragmas). Target: ratio ≤ 3.
 *
 * The browser metrics of issue 14 (open_audit_ms, scan_to_verdict_p95_ms, close_audit_ms): an
 * audit of BENCH_AUDIT_BROWSER_ASSETS (50,000) expected assets on the device, in Debian's
 * Chromium (bench/audits/browser.ts and seed-entry.ts; needs `npm run build`).
 * BENCH_AUDIT_ONLY=merge or =browser runs one half.
 *
 * Environment (optional): BENCH_AUDIT_ASSETS (default 10,000 expected assets and scans per
 * auditor), BENCH_AUDIT_STORES (default "sqlite,postgres").
 */
import { randomUUID } from 'node:crypto';
import { API } from '@fielddesk/common/api/http';
import type { Op, PushResponse } from '@fielddesk/common/sync/protocol';
import { MAX_PUSH_OPS } from '@fielddesk/common/sync/protocol';
import { createServer, type FieldDeskServer } from '../server/src/app';
import { injectTransport, login, push } from './lib/client';
import { openSqliteRaw, type Row } from './lib/raw-store';
import { failure, log, metric, ratioMetric, skip, summary, type StoreName } from './lib/report';
import { benchConfig, cleanupStores, newStore, PG_URL, probePostgres, type BenchStore } from './lib/stores';
import pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RENDERER_DIR, REPO_ROOT } from '../e2e/support/server';
import { measureAuditBrowser } from './audits/browser';
import { startServer } from './workspace/server';

const ASSETS = Number(process.env.BENCH_AUDIT_ASSETS ?? 10_000);
const STORES = (process.env.BENCH_AUDIT_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as StoreName[];
if (!Number.isInteger(ASSETS) || ASSETS < 100 || ASSETS > 50_000) throw new Error(`BENCH_AUDIT_ASSETS=${process.env.BENCH_AUDIT_ASSETS} must be a whole number from 100 to 50,000.`);
const AUDITORS = ['tech1', 'tech4', 'desk1'] as const;
const MERGE_RATIO_TARGET = 3;
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let seq = 0;
const op = (entity: Op['entity'], kind: 'create', data: unknown, id = randomUUID()): Op => ({ opId: randomUUID(), seq: ++seq, entity, kind, id, data, clientTime: new Date().toISOString() }) as Op;

/** The assets the audit expects: a model of the bench's category, written straight into the table at one rev. */
async function seedAssets(server: FieldDeskServer, siteId: string, locationId: string): Promise<{ id: string; tag: string }[]> {
  const db = server.db;
  const modelId = randomUUID();
  const rev = await server.store.write(async (tx) => tx.nextRev());
  await db.insertInto('asset_models').values({ id: modelId, name: 'Bench laptop', manufacturer: 'Bench', category: 'BenchAudit', kind: 'hardware', type: 'laptop', life_months: 36, warranty_months: 36, fields: '{}', rev } as never).execute();
  const assets = Array.from({ length: ASSETS }, (_, i) => ({ id: randomUUID(), tag: `BA-${String(i).padStart(6, '0')}` }));
  for (let i = 0; i < assets.length; i += 500) {
    await db
      .insertInto('assets')
      .values(assets.slice(i, i + 500).map((a) => ({
        id: a.id, tag: a.tag, serial: null, name: 'Bench laptop', kind: 'hardware', model_id: modelId, model: null, manufacturer: null, type: 'laptop', state: 'in_use', substate: null,
        site_id: siteId, location_id: locationId, checked_out_to: null, assigned_to_id: null, uuid: null, inventoried_at: null, vendor_id: null, purchased_on: null, cost_cents: null,
        warranty_ends_on: null, order_line_id: null, last_audited_on: null, rev,
      })))
      .execute();
  }
  return assets;
}

/** A shuffled copy (each auditor walks the rooms in another order). */
function shuffled<T>(list: readonly T[], salt: number): T[] {
  const out = [...list];
  let state = salt >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same rows inserted by the driver alone into a copy of audit_scans, `perTx` rows per transaction: the ms it took. */
async function rawInsert(kind: StoreName, benchStore: BenchStore, rows: readonly Row[], perTx: number): Promise<number> {
  const columns = Object.keys(rows[0]!);
  const list = columns.map((c) => `"${c}"`).join(', ');
  if (kind === 'sqlite') {
    const db = openSqliteRaw(benchStore);
    try {
      // The copy has the table's own keys and indexes: the server's insert must keep them too.
      db.exec('drop table if exists audit_scans_ref');
      const schema = db.prepare("select type, sql from sqlite_master where tbl_name = 'audit_scans' and sql is not null and type in ('table', 'index') order by type desc").all() as { type: string; sql: string }[];
      for (const { sql } of schema) db.exec(sql.replace(/\baudit_scans(_\w+)?\b/g, (name) => `${name}_ref`));
      const insert = db.prepare(`insert into audit_scans_ref (${list}) values (${columns.map(() => '?').join(', ')})`);
      const write = db.transaction((part: readonly Row[]) => {
        for (const row of part) insert.run(...columns.map((c) => row[c] ?? null));
      });
      const started = performance.now();
      for (let i = 0; i < rows.length; i += perTx) write(rows.slice(i, i + perTx));
      const ms = performance.now() - started;
      db.exec('drop table audit_scans_ref');
      return ms;
    } finally {
      db.close();
    }
  }
  if (benchStore.store.kind !== 'postgres') throw new Error('not a PostgreSQL store');
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`set search_path to "${benchStore.store.schema}"`);
    await client.query('drop table if exists audit_scans_ref');
    await client.query('create table audit_scans_ref (like audit_scans including all)');
    const perStatement = Math.floor(30_000 / columns.length);
    const started = performance.now();
    for (let i = 0; i < rows.length; i += perTx) {
      const part = rows.slice(i, i + perTx);
      await client.query('begin');
      for (let j = 0; j < part.length; j += perStatement) {
        const chunk = part.slice(j, j + perStatement);
        const values: unknown[] = [];
        const tuples = chunk.map((row) => `(${columns.map((c) => `$${values.push(row[c] ?? null)}`).join(', ')})`);
        await client.query({ name: `ref_${chunk.length}`, text: `insert into audit_scans_ref (${list}) values ${tuples.join(', ')}`, values });
      }
      await client.query('commit');
    }
    const ms = performance.now() - started;
    await client.query('drop table audit_scans_ref');
    return ms;
  } finally {
    await client.end();
  }
}

async function measureMergeScans(kind: StoreName): Promise<void> {
  const benchStore = await newStore(kind);
  const server = await createServer(benchConfig(benchStore));
  try {
    const t = injectTransport(server.app);
    const users = await Promise.all(AUDITORS.map(async (u) => ({ name: u, ...(await login(t, u)), clientId: randomUUID() })));
    const hq = (await server.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    const rooms = (await server.db.selectFrom('locations').select('id').where('site_id', '=', hq).orderBy('id').limit(2).execute()).map((r) => r.id);
    log(`${kind}: writing ${ASSETS} assets, planning and starting the audit`);
    const assets = await seedAssets(server, hq, rooms[0]!);
    const auditId = randomUUID();
    const desk = users[2]!;
    const answer = async (user: (typeof users)[number], ops: Op[]) => {
      const body = await push(t, user.token, user.clientId, ops);
      const refused = body.results.find((r) => r.status !== 'applied');
      if (refused) throw new Error(`a push was answered ${JSON.stringify(refused).slice(0, 300)}`);
    };
    await answer(desk, [
      op('audit', 'create', { name: 'Bench audit', siteId: hq, locationIds: [], kinds: [], categories: ['BenchAudit'], auditorIds: users.map((u) => u.userId), dueOn: null, notes: '' }, auditId),
      op('audit_event', 'create', { action: 'start', auditId }),
    ]);

    // Each auditor's 10,000 scans, as their devices would push them (1,000 ops a push), serialized
    // up front: the timed part is the server's, from the request to its answer (app.inject), not
    // the bench client's JSON.stringify and JSON.parse.
    const close = op('audit_event', 'create', { action: 'close', auditId, stillSearching: [], reviews: {}, unknown: {}, signature: SIGNATURE, signedName: 'Alex Morgan', notes: '' });
    const requests = users.flatMap((user, u) => {
      const ops = shuffled(assets, u + 1).map((a) =>
        op('audit_scan', 'create', { auditId, locationId: rooms[0]!, code: a.tag, assetId: a.id, verdict: 'found', move: null, condition: null, holderConfirmed: null, photoSha256: null, note: '' }),
      );
      const bodies: { user: typeof user; body: string }[] = [];
      for (let i = 0; i < ops.length; i += MAX_PUSH_OPS) bodies.push({ user, body: JSON.stringify({ clientId: user.clientId, ops: ops.slice(i, i + MAX_PUSH_OPS) }) });
      return bodies;
    });
    const closeRequest = { user: users[0]!, body: JSON.stringify({ clientId: users[0]!.clientId, ops: [close] }) };
    const timed = async ({ user, body }: { user: (typeof users)[number]; body: string }): Promise<number> => {
      const began = performance.now();
      const res = await server.app.inject({ method: 'POST', url: API.push, headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }, payload: body });
      const ms = performance.now() - began;
      const answered = res.statusCode === 200 ? (JSON.parse(res.body) as PushResponse) : null;
      const refused = answered ? answered.results.find((r) => r.status !== 'applied') : { status: res.statusCode, body: res.body.slice(0, 300) };
      if (refused) throw new Error(`a push was answered ${JSON.stringify(refused).slice(0, 300)}`);
      return ms;
    };
    log(`${kind}: pushing ${AUDITORS.length} × ${ASSETS} scans, then the close`);
    let pushedMs = 0;
    for (const request of requests) pushedMs += await timed(request);
    const closeMs = await timed(closeRequest);
    const totalMs = pushedMs + closeMs;
    const summaryText = (await server.db.selectFrom('audits').select('summary').where('id', '=', auditId).executeTakeFirstOrThrow()).summary!;
    const counts = JSON.parse(summaryText) as { found: number; repeats: number; scans: number };
    if (counts.found !== ASSETS || counts.scans !== ASSETS * AUDITORS.length) throw new Error(`the close counted ${summaryText}`);

    const rows = (await server.db.selectFrom('audit_scans').selectAll().where('audit_id', '=', auditId).orderBy('rev').execute()) as Row[];
    log(`${kind}: the reference: ${rows.length} rows inserted by the driver alone`);
    const referenceMs = await rawInsert(kind, benchStore, rows, MAX_PUSH_OPS);
    ratioMetric({
      metric: 'merge_scans_ms',
      store: kind,
      value: totalMs,
      unit: 'ms',
      reference: `the same ${rows.length} scan rows inserted by the driver alone into a copy of audit_scans with its keys and indexes, ${MAX_PUSH_OPS} per transaction, same ${kind} store`,
      reference_value: referenceMs,
      target: MERGE_RATIO_TARGET,
      direction: 'max',
      transport: 'inject',
      scans: rows.length,
      expected_assets: ASSETS,
      auditors: AUDITORS.length,
      push_ms: Math.round(pushedMs),
      close_ms: Math.round(closeMs),
    });
  } finally {
    await server.close();
  }
}

const BROWSER_ASSETS = Number(process.env.BENCH_AUDIT_BROWSER_ASSETS ?? 50_000);
const OPEN_RUNS = 5;
const TIMED_SCANS = 200;
const OPEN_RATIO_TARGET = 2;
const CLOSE_RATIO_TARGET = 2;
const SCAN_TARGET_MS = 20;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** open_audit_ms, scan_to_verdict_p95_ms and close_audit_ms in Debian's Chromium (bench/audits/browser.ts). */
async function measureBrowser(): Promise<void> {
  const names = ['open_audit_ms', 'scan_to_verdict_p95_ms', 'close_audit_ms'];
  const missing = !fs.existsSync(path.join(RENDERER_DIR, 'index.html')) || !fs.existsSync(path.join(REPO_ROOT, 'server/dist/main.js'));
  if (missing) {
    for (const m of names) skip(m, undefined, 'no build: run "npm run build" first');
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-bench-audit-'));
  const server = await startServer(work);
  log(`audit browser metrics: server at ${server.url}; an audit of ${BROWSER_ASSETS} expected assets in tech1's replica`);
  try {
    const m = await measureAuditBrowser({ origin: server.url, username: 'tech1', password: 'fielddesk-demo', assets: BROWSER_ASSETS, opens: OPEN_RUNS, scans: TIMED_SCANS });
    const load = { load_avg_1m: Math.round(os.loadavg()[0]! * 10) / 10, cpus: os.cpus().length };
    ratioMetric({
      metric: 'open_audit_ms',
      value: median(m.open),
      unit: 'ms',
      reference: `a raw Dexie read of the audit's ${m.assets} snapshot rows (by its auditId index), same page origin and replica; medians of ${OPEN_RUNS}`,
      reference_value: median(m.openReference),
      target: OPEN_RATIO_TARGET,
      direction: 'max',
      where: 'chromium',
      expected_assets: m.assets,
      samples: m.open.map(Math.round),
      reference_samples: m.openReference.map(Math.round),
      ...load,
    });
    metric({
      metric: 'scan_to_verdict_p95_ms',
      value: percentile(m.scans, 95),
      unit: 'ms',
      target: SCAN_TARGET_MS,
      direction: 'max',
      where: 'chromium',
      expected_assets: m.assets,
      scans: m.scans.length,
      median_ms: Math.round(median(m.scans) * 10) / 10,
      max_ms: Math.round(Math.max(...m.scans) * 10) / 10,
      ...load,
    });
    ratioMetric({
      metric: 'close_audit_ms',
      value: m.close.closeMs,
      unit: 'ms',
      reference: `a raw Dexie bulkPut of ${m.close.scans} rows of the same shape into a table of their own, same page`,
      reference_value: m.close.referenceMs,
      target: CLOSE_RATIO_TARGET,
      direction: 'max',
      where: 'chromium',
      expected_assets: m.assets,
      scans: m.close.scans,
      ...load,
    });
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const began = performance.now();
  const only = new Set((process.env.BENCH_AUDIT_ONLY ?? 'merge,browser').split(',').map((s) => s.trim()));
  if (only.has('browser')) {
    try {
      await measureBrowser();
    } catch (error) {
      failure('open_audit_ms', undefined, error);
    }
  }
  if (!only.has('merge')) return summary(performance.now() - began, 'bench:audit');
  const pgProblem = STORES.includes('postgres') ? await probePostgres() : null;
  try {
    for (const kind of STORES) {
      if (kind === 'postgres' && pgProblem) {
        skip('merge_scans_ms', kind, pgProblem);
        continue;
      }
      try {
        await measureMergeScans(kind);
      } catch (error) {
        failure('merge_scans_ms', kind, error);
      }
    }
  } finally {
    await cleanupStores();
  }
  return summary(performance.now() - began, 'bench:audit');
}

process.exitCode = await main();
