/**
 * The hostile-input suite (issue 11): every route of the server gets generated bad input —
 * wrong types, missing and extra fields, NULs, lone surrogates, very long strings, huge and
 * negative numbers, deep nesting, every content type, bodies cut short and too large, wrong
 * and expired credentials, another site's records, hostile path segments and queries
 * (routes.ts has the table, values.ts the values). On SQLite and PostgreSQL, through
 * app.inject; transport.test.ts does what needs a real socket.
 *
 * Every answer: never a 5xx; a 4xx has a message and wrote nothing; what must be refused is
 * refused; /healthz answers after every batch. The server's routes are read from Fastify
 * itself: a route missing from the table fails the first test, naming it.
 *
 * Reproduce a failure with the seed it prints: FIELDDESK_HOSTILE_SEED=<seed> (the same
 * seed gives every property the same inputs; without it the seed is the UTC day). FIELDDESK_HOSTILE_RUNS=<factor> runs more
 * (or fewer) cases per property.
 */
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { describeStores } from '../../test/stores';
import { PREFLIGHT, ROUTES, UNROUTED, setItsmTemplate, type Category, type HostileRequest } from './routes';
import { buildWorld, messageOf, type Fingerprint, type World } from './world';

const envSeed = process.env.FIELDDESK_HOSTILE_SEED;
/**
 * The seed: FIELDDESK_HOSTILE_SEED, else the UTC day — the same inputs all day (a re-run
 * replays a failure), other inputs the next day (the suite keeps looking).
 */
export const BASE_SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Math.floor(Date.now() / 86_400_000);
const RUNS_FACTOR = Number(process.env.FIELDDESK_HOSTILE_RUNS ?? '1') || 1;
/** Shrinking a failure stops here (a failure found is still reported); runs stop here too. */
const PROPERTY_TIME_LIMIT_MS = 20_000;

/** "METHOD /path" of every route Fastify has, from printRoutes' tree (HEAD routes of GETs left out). */
export function routesOf(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = Math.round(at / 4);
    const rest = line.slice(at + 3);
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest);
    if (!m) continue;
    const full = (stack[depth - 1] ?? '') + (m[1] ?? '');
    stack[depth] = full;
    stack.length = depth + 1;
    const methods = (m[2] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    for (const method of methods) if (!(method === 'HEAD' && methods.includes('GET'))) out.push(`${method} ${full}`);
  }
  return out;
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}

function describeRequest(r: HostileRequest): string {
  const size = r.payload === undefined ? 'no body' : `${r.payload.length}-byte body`;
  return `${r.method} ${r.url.slice(0, 160)}${r.url.length > 160 ? `… (${r.url.length} chars)` : ''} [${r.label.slice(0, 160)}; ${size}]`;
}

let requests = 0;
/** The fingerprint after the last request: the next one starts from it unless something wrote in between. */
let baseline: Fingerprint | null = null;

/** Sends one hostile request and holds its answer to the suite's rules. */
async function send(w: World, r: HostileRequest): Promise<void> {
  const extra = r.prepare ? await r.prepare(w) : {};
  const before = r.prepare || !baseline ? await w.fingerprint() : baseline;
  baseline = null;
  requests++;
  const res = await w.s.app.inject({
    method: r.method,
    url: r.url,
    headers: { ...r.headers, ...extra },
    ...(r.payload !== undefined ? { payload: r.payload } : {}),
    ...(r.remoteAddress ? { remoteAddress: r.remoteAddress } : {}),
  });
  const what = `${describeRequest(r)}\n  answered ${res.statusCode}: ${res.body.slice(0, 400)}`;
  expect(res.statusCode, `a 5xx: ${what}`).toBeLessThan(500);
  // No CORS, ever; every answer carries the security headers (README, "Security").
  expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-')), `a CORS header: ${what}`).toEqual([]);
  expect(res.headers['x-content-type-options'], `no nosniff header: ${what}`).toBe('nosniff');
  expect(res.headers['content-security-policy'], `no Content-Security-Policy: ${what}`).toBeTruthy();
  if (r.refuse) expect(res.statusCode, `must be refused with a 4xx: ${what}`).toBeGreaterThanOrEqual(400);
  const after = await w.fingerprint();
  if (res.statusCode >= 400) {
    if (r.method !== 'HEAD') expect(messageOf(res), `a 4xx without a message: ${what}`).toBeTruthy();
    expect(after, `a refused request wrote something: ${what}`).toEqual(before);
  }
  if (r.check) await r.check(res, w, structuredClone(before), structuredClone(after));
  else baseline = after;
}

async function expectHealthy(w: World): Promise<void> {
  const res = await w.s.app.inject({ method: 'GET', url: API.health });
  expect(res.statusCode, `/healthz after the batch: ${res.body}`).toBe(200);
}

