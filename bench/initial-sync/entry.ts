/**
 * Runs in Debian's Chromium (bundled by run.ts with esbuild). It drives the renderer's
 * REAL data code against the real server over HTTP, from a page on the server's origin:
 *   initialSync  the web platform adapter signs in; a fresh Dexie replica; SyncEngine.syncNow()
 *                downloads everything (pull pages -> applyPullPage -> Dexie), timed.
 *   rawDexie     the same records bulkPut into a second, empty replica database with the
 *                same schema: what IndexedDB/Dexie alone can do in this browser.
 *   outbox       1,000 status changes through the ticket repository (record + outbox op in
 *                one transaction each), then the engine pushes them; timed until every op
 *                is answered and settled locally (the moment the engine moves on to pull).
 *   rawSettle    the outbox's reference on this side: the same 1,000 tickets, as settled,
 *                bulkPut back into the replica's tickets table in one call.
 * Results go back to run.ts as plain JSON.
 */
import type { AnyRecord } from '@fielddesk/common/domain/entities';
import type { Platform } from '@fielddesk/common/ipc/contract';
import { FieldDeskDb, openWorkspaceDb } from '../../renderer/src/data/db';
import { createTicketRepository } from '../../renderer/src/data/repositories/tickets';
import { SyncEngine } from '../../renderer/src/data/sync/engine';
import { createWebPlatform } from '../../renderer/src/platform/web';

/** The data tables (everything but the sync bookkeeping). */
const BOOKKEEPING = new Set(['outbox', 'shadows', 'conflicts', 'rejections', 'meta']);

interface Session {
  db: FieldDeskDb;
  engine: SyncEngine;
  userId: string;
  /** Called when the engine starts to pull (set while timing the outbox). */
  onPull: (() => void) | null;
  /** Time spent waiting for the platform's push/pull (HTTP + server + JSON), and call counts. */
  wait: { pushMs: number; pullMs: number; pushes: number; pulls: number };
}
let session: Session | null = null;

async function countRecords(db: FieldDeskDb): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of db.tables) if (!BOOKKEEPING.has(table.name)) counts[table.name] = await table.count();
  return counts;
}

async function initialSync(username: string, password: string) {
  const platform: Platform = createWebPlatform();
  const signedIn = await platform.login({ username, password });
  const db = openWorkspaceDb(window.location.origin, signedIn.user.id);
  await db.delete();
  await db.open();
  const s: Session = {
    db,
    engine: null as unknown as SyncEngine,
    userId: signedIn.user.id,
    onPull: null,
    wait: { pushMs: 0, pullMs: 0, pushes: 0, pulls: 0 },
  };
  const watched: Platform = {
    ...platform,
    pull: async (query) => {
      s.onPull?.();
      const started = performance.now();
      try {
        return await platform.pull(query);
      } finally {
        s.wait.pullMs += performance.now() - started;
        s.wait.pulls++;
      }
    },
    push: async (request) => {
      const started = performance.now();
      try {
        return await platform.push(request);
      } finally {
        s.wait.pushMs += performance.now() - started;
        s.wait.pushes++;
      }
    },
  };
  // periodicMs 0: no timer runs after the measured sync.
  s.engine = new SyncEngine({ db, platform: watched, userId: signedIn.user.id, periodicMs: 0 });
  session = s;

  const started = performance.now();
  const status = await s.engine.syncNow();
  const ms = performance.now() - started;
  const counts = await countRecords(db);
  const records = Object.values(counts).reduce((a, b) => a + b, 0);
  return { ms, records, counts, state: status.state, message: status.message, pullWaitMs: s.wait.pullMs, pulls: s.wait.pulls };
}

async function rawDexie() {
  if (!session) throw new Error('initialSync must run first.');
  const source = session.db;
  const data: [string, AnyRecord[]][] = [];
  for (const table of source.tables) if (!BOOKKEEPING.has(table.name)) data.push([table.name, (await table.toArray()) as AnyRecord[]]);
  const raw = new FieldDeskDb('fielddesk-bench-raw-dexie');
  await raw.delete();
  await raw.open();
  const tableMs: Record<string, number> = {};
  const started = performance.now();
  for (const [name, records] of data) {
    const tableStarted = performance.now();
    await raw.table(name).bulkPut(records);
    if (records.length > 0) tableMs[name] = Math.round(performance.now() - tableStarted);
  }
  const ms = performance.now() - started;
  const records = data.reduce((a, [, r]) => a + r.length, 0);
  raw.close();
  await raw.delete();
  return { ms, records, tableMs };
}

async function outbox(count: number) {
  if (!session) throw new Error('initialSync must run first.');
  const s = session;
  const tickets = await s.db.tickets.where('status').equals('assigned').limit(count).toArray();
  if (tickets.length < count) throw new Error(`Only ${tickets.length} assigned tickets in the replica; ${count} are needed.`);
  const repo = createTicketRepository({ db: s.db, userId: s.userId });

  const writeStarted = performance.now();
  for (const t of tickets) {
    const result = await repo.changeTicketStatus(t.id, 'in_progress');
    if (!result.ok) throw new Error(`The local change was refused: ${result.reason}`);
  }
  const localWriteMs = performance.now() - writeStarted;
  const queued = await s.db.outbox.count();

  let pushedAt = 0;
  s.onPull = () => {
    if (!pushedAt) pushedAt = performance.now();
  };
  s.wait = { pushMs: 0, pullMs: 0, pushes: 0, pulls: 0 };
  const rejectionsBefore = await s.db.rejections.count();
  const conflictsBefore = await s.db.conflicts.count();
  const started = performance.now();
  const status = await s.engine.syncNow();
  const endedAt = performance.now();
  s.onPull = null;
  return {
    ticketIds: tickets.map((t) => t.id),
    pushWaitMs: s.wait.pushMs,
    pushes: s.wait.pushes,
    queued,
    localWriteMs,
    pushMs: (pushedAt || endedAt) - started,
    withPullMs: endedAt - started,
    left: await s.db.outbox.count(),
    rejected: (await s.db.rejections.count()) - rejectionsBefore,
    conflicts: (await s.db.conflicts.count()) - conflictsBefore,
    inProgress: await s.db.tickets.where('status').equals('in_progress').count(),
    state: status.state,
    message: status.message,
  };
}

async function rawSettle(ids: string[]) {
  if (!session) throw new Error('initialSync must run first.');
  const table = session.db.tickets;
  const records = (await table.bulkGet(ids)).filter((r) => r !== undefined);
  const started = performance.now();
  await table.bulkPut(records);
  return { ms: performance.now() - started, records: records.length };
}

declare global {
  interface Window {
    fielddeskBench: { initialSync: typeof initialSync; rawDexie: typeof rawDexie; outbox: typeof outbox; rawSettle: typeof rawSettle };
  }
}
window.fielddeskBench = { initialSync, rawDexie, outbox, rawSettle };
