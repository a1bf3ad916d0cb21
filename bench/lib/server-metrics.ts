/**
 * The server-side metrics, measured in process through app.inject (no sockets, so the
 * figure is the server's own work: routing, auth, JSON parse/validate, the database, the
 * answer's serialization; the benchmark's own JSON.stringify of the push body is
 * included, its JSON.parse of the answers is not):
 *   push_ops_per_s      1,000-op batches of valid ticket patches, as the technician
 *   pull_records_per_s  a full pull of the seeded records from cursor 0, page by page
 * Each with its reference, measured right after on the same store through the driver alone
 * (raw-store.ts): the same ticket rows written with prepared statements, 1,000 per
 * transaction (push); the same tables read in pages of the same size and serialized as JSON
 * (pull). The targets apply to the ratios.
 */
import { DEFAULT_PULL_LIMIT } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../server/src/app';
import { PatchMaker, injectTransport, login, pull, push, timedPull, timedPush } from './client';
import type { RawStore } from './raw-store';
import { log, ratioMetric, type StoreName } from './report';

export const PUSH_BATCH = 1000;
/** The tables the seeded pull records live in. */
const PULL_TABLES = ['tickets', 'assets', 'configuration_items'];
/** Targets on value ÷ reference (see bench/README.md for the figures they were set from). */
const PUSH_RATIO_TARGET: Record<StoreName, number> = { sqlite: 0.12, postgres: 0.25 };
const PULL_RATIO_TARGET: Record<StoreName, number> = { sqlite: 0.1, postgres: 0.1 };

export async function measurePush(server: FieldDeskServer, raw: RawStore, store: StoreName, username: string, ticketIds: string[], batches: number) {
  const t = injectTransport(server.app);
  const { token } = await login(t, username);
  const ids = ticketIds.slice(0, PUSH_BATCH * Math.min(batches, 5));
  const rows = await server.db.selectFrom('tickets').select(['id', 'rev', 'status']).where('id', 'in', ids).execute();
  const maker = new PatchMaker(rows.map((r) => ({ id: r.id, rev: Number(r.rev), status: r.status })));

  // One warm-up batch (JIT, statement caches), not counted.
  const warm = maker.batch(PUSH_BATCH, 0);
  maker.settle(warm, await push(t, token, maker.clientId, warm));

  const totals: Record<string, number> = {};
  let firstProblem: string | undefined;
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const ops = maker.batch(PUSH_BATCH, ((b + 1) * PUSH_BATCH) % ids.length);
    const { body: response, ms } = await timedPush(t, token, maker.clientId, ops);
    times.push(ms);
    const counts = maker.settle(ops, response);
    firstProblem ??= counts.firstProblem;
    for (const [k, v] of Object.entries(counts)) if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v;
  }
  const ms = times.reduce((a, b) => a + b, 0);
  const ops = batches * PUSH_BATCH;
  if ((totals.applied ?? 0) !== ops) log(`push on ${store}: not every op applied: ${JSON.stringify(totals)}${firstProblem ? `; first rejection: ${firstProblem}` : ''}`);

  // Reference: the same ticket rows (as the pushes left them) written back by the driver alone,
  // as many rows as ops and in transactions of a batch's size.
  const stored = await raw.rowsById('tickets', ids);
  const again = Array.from({ length: ops }, (_, i) => stored[i % stored.length]!);
  const rawMs = (await raw.updateRows('tickets', again, PUSH_BATCH)).reduce((a, b) => a + b, 0);
  ratioMetric({
    metric: 'push_ops_per_s',
    store,
    value: (ops / ms) * 1000,
    unit: 'ops/s',
    reference: `raw prepared-statement writes of the same ticket rows, ${PUSH_BATCH} per transaction, same ${store} store`,
    reference_value: (ops / rawMs) * 1000,
    target: PUSH_RATIO_TARGET[store],
    direction: 'min',
    absolute_target: store === 'sqlite' ? 5000 : 3000,
    transport: 'inject',
    ops,
    batches,
    batch_ms: times.map((x) => Math.round(x)),
    results: totals,
    ...(firstProblem ? { first_rejection: firstProblem } : {}),
  });
}

export async function measurePull(server: FieldDeskServer, raw: RawStore, store: StoreName, username: string, seeded: number) {
  const t = injectTransport(server.app);
  const { token } = await login(t, username);
  // Warm-up: one page, not counted.
  await pull(t, token, '0', DEFAULT_PULL_LIMIT);

  const byEntity: Record<string, number> = {};
  let cursor = '0';
  let pages = 0;
  let records = 0;
  let ms = 0;
  for (;;) {
    const { body: page, ms: pageMs } = await timedPull(t, token, cursor, DEFAULT_PULL_LIMIT);
    ms += pageMs;
    pages++;
    records += page.changes.length;
    for (const c of page.changes) byEntity[c.entity] = (byEntity[c.entity] ?? 0) + 1;
    cursor = page.cursor;
    if (!page.hasMore) break;
    if (pages > 10_000) throw new Error('The pull did not end after 10,000 pages.');
  }
  if (records < seeded) log(`pull on ${store}: the server sent ${records} records of ${seeded} seeded (${JSON.stringify(byEntity)})`);

  // Reference: the seeded tables read by the driver alone in pages of the same size, as JSON.
  await raw.readAsJson(['tickets'], DEFAULT_PULL_LIMIT); // warm-up (caches), not counted
  const read = await raw.readAsJson(PULL_TABLES, DEFAULT_PULL_LIMIT);
  ratioMetric({
    metric: 'pull_records_per_s',
    store,
    value: (records / ms) * 1000,
    unit: 'records/s',
    reference: `raw SELECT of the same tables (${PULL_TABLES.join(', ')}) in pages of ${DEFAULT_PULL_LIMIT} by rev + JSON.stringify, same ${store} store`,
    reference_value: (read.records / read.ms) * 1000,
    target: PULL_RATIO_TARGET[store],
    direction: 'min',
    absolute_target: 50_000,
    transport: 'inject',
    reference_records: read.records,
    reference_ms: Math.round(read.ms),
    records,
    seeded,
    pages,
    page_limit: DEFAULT_PULL_LIMIT,
    ms: Math.round(ms),
    by_entity: byEntity,
  });
}
