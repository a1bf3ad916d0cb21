/**
 * Fault tests (issue 3, "Tests that must pass"), with the renderer's real replica and
 * sync engine:
 * (a) the real server process (SQLite) is killed with SIGKILL in the middle of large
 *     pushes, 20 times, restarted on the same data each time: in the end every op is on
 *     the server exactly once (worklogs by id and text, and sync_ops);
 * (b) the client "dies" between its local write and its push (and, separately, after the
 *     server applied its push but before the answer was saved): a new engine on the same
 *     replica sends the ops, and they are applied exactly once;
 * (c) 30% of push answers are lost after the server applied the push: still converges,
 *     every op accounted for.
 *
 * FIELDDESK_PROPERTY_SEED fixes the seed of the random kill moments and of (c).
 */
import 'fake-indexeddb/auto';
import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TicketCreateDataSchema, type PushRequest } from '@fielddesk/common/sync/protocol';
import { FieldDeskDb } from '../renderer/src/data/db';
import { createTicketRepository } from '../renderer/src/data/repositories/tickets';
import { SyncEngine, type SyncPlatform } from '../renderer/src/data/sync/engine';
import pg from 'pg';
import { TEST_PG_URL, pgUnavailable, withCatalogLock } from '../server/test/stores';
import type { StoreKind } from '../server/src/db/database';
import { httpPlatform, loginOverHttp, type HttpTarget } from './support/fetchPlatform';
import { InjectServerClient, injectPlatform, loginDesktop } from './support/injectPlatform';
import { patchTicketLocally } from './support/localEdits';
import { NO_FAULTS, type FaultRates } from './support/network';
import { commandArb, envInt, scenarioArb } from './support/property';
import { createRng } from './support/rng';
import { ServerProcess, removeServerBundle } from './support/serverProcess';
import { Simulation, verify } from './support/simulation';
import { removeTempDirs, startWorld } from './support/world';

const SEED = envInt('FIELDDESK_PROPERTY_SEED', Date.now() % 2_147_483_647);
const REQUIRE_PG = process.env.FIELDDESK_REQUIRE_PG === '1';

afterAll(() => {
  removeTempDirs();
  removeServerBundle();
});

const stores: StoreKind[] = pgUnavailable && !REQUIRE_PG ? ['sqlite'] : ['sqlite', 'postgres'];
if (pgUnavailable && !REQUIRE_PG) console.warn(`Fault tests (b) and (c) run on SQLite only: ${pgUnavailable}`);

interface ServerRows {
  worklogs: { id: string; body: string }[];
  ops: { op_id: string; status: string; n: number }[];
}

