/**
 * The poke stream (GET /api/sync/events) and the change notifier behind it, on SQLite and
 * PostgreSQL: authentication, pokes after writes, coalescing of bursts, cleanup on
 * disconnect and on server close, and (PostgreSQL) pokes crossing server instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, CSRF_HEADER, POKE_EVENT } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop, loginWeb, OpFactory, push } from '../../test/http';
import { openSse, type SseStream } from '../../test/sse';
import { describeStores, TEST_PG_URL } from '../../test/stores';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import pg from 'pg';
import type { StoreConfig } from '../config';
import type { AppContext } from '../context';
import { installAuthGuard } from '../auth/guard';
import { LoginThrottle } from '../auth/throttle';
import { installErrorHandler } from '../http/errors';
import { registerEventsRoute } from './events';
import { Coalescer, listenerName } from './notifier';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Coalescer', () => {
  it('runs once on the trailing edge for a burst, and again for a later burst', async () => {
    let runs = 0;
    const c = new Coalescer(50, () => runs++);
    for (let i = 0; i < 1000; i++) c.trigger();
    expect(runs).toBe(0);
    await sleep(80);
    expect(runs).toBe(1);
    c.trigger();
    await sleep(80);
    expect(runs).toBe(2);
    c.trigger();
    c.close();
    await sleep(80);
    expect(runs).toBe(2);
  });
});

describeStores('sync events (poke)', (h) => {
  let s: FieldDeskServer;
  let storeConfig: StoreConfig;
  let base: string;
  let token: string;
  const streams: SseStream[] = [];
  const open = async (headers: Record<string, string>) => {
    const stream = await openSse(`${base}${API.events}`, headers);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    storeConfig = await h.newStore();
    s = await h.start({ store: storeConfig });
    await s.app.listen({ host: '127.0.0.1', port: 0 });
    const address = s.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    token = (await loginDesktop(s.app, 'tech1')).token;
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  it('needs a session: 401 without one, 401 with a wrong token', async () => {
    const none = await s.app.inject({ method: 'GET', url: API.events });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthenticated', message: expect.any(String) });
    const wrong = await s.app.inject({ method: 'GET', url: API.events, headers: bearer('x'.repeat(40)) });
    expect(wrong.statusCode).toBe(401);
  });

  it('refuses a cookie request from another origin', async () => {
    const web = await loginWeb(s.app, 'tech2');
    const res = await s.app.inject({ method: 'GET', url: API.events, headers: { cookie: web.cookie, origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
  });

  it('streams pokes to a bearer client after a write', async () => {
    const stream = await open(bearer(token));
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(await stream.waitFor(() => stream.received.includes(':connected'))).toBe(true);
    s.changes.notify();
    expect(await stream.waitFor(() => stream.count(POKE_EVENT) === 1)).toBe(true);
    stream.close();
  });

  it('works with the web session cookie', async () => {
    const web = await loginWeb(s.app, 'tech3');
    const stream = await open({ cookie: web.cookie, [CSRF_HEADER]: web.csrf });
    expect(stream.status).toBe(200);
    await stream.waitFor(() => stream.received.includes(':connected'));
    s.changes.notify();
    expect(await stream.waitFor(() => stream.count(POKE_EVENT) >= 1)).toBe(true);
    stream.close();
  });

  it('coalesces: 1,000 writes make a handful of pokes', async () => {
    const stream = await open(bearer(token));
    await stream.waitFor(() => stream.received.includes(':connected'));
    const ticket = await s.db.selectFrom('tickets').select(['id', 'rev']).where('status', '=', 'new').limit(1).executeTakeFirstOrThrow();
    // 1,000 committed writes (in 100 transactions of 10), each notifying.
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      await s.store.write(async (tx) => {
        for (let j = 0; j < 10; j++) await tx.db.updateTable('tickets').set({ rev: await tx.nextRev() }).where('id', '=', ticket.id).execute();
      });
      for (let j = 0; j < 10; j++) s.changes.notify();
    }
    const elapsed = Date.now() - started;
    await sleep(400);
    const pokes = stream.count(POKE_EVENT);
    expect(pokes).toBeGreaterThanOrEqual(1);
    // At most one poke per 200 ms, plus the trailing one.
    expect(pokes).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 2);
    expect(pokes).toBeLessThan(50);
    stream.close();
  });

  it('pokes after a push from another client', async () => {
    const stream = await open(bearer(token));
    await stream.waitFor(() => stream.received.includes(':connected'));
    await sleep(250); // let earlier pokes drain
    const before = stream.count(POKE_EVENT);
    const admin = (await loginDesktop(s.app, 'admin')).token;
    const ticket = await s.db.selectFrom('tickets').select(['id', 'rev', 'priority']).where('status', '=', 'new').limit(1).executeTakeFirstOrThrow();
    const f = new OpFactory();
    const res = await push(s.app, admin, f.clientId, [f.patch(ticket.id, Number(ticket.rev), { priority: ticket.priority === 1 ? 2 : 1 })]);
    expect(res.res.statusCode).toBe(200);
    expect(await stream.waitFor(() => stream.count(POKE_EVENT) > before)).toBe(true);
    stream.close();
  });

  it('unsubscribes when the client disconnects', async () => {
    // Streams closed by earlier tests drain first.
    for (const stream of streams) stream.close();
    for (let i = 0; i < 150 && s.changes.subscribers() > 0; i++) await sleep(20);
    const idle = s.changes.subscribers();
    expect(idle).toBe(0);
    const a = await open(bearer(token));
    const b = await open(bearer(token));
    await a.waitFor(() => a.received.includes(':connected'));
    await b.waitFor(() => b.received.includes(':connected'));
    expect(s.changes.subscribers()).toBe(idle + 2);
    a.close();
    b.close();
    const deadline = Date.now() + 3000;
    while (s.changes.subscribers() > idle && Date.now() < deadline) await sleep(20);
    expect(s.changes.subscribers()).toBe(idle);
  });

  it('ends open streams when the server closes, without waiting for them', async () => {
    const other = await h.start();
    await other.app.listen({ host: '127.0.0.1', port: 0 });
    const address = other.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const t = (await loginDesktop(other.app, 'tech1')).token;
    const stream = await openSse(`http://127.0.0.1:${port}${API.events}`, bearer(t));
    await stream.waitFor(() => stream.received.includes(':connected'));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await stream.waitFor(() => stream.ended())).toBe(true);
  });

  it('sends a heartbeat comment regularly and ends the stream when the session ends', async () => {
    // The route on a bare app with a short heartbeat (the real one beats every 25 s).
    const config = h.config(storeConfig);
    const ctx: AppContext = { config, store: s.store, throttle: new LoginThrottle(s.store.db, config.loginThrottle), sessionTtlMs: 3_600_000, changes: s.changes };
    const bare = Fastify();
    await bare.register(fastifyCookie);
    installErrorHandler(bare);
    installAuthGuard(bare, ctx);
    registerEventsRoute(bare, ctx, { heartbeatMs: 60 });
    await bare.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = bare.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${API.events}`;
      const t = (await loginDesktop(s.app, 'tech6')).token;
      const stream = await openSse(url, bearer(t));
      streams.push(stream);
      expect(await stream.waitFor(() => stream.count(':heartbeat') >= 3)).toBe(true);
      expect(stream.ended()).toBe(false);
      const signOut = await s.app.inject({ method: 'POST', url: API.logout, headers: bearer(t) });
      expect(signOut.statusCode).toBeLessThan(300);
      expect(await stream.waitFor(() => stream.ended(), 2000)).toBe(true);
    } finally {
      await bare.close();
    }
  });

  if (h.kind === 'postgres') {
    it('PostgreSQL: a write notified in one server instance pokes clients of another (LISTEN/NOTIFY), coalesced', async () => {
      // A second server instance on the same schema (as a second process would be).
      const second = await h.start({ store: storeConfig });
      expect(second.seed.seeded).toBe(false);
      await second.app.listen({ host: '127.0.0.1', port: 0 });
      const address = second.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const t = (await loginDesktop(second.app, 'tech2')).token;
      const stream = await openSse(`http://127.0.0.1:${port}${API.events}`, bearer(t));
      streams.push(stream);
      await stream.waitFor(() => stream.received.includes(':connected'));
      await sleep(500); // the LISTEN connection's first (catch-up) poke
      const before = stream.count(POKE_EVENT);
      for (let i = 0; i < 1000; i++) s.changes.notify();
      expect(await stream.waitFor(() => stream.count(POKE_EVENT) > before, 5000)).toBe(true);
      await sleep(700);
      expect(stream.count(POKE_EVENT) - before).toBeLessThanOrEqual(3);

      // The LISTEN connections are cut (PostgreSQL restart, network): they reconnect and pokes cross again.
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      try {
        const schema = storeConfig.kind === 'postgres' ? storeConfig.schema : null;
        const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [listenerName(schema)]);
        expect(killed.rowCount).toBe(2);
      } finally {
        await admin.end();
      }
      await sleep(1500);
      const afterCut = stream.count(POKE_EVENT);
      s.changes.notify();
      expect(await stream.waitFor(() => stream.count(POKE_EVENT) > afterCut, 8000)).toBe(true);
    }, 30_000);
  }
});
