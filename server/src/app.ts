/**
 * Builds the FieldDesk server from a configuration: opens and migrates the store, seeds
 * the demo data on first start, and assembles the Fastify app (auth, sync, health, web
 * app). It does not listen: main.ts does, and tests use app.inject().
 */
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { API, type HealthResponse } from '@fielddesk/common/api/http';
import pkg from '../package.json' with { type: 'json' };
import type { ServerConfig } from './config';
import type { AppContext } from './context';
import { openStore, type Store } from './db/database';
import type { Database } from './db/types';
import { installAuthGuard } from './auth/guard';
import { registerAuthRoutes } from './auth/routes';
import { pruneSessions } from './auth/sessions';
import { LoginThrottle } from './auth/throttle';
import { MAX_PARAM_LENGTH, frameworkErrorHandler, installErrorHandler, refuseMissingHost } from './http/errors';
import { DEFAULT_HTTP_LIMITS, installHttpLimits } from './http/limits';
import { installTextGuard } from './http/text';
import { registerAttachmentRoutes } from './attachments/routes';
import { registerItsmConfigRoutes } from './admin/itsm-config';
import { registerSoftwareRoutes } from './inventory/software';
import { registerRecordRoutes } from './records/routes';
import { registerReconciliationRoute } from './cmdb/reconciliation';
import { registerLicenceComplianceRoute } from './licences/compliance';
import { registerAgentInventoryRoute } from './inventory/agent-routes';
import { registerCalendarFeedRoutes } from './calendar/feed';
import { registerPullRoute } from './sync/pull';
import { registerPushRoute } from './sync/push';
import { registerEventsRoute } from './sync/events';
import { createChangeNotifier, type ChangeNotifier } from './sync/notifier';
import { seedDemoData, type SeedOutcome } from './seed/seed';
import { SECURITY_HEADERS, installSecurityHeaders, registerWebApp, type WebAppStatus } from './web';

export const SERVER_VERSION: string = pkg.version;

export interface FieldDeskServer {
  app: FastifyInstance;
  db: Kysely<Database>;
  store: Store;
  /** What the demo seed did at this start. */
  seed: SeedOutcome;
  web: WebAppStatus;
  /** The change notifier: notify() after a write, subscribe() to coalesced pokes. */
  changes: ChangeNotifier;
  /** Stops the HTTP server (if listening) and closes the database. */
  close(): Promise<void>;
}

/** Accepts an empty body as "no body" and refuses prototype-polluting keys. */
function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)));
    } catch (error) {
      const err = error as Error & { statusCode?: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
}

export async function createServer(config: ServerConfig): Promise<FieldDeskServer> {
  const store = await openStore(config.store);
  let seed: SeedOutcome = { seeded: false, reason: 'disabled' };
  let app: FastifyInstance | null = null;
  let changes: ChangeNotifier | null = null;
  try {
    changes = createChangeNotifier({ store: config.store, db: store.db, log: { warn: (message) => app?.log.warn(message) } });
    if (config.seedDemoData) seed = await seedDemoData(store, config);
    if (seed.seeded) changes.notify();

    app = Fastify({
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
      trustProxy: config.trustProxy,
      // One line per request is noise at "info"; ask for "debug" to see them.
      logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
      bodyLimit: 1024 * 1024,
      // Refused by refuseMissingHost with a message instead of Node's bare 400.
      http: { requireHostHeader: false },
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      frameworkErrors: frameworkErrorHandler(SECURITY_HEADERS),
    });
    const ctx: AppContext = {
      config,
      store,
      throttle: new LoginThrottle(store.db, config.loginThrottle),
      sessionTtlMs: config.sessionTtlHours * 3_600_000,
      changes,
    };

    installJsonParser(app);
    installHttpLimits(app, { ...DEFAULT_HTTP_LIMITS, ...config.httpLimits });
    refuseMissingHost(app);
    installErrorHandler(app);
    installTextGuard(app);
    installSecurityHeaders(app);
    await app.register(fastifyCookie);
    installAuthGuard(app, ctx);

    app.get(API.health, async (_request, reply): Promise<HealthResponse> => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok', version: SERVER_VERSION, time: new Date(config.now()).toISOString() };
    });
    registerAuthRoutes(app, ctx);
    registerPushRoute(app, ctx);
    registerPullRoute(app, ctx);
    registerAttachmentRoutes(app, ctx);
    registerEventsRoute(app, ctx);
    registerItsmConfigRoutes(app, ctx);
    registerSoftwareRoutes(app, ctx);
    registerRecordRoutes(app, ctx);
    registerReconciliationRoute(app, ctx);
    registerLicenceComplianceRoute(app, ctx);
    registerAgentInventoryRoute(app, ctx);
    registerCalendarFeedRoutes(app, ctx);
    const web = await registerWebApp(app, config.webDir);
    if (!web.served) app.log.warn(`FieldDesk web app not served: ${web.problem}. Run "npm run build:app" or set FIELDDESK_WEB_DIR.`);

    // Housekeeping: drop expired sessions and stale sign-in counts now and every hour.
    const housekeeping = async () => {
      const now = config.now();
      await pruneSessions(store.db, now);
      await ctx.throttle.prune(now);
    };
    await housekeeping();
    const timer = setInterval(() => {
      housekeeping().catch((error: unknown) => app?.log.warn({ err: error }, 'housekeeping failed'));
    }, 3_600_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));

    await app.ready();
    const ready = app;
    let closed = false;
    return {
      app: ready,
      db: store.db,
      store,
      seed,
      web,
      changes: ctx.changes,
      async close() {
        if (closed) return;
        closed = true;
        await ready.close();
        await ctx.changes.close();
        await store.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await changes?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
