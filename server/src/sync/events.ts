/**
 * GET /api/sync/events: server-sent events telling a signed-in client when to pull.
 *
 *   event: poke        (empty data) something changed that may concern you: pull now
 *   : heartbeat        a comment every 25 s, so proxies and clients see a live stream
 *
 * Pokes carry no data (the pull decides what the user may see), come from the change
 * notifier (sync/notifier.ts) and are therefore coalesced: at most one per 200 ms. The
 * route is authenticated like every /api route (bearer or session cookie, by the guard).
 * The session is checked again at every heartbeat: a stream of a signed-out or expired
 * session ends. Streams end on disconnect, and all of them when the server closes.
 */
import type { FastifyInstance } from 'fastify';
import { API, POKE_EVENT } from '@fielddesk/common/api/http';
import type { AppContext } from '../context';
import { requireAuth } from '../auth/guard';
import { SECURITY_HEADERS } from '../web';

export const HEARTBEAT_MS = 25_000;

export function registerEventsRoute(app: FastifyInstance, ctx: AppContext, options: { heartbeatMs?: number } = {}): void {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const open = new Set<() => void>();

  // Before the server stops listening: end every stream, or close() would wait for them.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(API.events, async (request, reply) => {
    const auth = requireAuth(request);
    const tokenHash = auth.session.tokenHash;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Tell EventSource how long to wait before reconnecting, and flush the headers.
    res.write('retry: 3000\n: connected\n\n');

    let ended = false;
    const unsubscribe = ctx.changes.subscribe(() => {
      if (!ended) res.write(`event: ${POKE_EVENT}\ndata:\n\n`);
    });
    const heartbeat = setInterval(() => {
      void (async () => {
        const row = await ctx.store.db.selectFrom('sessions').select('expires_at').where('token_hash', '=', tokenHash).executeTakeFirst();
        if (!row || Number(row.expires_at) <= ctx.config.now()) return end();
        if (!ended) res.write(': heartbeat\n\n');
      })().catch(() => undefined);
    }, heartbeatMs);
    heartbeat.unref();

    function end(): void {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      if (!res.writableEnded) res.end();
    }
    open.add(end);
    request.raw.on('close', end);
    res.on('close', end);
    res.on('error', end);
  });
}