async function runCategory(w: World, name: string, category: Category): Promise<void> {
  baseline = null;
  const seed = (BASE_SEED + hashName(name)) | 0;
  const arb = category.arb(w).map((r) => Object.assign(r, { [fc.toStringMethod]: () => describeRequest(r) }));
  try {
    await fc.assert(
      fc.asyncProperty(arb, (r) => send(w, r)),
      { numRuns: Math.max(1, Math.round(category.runs * RUNS_FACTOR)), seed, plugins: [fc.interruptAfterTimeLimit(PROPERTY_TIME_LIMIT_MS)] },
    );
  } catch (error) {
    const e = error as Error;
    e.message = `${name}: reproduce with FIELDDESK_HOSTILE_SEED=${BASE_SEED}\n${e.message}`;
    throw e;
  } finally {
    await expectHealthy(w);
  }
}

describe('routesOf', () => {
  it('lists every method and full path of a Fastify app, nested and wildcard routes too', async () => {
    const app = Fastify();
    const ok = async () => ({ ok: true });
    app.get('/healthz', ok);
    app.get('/api/things/:id', ok);
    app.put('/api/things/:id/upload', ok);
    app.get('/api/things/:id/upload', ok);
    app.post('/api/things', ok);
    app.delete('/api/thingsx', ok);
    app.get('*', ok);
    await app.ready();
    expect(routesOf(app).sort()).toEqual(
      ['DELETE /api/thingsx', 'GET *', 'GET /api/things/:id', 'GET /api/things/:id/upload', 'GET /healthz', 'POST /api/things', 'PUT /api/things/:id/upload'].sort(),
    );
    await app.close();
  });
});

describeStores('hostile input', (h) => {
  let w: World;
  const started = Date.now();

  beforeAll(async () => {
    w = await buildWorld(h);
    const config = await w.s.app.inject({ method: 'GET', url: API.itsmConfig, headers: { authorization: `Bearer ${w.admin.token}` } });
    setItsmTemplate(w, config.json());
  });

  afterAll(async () => {
    console.info(`hostile input [${h.kind}]: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${BASE_SEED})`);
    requests = 0;
    await w?.close();
  });

  it('has every route of the server in its table, and no route the server lacks', () => {
    const served = routesOf(w.s.app);
    expect(served).toContain('GET /healthz');
    const missing = served.filter((r) => !(r in ROUTES));
    expect(missing, `routes with no hostile inputs: add them to server/src/hostile/routes.ts ROUTES: ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(ROUTES).filter((r) => !served.includes(r));
    expect(stale, `ROUTES names routes the server does not have: ${stale.join(', ')}`).toEqual([]);
  });

  for (const [route, spec] of Object.entries(ROUTES)) {
    describe(route, () => {
      for (const [name, category] of Object.entries(spec.categories)) {
        it(name, () => runCategory(w, `${route} ${name}`, category), 60_000);
      }
    });
  }

  it('all of it at once: hostile requests of every route in concurrent waves, no 5xx, every refusal with a message', async () => {
    // Sampled from the same arbitraries (the oversized bodies left out), 3 per category.
    const all: HostileRequest[] = [];
    for (const [route, spec] of Object.entries(ROUTES)) {
      for (const [name, category] of Object.entries(spec.categories)) {
        if (/oversized|sizes|deep/.test(name)) continue;
        all.push(...fc.sample(category.arb(w), { numRuns: 3, seed: (BASE_SEED + hashName(`burst ${route} ${name}`)) | 0 }));
      }
    }
    const waves = 25;
    for (let i = 0; i < all.length; i += waves) {
      const wave = all.slice(i, i + waves);
      const extras = await Promise.all(wave.map((r) => (r.prepare ? r.prepare(w) : Promise.resolve({}))));
      const answers = await Promise.all(
        wave.map((r, j) =>
          w.s.app.inject({
            method: r.method,
            url: r.url,
            headers: { ...r.headers, ...extras[j] },
            ...(r.payload !== undefined ? { payload: r.payload } : {}),
            ...(r.remoteAddress ? { remoteAddress: r.remoteAddress } : {}),
          }),
        ),
      );
      requests += wave.length;
      answers.forEach((res, j) => {
        const r = wave[j] as HostileRequest;
        const what = `${describeRequest(r)} (seed ${BASE_SEED})\n  answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
        expect(res.statusCode, `a 5xx among concurrent requests: ${what}`).toBeLessThan(500);
        if (r.refuse) expect(res.statusCode, `must be refused with a 4xx: ${what}`).toBeGreaterThanOrEqual(400);
        if (res.statusCode >= 400 && r.method !== 'HEAD') expect(messageOf(res), `a 4xx without a message: ${what}`).toBeTruthy();
      });
    }
    await expectHealthy(w);
  }, 60_000);

  it('unrouted paths and methods: 404 with a message', () => runCategory(w, 'unrouted', UNROUTED), 60_000);
  it('CORS preflights from another site: refused, no Access-Control-Allow-* header', () => runCategory(w, 'preflight', PREFLIGHT), 60_000);
});