/** Reads what the stopped server stored, straight from its database. */
async function readServerRows(kind: StoreKind, server: ServerProcess, schema: string, clientId: string): Promise<ServerRows> {
  const worklogSql = `select id, body from worklogs where body like 'kill round %'`;
  if (kind === 'sqlite') {
    const sqlite = new Sqlite(server.dbFile(), { readonly: true });
    try {
      return {
        worklogs: sqlite.prepare(worklogSql).all() as ServerRows['worklogs'],
        ops: sqlite.prepare(`select op_id, status, count(*) as n from sync_ops where client_id = ? group by op_id, status`).all(clientId) as ServerRows['ops'],
      };
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const worklogs = (await client.query<ServerRows['worklogs'][number]>(worklogSql)).rows;
    const ops = (await client.query<ServerRows['ops'][number]>(`select op_id, status, count(*)::int as n from sync_ops where client_id = $1 group by op_id, status`, [clientId])).rows;
    return { worklogs, ops };
  } finally {
    await client.end();
  }
}

async function withPgSchema<T>(fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `fdit_kill_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await withCatalogLock(admin, () => admin.query(`create schema "${schema}"`));
    return await fn(schema);
  } finally {
    await withCatalogLock(admin, () => admin.query(`drop schema if exists "${schema}" cascade`)).catch(() => undefined);
    await admin.end();
  }
}

// SQLite: the 20 kills the issue asks for. PostgreSQL (when reachable): 5 more, as a plus.
const killRuns: [StoreKind, number][] = [['sqlite', 20], ...(stores.includes('postgres') ? ([['postgres', 5]] as [StoreKind, number][]) : [])];

for (const [kind, KILLS] of killRuns) describe(`(a) the server process is killed with SIGKILL in the middle of pushes [${kind}]`, () => {
  const WORKLOGS_PER_ROUND = 150;

  it(`loses no op and applies none twice over ${KILLS} kills`, async () => {
    if (kind === 'postgres' && pgUnavailable) throw new Error(`FIELDDESK_REQUIRE_PG=1 but ${pgUnavailable}`);
    if (kind === 'postgres') await withPgSchema((schema) => killTest(kind, KILLS, WORKLOGS_PER_ROUND, schema));
    else await killTest(kind, KILLS, WORKLOGS_PER_ROUND, '');
  }, 240_000);
});

async function killTest(kind: StoreKind, KILLS: number, WORKLOGS_PER_ROUND: number, schema: string): Promise<void> {
  const rng = createRng(SEED);
  console.log(`SIGKILL test [${kind}]: seed ${SEED} (replay with FIELDDESK_PROPERTY_SEED=${SEED})`);
  const server = new ServerProcess(kind === 'postgres' ? { FIELDDESK_DATABASE_URL: TEST_PG_URL, FIELDDESK_DATABASE_SCHEMA: schema } : {});
  const db = new FieldDeskDb(`fielddesk-it-sigkill-${crypto.randomUUID()}`);
  let engine: SyncEngine | null = null;
  try {
    await server.start();
    const login = await loginOverHttp(server.baseUrl, 'tech1');
    const target: HttpTarget = { baseUrl: server.baseUrl, token: login.token };
    let inFlight = 0;
    let armed = false;
    let killing: Promise<void> | null = null;
    let killsDuringPush = 0;
    let rounds = 0;
    let duplicates = 0;
    let lastPushMs = 25;
    let pushStarted = 0;
    const platform = httpPlatform(target, {
      onPush: () => {
        inFlight++;
        pushStarted = performance.now();
        if (!armed || killing) return;
        // Somewhere between "request still being written" and "answer on its way": spread
        // over how long a push has been taking.
        const delay = Math.floor(rng() * Math.max(10, lastPushMs));
        killing = new Promise((resolve) => setTimeout(resolve, delay)).then(async () => {
          if (inFlight > 0 && armed) {
            armed = false;
            killsDuringPush++;
            await server.kill('SIGKILL');
          }
          killing = null; // too late for this push: the next one is the target
        });
      },
      onPushAnswered: (_request, response) => {
        inFlight--;
        lastPushMs = performance.now() - pushStarted;
        duplicates += response.results.filter((r) => r.status === 'duplicate').length;
      },
    });
    const counted: SyncPlatform = {
      ...platform,
      push: (request: PushRequest) =>
        platform.push(request).catch((error: unknown) => {
          inFlight--;
          throw error;
        }),
    };
    engine = new SyncEngine({ db, platform: counted, userId: login.user.id, pushBatchSize: 100, periodicMs: 0, retryMinMs: 3_600_000, debounceMs: 1 });
    expect((await engine.syncNow()).state).toBe('idle');
    const ticket = (await db.tickets.toArray()).find((t) => t.status !== 'closed');
    if (!ticket) throw new Error('tech1 sees no open ticket in the demo data');
    const repo = createTicketRepository({ db, userId: login.user.id });

    const made = new Map<string, string>(); // worklog id -> body
    const opIds = new Set<string>();
    while (killsDuringPush < KILLS) {
      if (++rounds > KILLS * 4) throw new Error(`only ${killsDuringPush} of ${KILLS} kills hit a push in flight in ${rounds - 1} rounds`);
      for (let i = 0; i < WORKLOGS_PER_ROUND; i++) {
        const body = `kill round ${rounds}, worklog ${i}: ${crypto.randomUUID()}`;
        const r = await repo.addWorklog(ticket.id, body, 1);
        if (!r.ok) throw new Error(r.reason);
        made.set(r.id, body);
        opIds.add(r.opId);
      }
      armed = true;
      await engine.syncNow();
      while (killing) await killing;
      armed = false;
      if (!server.running) {
        await server.start();
        target.baseUrl = server.baseUrl;
      }
    }

    // Back for good: sync until everything is answered.
    for (let i = 0; i < 5 && (await db.outbox.count()) > 0; i++) await engine.syncNow();
    const final = await engine.syncNow();
    expect(final.state, `${final.message} (server running: ${server.running}, ${server.baseUrl}; log: ${server.log.slice(-1500)})`).toBe('idle');
    expect(await db.outbox.count()).toBe(0);
    const clientId = (await db.meta.get('clientId'))?.value as string;
    await server.kill('SIGTERM');

    const rows = await readServerRows(kind, server, schema, clientId);
    expect(rows.worklogs.length, 'worklogs on the server vs made on the device').toBe(made.size);
    expect(new Map(rows.worklogs.map((r) => [r.id, r.body]))).toEqual(made);
    expect(rows.ops.filter((o) => Number(o.n) !== 1), 'ops stored more than once').toEqual([]);
    expect(new Set(rows.ops.map((o) => o.op_id))).toEqual(opIds);
    expect(rows.ops.filter((o) => o.status !== 'applied')).toEqual([]);
    // The replica holds exactly the server's worklogs.
    const local = (await db.worklogs.toArray()).filter((w) => w.body.startsWith('kill round '));
    expect(new Map(local.map((w) => [w.id, w.body]))).toEqual(made);

    console.log(`SIGKILL test [${kind}]: ${killsDuringPush} kills with a push in flight, ${server.starts} server starts, ${rounds} rounds, ${made.size} worklogs, ${duplicates} ops answered "duplicate" (applied before a kill, answer lost)`);
    expect(server.starts).toBe(KILLS + 1);
  } finally {
    engine?.stop();
    db.close();
    await db.delete().catch(() => undefined);
    await server.dispose();
  }
}

for (const kind of stores) describe(`(b) the client dies between its local write and its answer [${kind}]`, () => {
  it('a new engine on the same replica sends ops written before the crash, exactly once', async () => {
    if (kind === 'postgres' && pgUnavailable) throw new Error(`FIELDDESK_REQUIRE_PG=1 but ${pgUnavailable}`);
    const world = await startWorld(kind);
    const name = `fielddesk-it-crash-${crypto.randomUUID()}`;
    try {
      const { app } = world.server;
      const admin = await loginDesktop(app, 'admin');
      const login = await loginDesktop(app, 'tech1');
      const server = new InjectServerClient(app, login.token);
      const group = await world.server.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow();
      const ticketId = crypto.randomUUID();
      const made = await new InjectServerClient(app, admin.token).push({
        clientId: crypto.randomUUID(),
        ops: [
          {
            opId: crypto.randomUUID(),
            seq: 1,
            id: ticketId,
            clientTime: new Date().toISOString(),
            entity: 'ticket',
            kind: 'create',
            data: TicketCreateDataSchema.parse({ kind: 'incident', title: 'Scanner dead', description: '', priority: 3, category: '', requesterId: null, assigneeId: login.user.id, groupId: group.id, siteId: null, locationId: null }),
          },
        ],
      });
      expect(made.results[0]?.status).toBe('applied');

      // 1. Sync once, write locally, and "crash" before any push: close the database, drop the engine.
      let db = new FieldDeskDb(name);
      let engine = new SyncEngine({ db, platform: injectPlatform(server), userId: login.user.id, periodicMs: 0, retryMinMs: 3_600_000 });
      expect((await engine.syncNow()).state).toBe('idle');
      const repo = createTicketRepository({ db, userId: login.user.id });
      const w1 = await repo.addWorklog(ticketId, 'Checked the power supply', 10);
      const s1 = await repo.changeTicketStatus(ticketId, 'assigned');
      const t1 = await patchTicketLocally(db, login.user.id, ticketId, { title: 'Scanner dead at the dock' }, new Date());
      if (!w1.ok || !s1.ok || !t1) throw new Error('local writes failed');
      engine.stop();
      db.close();

      // 2. A second crash, this time after the server applied the push but before the answer was saved.
      db = new FieldDeskDb(name);
      await db.open();
      expect(await db.outbox.count(), 'the outbox survived the crash').toBe(3);
      const applied: string[] = [];
      const crashing: SyncPlatform = {
        ...injectPlatform(server),
        push: async (request) => {
          const response = await server.push(request);
          applied.push(...response.results.map((r) => r.status));
          db.close(); // the process is gone: nothing more is written on the device
          return new Promise(() => undefined);
        },
      };
      engine = new SyncEngine({ db, platform: crashing, userId: login.user.id, periodicMs: 0, retryMinMs: 3_600_000 });
      void engine.syncNow();
      await expect.poll(() => applied.length).toBe(3);
      expect(applied).toEqual(['applied', 'applied', 'applied']);
      engine.stop();

      // 3. Restart: a new engine on the same replica. The server answers "duplicate"; nothing is applied twice.
      db = new FieldDeskDb(name);
      const answers: string[] = [];
      engine = new SyncEngine({
        db,
        platform: {
          ...injectPlatform(server),
          push: async (request) => {
            const response = await server.push(request);
            answers.push(...response.results.map((r) => r.status));
            return response;
          },
        },
        userId: login.user.id,
        periodicMs: 0,
        retryMinMs: 3_600_000,
      });
      const status = await engine.syncNow();
      expect(status.state, String(status.message)).toBe('idle');
      expect(answers).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(await db.outbox.count()).toBe(0);
      expect(await db.shadows.count()).toBe(0);

      const sdb = world.server.db;
      const worklogs = await sdb.selectFrom('worklogs').select(['id', 'body']).where('ticket_id', '=', ticketId).execute();
      expect(worklogs).toEqual([{ id: w1.id, body: 'Checked the power supply' }]);
      const ticket = await sdb.selectFrom('tickets').select(['title', 'status']).where('id', '=', ticketId).executeTakeFirstOrThrow();
      expect(ticket).toEqual({ title: 'Scanner dead at the dock', status: 'assigned' });
      const clientId = (await db.meta.get('clientId'))?.value as string;
      const ops = await sdb.selectFrom('sync_ops').select('op_id').where('client_id', '=', clientId).execute();
      expect(ops.map((o) => o.op_id).sort()).toEqual([w1.opId, s1.opId, t1].sort());
      // The replica equals the server.
      expect((await db.tickets.get(ticketId))?.title).toBe('Scanner dead at the dock');
      expect((await db.worklogs.where('ticketId').equals(ticketId).toArray()).map((w) => w.id)).toEqual([w1.id]);
      engine.stop();
      db.close();
      await db.delete();
    } finally {
      await world.close();
    }
  });
});

const DROP_30: FaultRates = { ...NO_FAULTS, dropResponse: 0.3 };

for (const kind of stores) describe(`(c) 30% of push answers are lost after the server applied the push [${kind}]`, () => {
  it('still converges, every op accounted for', async () => {
    if (kind === 'postgres' && pgUnavailable) throw new Error(`FIELDDESK_REQUIRE_PG=1 but ${pgUnavailable}`);
    let delivered = 0;
    let dropped = 0;
    const runs = kind === 'sqlite' ? 12 : 6;
    const shared = kind === 'postgres' ? await startWorld(kind) : null;
    try {
      await fc.assert(
        fc.asyncProperty(scenarioArb, fc.array(commandArb, { minLength: 30, maxLength: 60 }), async (scenario, long) => {
          // Long days online with a sync after each change, so many answers are at stake.
          const commands = long
            .filter((c) => c.t !== 'offline' && c.t !== 'deliver' && c.t !== 'stale' && c.t !== 'sync')
            .flatMap((c, i) => [c, { t: 'sync' as const, c: i }]);
          const world = shared ?? (await startWorld(kind));
          const sim = new Simulation(world.server, { ...scenario, commands }, DROP_30);
          try {
            await sim.setup();
            for (const command of commands) await sim.run(command);
            await sim.finish();
            await verify(sim);
            delivered += sim.network.counts.delivered;
            dropped += sim.network.counts.droppedResponses;
          } finally {
            await sim.close();
            if (world !== shared) await world.close();
          }
        }),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
    } finally {
      await shared?.close();
    }
    console.log(`30% drop [${kind}]: seed ${SEED}, ${runs} runs, ${dropped} of ${delivered} delivered pushes lost their answer`);
    expect(delivered).toBeGreaterThan(30);
    expect(dropped).toBeGreaterThan(delivered * 0.1);
  }, 120_000);
});
