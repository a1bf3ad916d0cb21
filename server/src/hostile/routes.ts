/**
 * The hostile-input suite's table: every route of the server, with the bad input it gets.
 * hostile.test.ts reads the server's routes from Fastify itself (printRoutes) and fails,
 * naming the route, when one is missing here; so a new route cannot ship untried.
 *
 * Each route has categories of generated requests (fast-check arbitraries). The rules the
 * runner holds every request to:
 * - never a 5xx; a 4xx carries a human-readable message;
 * - a 4xx writes nothing (World.fingerprint before and after);
 * - `refuse: true` requests must be answered 4xx (a wrong credential, a malformed body…);
 *   the others may also succeed (an odd but valid text), and then `check` says what must hold;
 * - the server answers /healthz after every batch.
 *
 * Categories shared by many routes are built by the helpers below: credentials (none,
 * malformed, unknown, expired, signed out, cookie without CSRF, cross-site cookie, another
 * scheme), contentTypes (every content type, an empty body, a body cut short), oversized
 * bodies, hostile path segments and query strings.
 */
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { LICENCE_COMPLIANCE_PATH } from '@fielddesk/common/api/licences';
import { API, CALENDAR_FEED_PATH, CMDB_RECONCILIATION_PATH, CSRF_HEADER, SESSION_COOKIE, attachmentPath, recordsPath, uploadPath, type UploadStatus } from '@fielddesk/common/api/http';
import { MAX_ATTACHMENT_BYTES, MAX_PUSH_BYTES, MAX_PUSH_OPS, type PushResponse } from '@fielddesk/common/sync/protocol';
import { glpiInventory, fusionInventory } from '../inventory/agent-test-fixtures';
import { MAX_CHUNK_BODY_BYTES } from '../attachments/routes';
import { AGENT_BODY_LIMIT } from '../inventory/agent-routes';
import { DEMO_PASSWORD, bearer } from '../../test/http';
import { AGENT_PASSWORD, SECRET_MARKER, attachmentOp, opBase, sha256, type Fingerprint, type World } from './world';
import {
  CONTENT_TYPES,
  encodeAny,
  encodeAs,
  hostileKey,
  hostileQuery,
  hostileSegment,
  hostileString,
  hostileValue,
  mutatedBody,
  toJsonText,
  truncated,
} from './values';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

export interface HostileRequest {
  /** What this request tries, for the failure message. */
  label: string;
  method: Method;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress?: string;
  /** Must be answered 4xx. */
  refuse: boolean;
  /** Runs before the fingerprint is taken: adds headers that need a fresh session. */
  prepare?: (w: World) => Promise<Record<string, string>>;
  /** Checked on every answer (after the general rules), with the fingerprints before and after the request. */
  check?: (res: LightMyRequestResponse, w: World, before: Fingerprint, after: Fingerprint) => Promise<void> | void;
}

export interface Category {
  runs: number;
  arb: (w: World) => fc.Arbitrary<HostileRequest>;
}

export type Auth = 'public' | 'session' | 'admin' | 'agent';

export interface RouteSpec {
  auth: Auth;
  /** The route as the tests call it (path parameters filled with valid values). */
  categories: Record<string, Category>;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

const ip = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b, c]) => `10.${a}.${b}.${c}`);

/** Credentials that must all be refused on a route that needs a session (or an admin's). */
function sessionCredentials(method: Method, url: (w: World) => string, body?: (w: World) => string): Category {
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  type Cred = { label: string; headers?: Record<string, string>; prepare?: (w: World) => Promise<Record<string, string>> };
  const creds = (w: World): fc.Arbitrary<Cred> =>
    fc.oneof(
      fc.constant<Cred>({ label: 'no credentials' }),
      fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer short',
          `Bearer ${'A'.repeat(201)}`,
          'Bearer a b',
          'Basic dXNlcjpwYXNz',
          `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}`).toString('base64')}`,
          'Digest username="admin"',
          `bearer  ${'x'.repeat(5000)}`,
          'Bearer %00%00%00%00%00%00%00%00',
          `Bearer ${w.tech.token}x`,
          `Bearer ${w.tech.token.slice(1)}`,
          `Token ${w.tech.token}`,
        )
        .map((a) => ({ label: `Authorization: ${a.slice(0, 40)}`, headers: { authorization: a } })),
      fc.stringMatching(/^[A-Za-z0-9_-]{16,200}$/).map((t) => ({ label: 'unknown bearer token', headers: bearer(t) })),
      fc.constant<Cred>({ label: 'expired session', prepare: async (wo) => bearer(await wo.expiredToken()) }),
      fc.constant<Cred>({ label: 'signed-out session', headers: bearer(w.signedOutToken) }),
      fc.constantFrom('', '%00', 'x'.repeat(4000), `${w.web.cookie.split('=')[1] ?? ''}x`, 'a;b', '"quoted"').map((v) => ({
        label: `cookie ${JSON.stringify(v.slice(0, 20))}`,
        headers: { cookie: `${SESSION_COOKIE}=${v}` },
      })),
      fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'https://localhost:80', 'http://localhost:8080').map((origin) => ({
        label: `cookie from Origin ${origin}`,
        headers: { cookie: w.web.cookie, [CSRF_HEADER]: w.web.csrf, origin },
      })),
      fc.constant<Cred>({ label: 'cookie with Sec-Fetch-Site: cross-site', headers: { cookie: w.web.cookie, [CSRF_HEADER]: w.web.csrf, 'sec-fetch-site': 'cross-site' } }),
      ...(write
        ? [
            fc.constant<Cred>({ label: 'cookie without CSRF header', headers: { cookie: w.web.cookie } }),
            fc.constantFrom('', 'x', w.web.csrf.slice(1), `${w.web.csrf} `, w.web.csrf.toUpperCase()).map((csrf) => ({
              label: `cookie with CSRF ${JSON.stringify(csrf.slice(0, 10))}`,
              headers: { cookie: w.web.cookie, [CSRF_HEADER]: csrf },
            })),
          ]
        : []),
    );
  return {
    runs: 20,
    arb: (w) =>
      fc.tuple(creds(w), fc.constantFrom<Method>(method, ...(method === 'GET' ? (['HEAD'] as Method[]) : []))).map(([c, m]) => ({
        label: c.label,
        method: m,
        url: url(w),
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...c.headers },
        ...(body && m !== 'HEAD' ? { payload: body(w) } : {}),
        ...(c.prepare ? { prepare: c.prepare } : {}),
        refuse: true,
      })),
  };
}

/** Sessions of users who may not use an admin route, with a valid body: 403. */
function nonAdmins(method: Method, url: string, body: (w: World) => string): Category {
  return {
    runs: 6,
    arb: (w) =>
      fc.constantFrom(['tech1', w.tech.token], ['other technician', w.otherTech.token], ['desk agent', w.desk.token]).map(([who, token]) => ({
        label: `${who} as admin`,
        method,
        url,
        headers: { ...bearer(token as string), 'content-type': 'application/json' },
        payload: body(w),
        refuse: true,
      })),
  };
}

/**
 * Every content type (and none) carrying a body. `accepts` says which types the route reads
 * as its body; the others must be refused. `valid` is a body the route would take as JSON.
 */
function contentTypes(
  method: Method,
  url: (w: World) => string,
  headers: (w: World) => Record<string, string>,
  body: (w: World) => Record<string, unknown>,
  options: { refuseAll?: boolean; runs?: number } = {},
): Category {
  return {
    runs: options.runs ?? 25,
    arb: (w) =>
      fc.tuple(fc.constantFrom<string | null>(null, ...CONTENT_TYPES), fc.constantFrom('whole', 'empty', 'cut')).chain(([type, shape]) => {
        const encoded = encodeAs(type, body(w));
        const text = typeof encoded === 'string' ? encoded : encoded.toString('latin1');
        const payloadArb: fc.Arbitrary<string | Buffer> =
          shape === 'whole' ? fc.constant(encoded) : shape === 'empty' ? fc.constant('') : truncated(text).map((t) => Buffer.from(t, 'latin1'));
        return payloadArb.map((payload) => ({
          label: `Content-Type ${type === null ? 'none' : JSON.stringify(type.slice(0, 40))}, ${shape} body`,
          method,
          url: url(w),
          headers: {
            ...headers(w),
            ...(type === null ? {} : { 'content-type': type }),
          },
          payload,
          // A JSON body sent whole as JSON may be taken; anything else must be refused.
          refuse: options.refuseAll === true || shape !== 'whole' || !isJsonType(type),
        }));
      }),
  };
}

/** Types a JSON route may legitimately read as JSON. */
function isJsonType(type: string | null): boolean {
  if (type === null) return false;
  const t = type.toLowerCase();
  return t.startsWith('application/json') && !t.includes('utf-16');
}

/** A body over the route's limit. */
function oversized(method: Method, url: (w: World) => string, headers: (w: World) => Record<string, string>, limit: number, contentType = 'application/json', runs = 2): Category {
  return {
    runs,
    arb: (w) =>
      fc.tuple(fc.integer({ min: 1, max: 64 * 1024 }), fc.constantFrom('string', 'array')).map(([extra, shape]) => {
        const n = limit + extra;
        const payload = shape === 'string' ? `"${'x'.repeat(n)}"` : `[${'1,'.repeat(Math.ceil(n / 2))}1]`;
        return { label: `${payload.length}-byte body (limit ${limit})`, method, url: url(w), headers: { ...headers(w), 'content-type': contentType }, payload, refuse: true };
      }),
  };
}

/** A path with each :param replaced by a hostile segment (the others by valid values). */
function pathParams(method: Method, template: string, valid: (w: World) => Record<string, string>, headers: (w: World) => Record<string, string>, runs = 30): Category {
  const names = [...template.matchAll(/:([a-zA-Z0-9]+)/g)].map((m) => m[1] as string);
  return {
    runs,
    arb: (w) =>
      fc.tuple(fc.constantFrom(...names), hostileSegment, fc.constantFrom<Method>(method, ...(method === 'GET' ? (['HEAD'] as Method[]) : []))).map(([name, segment, m]) => {
        const values = { ...valid(w), [name]: segment };
        const url = template.replace(/:([a-zA-Z0-9]+)/g, (_all, n: string) => values[n] ?? '');
        return { label: `:${name} = ${segment.slice(0, 60)}`, method: m, url, headers: headers(w), refuse: true, check: noSecret };
      }),
  };
}

/** Hostile query strings on a route whose other inputs are valid: may succeed, never a 5xx. */
function queries(method: Method, path: (w: World) => string, names: readonly string[], headers: (w: World) => Record<string, string>, runs = 30): Category {
  return {
    runs,
    arb: (w) =>
      hostileQuery(names).map((q) => ({ label: `?${q.slice(0, 120)}`, method, url: `${path(w)}?${q}`, headers: headers(w), refuse: false })),
  };
}

function noSecret(res: LightMyRequestResponse): void {
  expect(res.body, 'a file outside the web app was served').not.toContain(SECRET_MARKER);
}

const asTech = (w: World) => bearer(w.tech.token);
const asAdmin = (w: World) => bearer(w.admin.token);
const asWebTech = (w: World) => ({ cookie: w.web.cookie, [CSRF_HEADER]: w.web.csrf });
const agentAuth = { authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}`).toString('base64')}` };

// ---------------------------------------------------------------------------------------------
// Push: ops

function worklogOp(w: World, seq = 1, body = 'Replaced the fuser.'): Record<string, unknown> {
  return {
    opId: randomUUID(),
    seq,
    id: randomUUID(),
    clientTime: new Date().toISOString(),
    entity: 'worklog',
    kind: 'create',
    data: { ticketId: w.ownTicket.id, body, minutes: 15, visibility: 'internal' },
  };
}

function pushBody(w: World): Record<string, unknown> {
  return { clientId: randomUUID(), ops: [worklogOp(w)] };
}

/** A push answered 200: one answer per op, each with a known status, every refusal with a reason. */
function checkPushAnswer(res: LightMyRequestResponse, sent: unknown): void {
  if (res.statusCode !== 200) return;
  const body = res.json<PushResponse>();
  const ops = (sent as { ops?: unknown[] }).ops ?? [];
  expect(body.results).toHaveLength(ops.length);
  for (const r of body.results) {
    expect(['applied', 'duplicate', 'conflict', 'rejected']).toContain(r.status);
    if (r.status === 'rejected') expect(r.reason.length).toBeGreaterThan(0);
  }
}

/** Ops of every kind on another site's ticket, asset-free: all must be rejected, writing nothing but the op log. */
function foreignOps(w: World): fc.Arbitrary<Record<string, unknown>[]> {
  const t = w.foreignTicket;
  const base = () => opBase();
  const one = fc.constantFrom<() => Record<string, unknown>>(
    () => ({ ...base(), id: t.id, entity: 'ticket', kind: 'patch', baseRev: t.rev, fields: { title: 'taken over' } }),
    () => ({ ...base(), id: t.id, entity: 'ticket', kind: 'patch', baseRev: t.rev, fields: { status: 'closed' } }),
    () => ({ ...base(), entity: 'worklog', kind: 'create', data: { ticketId: t.id, body: 'not mine', minutes: 1, visibility: 'public' } }),
    () => attachmentOp(t.id, { sha256: sha256(randomUUID()), size: 10, fileName: 'x.txt', mimeType: 'text/plain' }),
    () => ({ ...base(), entity: 'ticket_link', kind: 'create', data: { ticketId: w.ownTicket.id, targetEntity: 'asset', targetId: w.foreignAsset } }),
    () => ({ ...base(), entity: 'ticket_link', kind: 'create', data: { ticketId: t.id, targetEntity: 'asset', targetId: w.ownAsset } }),
    () => ({ ...base(), entity: 'task', kind: 'create', data: { ticketId: t.id, title: 'sneaky task' } }),
  );
  return fc.array(one, { minLength: 1, maxLength: 4 }).map((makers) => makers.map((make, i) => ({ ...make(), seq: i + 1 })));
}

// ---------------------------------------------------------------------------------------------
// Agent bodies

const AGENT_TYPES = ['application/json', 'application/x-compress-zlib', 'application/x-compress-gzip', 'application/xml', 'text/plain', 'application/octet-stream', null] as const;

function agentBodies(): Category {
  return {
    runs: 30,
    arb: () =>
      fc.oneof(
        // A GLPI Agent inventory with one thing wrong.
        mutatedBody(glpiInventory({ name: 'HOSTILE-01', serial: 'HOSTILE01' })).map(({ body, mutation }) => ({
          label: `GLPI inventory, ${mutation.kind} ${mutation.path}`,
          method: 'POST' as Method,
          url: API.agentInventory,
          headers: { ...agentAuth, 'content-type': 'application/json', 'glpi-agent-id': '3a609a2e-947f-4e6a-9af9-32c024ac3944' },
          payload: toJsonText(body),
          refuse: false,
        })),
        // FusionInventory XML with hostile text in a field, a DOCTYPE anywhere, or cut short.
        fc.tuple(fc.constantFrom('name', 'serial', 'doctype-top', 'doctype-late', 'cut', 'nul-raw'), hostileString.filter((s) => s.length < 50_000)).chain(([where, text]) => {
          const xmlText = text.replace(/[<&]/g, '');
          let xml = fusionInventory({ name: where === 'name' ? xmlText : 'pc-hostile-01', serial: where === 'serial' ? xmlText : 'HOSTILE02' });
          const entity = '<!DOCTYPE REQUEST [<!ENTITY x "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">]>';
          let refuse = false;
          if (where === 'doctype-top') {
            xml = xml.replace('?>', `?>${entity}`).replace('<NAME>pc-hostile-01</NAME>', '<NAME>&x;</NAME>');
            refuse = true;
          }
          if (where === 'doctype-late') {
            xml = xml.replace('?>', `?><!--${'c'.repeat(5000)}-->${entity}`).replace('<NAME>pc-hostile-01</NAME>', `<NAME>${'&x;'.repeat(200)}</NAME>`);
            refuse = true;
          }
          if (where === 'nul-raw') xml = xml.replace('<NAME>pc-hostile-01</NAME>', '<NAME>pc\u0000hostile</NAME>');
          const arb = where === 'cut' ? truncated(xml) : fc.constant(xml);
          return arb.map((payload) => ({
            label: `FusionInventory XML: ${where}${where === 'name' || where === 'serial' ? ` = ${JSON.stringify(xmlText.slice(0, 30))}` : ''}`,
            method: 'POST' as Method,
            url: API.agentInventory,
            headers: { ...agentAuth, 'content-type': 'application/xml' },
            payload,
            refuse: refuse || where === 'cut',
          }));
        }),
        // Garbage bytes under every type an agent might send, compressed or not.
        fc.tuple(fc.constantFrom(...AGENT_TYPES), fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('raw', 'zlib-magic', 'gzip-magic', 'cut-zlib', 'cut-gzip')).map(([type, bytes, shape]) => {
          let payload = Buffer.from(bytes);
          if (shape === 'zlib-magic') payload = Buffer.concat([Buffer.from([0x78, 0x9c]), payload]);
          if (shape === 'gzip-magic') payload = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), payload]);
          if (shape === 'cut-zlib') payload = zlib.deflateSync(Buffer.from(JSON.stringify(glpiInventory()))).subarray(0, Math.max(2, bytes.length % 200));
          if (shape === 'cut-gzip') payload = zlib.gzipSync(Buffer.from(JSON.stringify(glpiInventory()))).subarray(0, Math.max(3, bytes.length % 200));
          return {
            label: `${shape} bytes (${payload.length}) as ${type ?? 'no type'}`,
            method: 'POST' as Method,
            url: API.agentInventory,
            headers: { ...agentAuth, ...(type ? { 'content-type': type } : {}) },
            payload,
            // Random bytes can, very rarely, start like JSON; then they are still not an inventory.
            refuse: true,
          };
        }),
        // Deep nesting and hostile whole bodies as JSON.
        hostileValue.map((v) => ({
          label: 'hostile JSON body',
          method: 'POST' as Method,
          url: API.agentInventory,
          headers: { ...agentAuth, 'content-type': 'application/json' },
          payload: toJsonText(v),
          refuse: true,
        })),
        // A compression bomb: 30 MiB of zeros in a small zlib stream.
        fc.constant({
          label: 'zlib bomb (30 MiB of "{" decompressed)',
          method: 'POST' as Method,
          url: API.agentInventory,
          headers: { ...agentAuth, 'content-type': 'application/x-compress-zlib' },
          payload: BOMB(),
          refuse: true,
        }),
      ),
  };
}

let bomb: Buffer | null = null;
function BOMB(): Buffer {
  bomb ??= zlib.deflateSync(Buffer.alloc(30 * 1024 * 1024, '{'));
  return bomb;
}

function agentCredentials(): Category {
  return {
    runs: 20,
    arb: (w) =>
      fc
        .tuple(
          fc.oneof(
            fc.constant<Record<string, string>>({}),
            fc.string({ maxLength: 30 }).map((p) => ({ authorization: `Basic ${Buffer.from(`agent:${p}`).toString('base64')}` })),
            fc.constantFrom(
              { authorization: 'Basic' },
              { authorization: 'Basic !!!!' },
              { authorization: `Basic ${Buffer.from(AGENT_PASSWORD).toString('base64')}` },
              { authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}x`).toString('base64')}` },
              { authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD.toUpperCase()}`).toString('base64')}` },
              { authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}\u0000`).toString('base64')}` },
              bearer(w.tech.token),
              bearer(w.admin.token),
              { cookie: w.web.cookie, [CSRF_HEADER]: w.web.csrf },
            ),
          ),
          ip,
        )
        .map(([headers, remoteAddress]) => ({
          label: `agent credentials ${JSON.stringify(headers).slice(0, 80)}`,
          method: 'POST' as Method,
          url: API.agentInventory,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(glpiInventory({ name: 'NO-AUTH' })),
          remoteAddress,
          refuse: true,
        })),
  };
}

// ---------------------------------------------------------------------------------------------
// The table

const LOGIN_TEMPLATE = { username: 'tech5', password: 'not-the-password', client: 'desktop' };

export const ROUTES: Record<string, RouteSpec> = {
  'GET /healthz': {
    auth: 'public',
    categories: {
      anything: {
        runs: 15,
        arb: () =>
          fc.tuple(fc.constantFrom<Method>('GET', 'HEAD'), hostileQuery(['x']), fc.constantFrom<string | null>(null, ...CONTENT_TYPES), hostileString.filter((s) => s.length < 2000)).map(([m, q, type, body]) => ({
            label: `${m} ?${q.slice(0, 40)} with a ${type ?? 'typeless'} body`,
            method: m,
            url: `${API.health}?${q}`,
            headers: { ...(type ? { 'content-type': type } : {}), authorization: 'Bearer nonsense' },
            ...(m === 'GET' ? { payload: body } : {}),
            refuse: false,
          })),
      },
    },
  },

  'POST /api/auth/login': {
    auth: 'public',
    categories: {
      body: {
        runs: 40,
        arb: () =>
          fc.tuple(mutatedBody(LOGIN_TEMPLATE), ip).map(([{ body, mutation }, remoteAddress]) => ({
            label: `login body, ${mutation.kind} ${mutation.path}`,
            method: 'POST' as Method,
            url: API.login,
            headers: { 'content-type': 'application/json' },
            payload: toJsonText(body),
            remoteAddress,
            refuse: true,
          })),
      },
      texts: {
        // Hostile user names and passwords, alone (no other mistake).
        runs: 30,
        arb: () =>
          fc.tuple(fc.constantFrom('username', 'password'), hostileString, ip).map(([field, text, remoteAddress]) => ({
            label: `login ${field} = ${JSON.stringify(text.slice(0, 30))} (${text.length} chars)`,
            method: 'POST' as Method,
            url: API.login,
            headers: { 'content-type': 'application/json' },
            payload: toJsonText({ ...LOGIN_TEMPLATE, [field]: text }),
            remoteAddress,
            refuse: true,
          })),
      },
      contentTypes: {
        ...contentTypes('POST', () => API.login, () => ({}), () => ({ username: 'tech6', password: DEMO_PASSWORD, client: 'desktop' })),
        arb: (w) =>
          fc.tuple(contentTypes('POST', () => API.login, () => ({}), () => ({ username: 'tech6', password: DEMO_PASSWORD, client: 'desktop' })).arb(w), ip).map(([r, remoteAddress]) => ({ ...r, remoteAddress })),
      },
      crossOrigin: {
        runs: 5,
        arb: () =>
          fc.constantFrom('https://evil.example', 'null', 'http://evil.example').map((origin) => ({
            label: `sign-in from Origin ${origin}`,
            method: 'POST' as Method,
            url: API.login,
            headers: { 'content-type': 'application/json', origin },
            payload: JSON.stringify({ username: 'tech6', password: DEMO_PASSWORD, client: 'web' }),
            refuse: true,
          })),
      },
      oversized: oversized('POST', () => API.login, () => ({}), 1024 * 1024),
    },
  },

  'POST /api/auth/logout': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('POST', () => API.logout),
      contentTypes: {
        // With a fresh session each time: a body of any kind never costs more than the sign-out.
        runs: 15,
        arb: (w) =>
          contentTypes('POST', () => API.logout, () => ({}), () => ({ everything: true }), { refuseAll: false })
            .arb(w)
            .map((r) => ({
              ...r,
              refuse: false,
              prepare: async (wo: World) => {
                const res = await wo.s.app.inject({ method: 'POST', url: API.login, payload: { username: 'tech3', password: DEMO_PASSWORD, client: 'desktop' } });
                return bearer(res.json<{ token: string }>().token);
              },
            })),
      },
    },
  },

  'GET /api/auth/me': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => API.me),
      query: queries('GET', () => API.me, ['x'], asTech, 10),
    },
  },

  'PUT /api/admin/itsm-config': {
    auth: 'admin',
    categories: {
      credentials: sessionCredentials('PUT', () => API.adminItsmConfig, () => '{}'),
      nonAdmins: nonAdmins('PUT', API.adminItsmConfig, (w) => JSON.stringify(itsmTemplate(w))),
      body: {
        runs: 40,
        arb: (w) =>
          mutatedBody(itsmTemplate(w)).map(({ body, mutation }) => ({
            label: `ITSM configuration, ${mutation.kind} ${mutation.path}`,
            method: 'PUT' as Method,
            url: API.adminItsmConfig,
            headers: { ...asAdmin(w), 'content-type': 'application/json' },
            payload: toJsonText(body),
            refuse: false,
            check: checkItsmStored,
          })),
      },
      extremes: {
        // Valid but extreme configurations: stored as answered on both stores, and push and pull still work after.
        runs: 12,
        arb: (w) =>
          fc
            .record({
              reopenPeriodDays: fc.constantFrom(0, 365),
              slaWarningPercent: fc.constantFrom(1, 99),
              minutes: fc.constantFrom(1, 2 ** 31, 2 ** 53 - 1),
              timeZone: fc.constantFrom('Pacific/Chatham', 'Pacific/Kiritimati', 'Etc/GMT-14', 'Etc/GMT+12', 'UTC', 'America/St_Johns', 'Asia/Kathmandu'),
              hours: fc.constantFrom<[number, string, string][]>([[0, '00:00', '24:00']], [[6, '23:59', '24:00']], [0, 1, 2, 3, 4, 5, 6].map((d) => [d, '00:00', '24:00'])),
              holidays: fc.integer({ min: 0, max: 1_000 }),
              text: fc.constantFrom('💥'.repeat(100), '‮⁦evil', '%_\\\'"', 'x'.repeat(200), 'Ünïcödé  spaces ', '<script>alert(1)</script>'),
            })
            .map((x) => {
              const config = itsmTemplate(w) as Record<string, unknown> & { calendars: Record<string, unknown>[]; slaPolicies: Record<string, unknown>[] };
              config.reopenPeriodDays = x.reopenPeriodDays;
              config.slaWarningPercent = x.slaWarningPercent;
              const start = Date.UTC(2020, 0, 1);
              config.calendars = config.calendars.map((c) => ({
                ...c,
                name: x.text.slice(0, 200),
                timeZone: x.timeZone,
                hours: x.hours.map(([day, from, to]) => ({ day, start: from, end: to })),
                holidays: Array.from({ length: x.holidays }, (_, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), name: x.text.slice(0, 20) })),
              }));
              config.slaPolicies = config.slaPolicies.map((p) => ({ ...p, name: x.text.slice(0, 200), responseMinutes: x.minutes, resolutionMinutes: x.minutes }));
              config.resolutionCodes = [x.text.slice(0, 100)];
              config.categories = [{ name: x.text.slice(0, 100), subcategories: [x.text.slice(0, 100)] }];
              return {
                label: `ITSM configuration at its extremes: ${JSON.stringify({ ...x, text: x.text.slice(0, 12) })}`,
                method: 'PUT' as Method,
                url: API.adminItsmConfig,
                headers: { ...asAdmin(w), 'content-type': 'application/json' },
                payload: JSON.stringify(config),
                refuse: false,
                check: async (res, wo) => {
                  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
                  await checkItsmStored(res, wo);
                },
              };
            }),
      },
      contentTypes: {
        ...contentTypes('PUT', () => API.adminItsmConfig, asAdmin, (w) => itsmTemplate(w)),
        arb: (w) => contentTypes('PUT', () => API.adminItsmConfig, asAdmin, (ww) => itsmTemplate(ww)).arb(w).map((r) => ({ ...r, check: checkItsmStored })),
      },
      oversized: oversized('PUT', () => API.adminItsmConfig, asAdmin, 1024 * 1024),
    },
  },

  'GET /api/itsm-config': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => API.itsmConfig),
      query: queries('GET', () => API.itsmConfig, ['x'], asTech, 10),
    },
  },

  'GET /api/assets/:id/software': assetRoute('software'),
  'GET /api/assets/:id/inventories': assetRoute('inventories'),

  'GET /api/attachments/:sha256': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', (w) => attachmentPath(w.foreignFile.sha256)),
      params: pathParams('GET', '/api/attachments/:sha256', () => ({}), asTech),
      foreign: {
        // Another site's file: unseen by its hash, and still unseen after attaching the hash to one's own ticket.
        runs: 6,
        arb: (w) =>
          fc.tuple(fc.boolean(), fc.constantFrom('application/pdf', 'text/html', 'image/png')).map(([attachFirst, mimeType]) => ({
            label: `another site's file${attachFirst ? ', its hash attached to tech1’s own ticket first' : ''}`,
            method: 'GET' as Method,
            url: attachmentPath(w.foreignFile.sha256),
            headers: asTech(w),
            refuse: true,
            ...(attachFirst
              ? {
                  prepare: async (wo: World) => {
                    await wo.s.app.inject({
                      method: 'POST',
                      url: API.push,
                      headers: bearer(wo.tech.token),
                      payload: {
                        clientId: randomUUID(),
                        ops: [attachmentOp(wo.ownTicket.id, { sha256: wo.foreignFile.sha256, size: wo.foreignFile.bytes.length, fileName: 'mine.pdf', mimeType })],
                      },
                    });
                    return {};
                  },
                }
              : {}),
            check: (res) => expect(res.rawPayload.includes(w.foreignFile.bytes), "another site's file was served").toBe(false),
          })),
      },
    },
  },

  'GET /api/attachments/:sha256/upload': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', (w) => uploadPath(w.foreignFile.sha256)),
      params: pathParams('GET', '/api/attachments/:sha256/upload', () => ({}), asTech),
      foreign: {
        runs: 3,
        arb: (w) =>
          // tech1 may see no record of the file (the other technician may: it is their site's).
          fc.boolean().map((web) => ({
            label: `upload status of a file tech1 has no visible record of (another site's)${web ? ', web session' : ''}`,
            method: 'GET' as Method,
            url: uploadPath(w.foreignFile.sha256),
            headers: web ? asWebTech(w) : asTech(w),
            refuse: false,
            check: (res) => {
              if (res.statusCode !== 200) return;
              const status = res.json<UploadStatus>();
              expect({ complete: status.complete, received: status.received }, 'the upload status tells whether another site’s file exists').toEqual({ complete: false, received: 0 });
            },
          })),
      },
    },
  },

  'PUT /api/attachments/:sha256/upload': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('PUT', () => `${uploadPath(sha256('x'))}?offset=0&size=1`, () => 'x'),
      params: {
        ...pathParams('PUT', '/api/attachments/:sha256/upload', () => ({}), (w) => ({ ...asTech(w), 'content-type': 'application/octet-stream' })),
        arb: (w) =>
          pathParams('PUT', '/api/attachments/:sha256/upload', () => ({}), (ww) => ({ ...asTech(ww), 'content-type': 'application/octet-stream' }))
            .arb(w)
            .map((r) => ({ ...r, url: `${r.url}?offset=0&size=1`, payload: 'x' })),
      },
      query: {
        runs: 30,
        arb: (w) =>
          fc.tuple(hostileQuery(['offset', 'size']), fc.uint8Array({ maxLength: 64 })).map(([q, bytes]) => ({
            label: `?${q.slice(0, 100)} with ${bytes.length} bytes`,
            method: 'PUT' as Method,
            url: `${uploadPath(sha256(Buffer.from(bytes)))}?${q}`,
            headers: { ...asTech(w), 'content-type': 'application/octet-stream' },
            payload: Buffer.from(bytes),
            refuse: false,
          })),
      },
      numbers: {
        // Offsets and sizes out of range, chunks past the end, a finished file of the wrong hash.
        runs: 25,
        arb: (w) =>
          fc
            .tuple(
              fc.constantFrom('-1', '0', '1', '1.5', '1e3', String(MAX_ATTACHMENT_BYTES + 1), String(2 ** 53 + 2), '1e308', '99999999999999999999999', '0x10', ' 1'),
              fc.constantFrom('-1', '0', '1', '3', String(MAX_ATTACHMENT_BYTES + 1), String(2 ** 53 + 2), '1e308', 'NaN', '-0'),
              fc.uint8Array({ minLength: 1, maxLength: 64 }),
            )
            .map(([offset, size, bytes]) => {
              const body = Buffer.from(bytes);
              // The hash named is never the body's: a finished upload must fail its check.
              return {
                label: `offset=${offset}&size=${size} with ${body.length} bytes`,
                method: 'PUT' as Method,
                url: `${uploadPath(sha256(Buffer.concat([body, Buffer.from('other')])))}?offset=${offset}&size=${size}`,
                headers: { ...asTech(w), 'content-type': 'application/octet-stream' },
                payload: body,
                // Only a first chunk of a larger file may be taken (and kept as a partial upload).
                refuse: !(Number(offset) === 0 && Number.isInteger(Number(size)) && Number(size) > body.length && Number(size) <= MAX_ATTACHMENT_BYTES),
              };
            }),
      },
      contentTypes: {
        runs: 20,
        arb: (w) =>
          fc.constantFrom<string | null>(null, ...CONTENT_TYPES.filter((t) => t !== 'application/octet-stream')).map((type) => ({
            label: `chunk as ${type ?? 'no type'}`,
            method: 'PUT' as Method,
            url: `${uploadPath(sha256('abc'))}?offset=0&size=3`,
            headers: { ...asTech(w), ...(type ? { 'content-type': type } : {}) },
            payload: 'abc',
            refuse: true,
          })),
      },
      oversized: oversized('PUT', () => `${uploadPath(sha256('big'))}?offset=0&size=${MAX_CHUNK_BODY_BYTES + 70_000}`, asTech, MAX_CHUNK_BODY_BYTES, 'application/octet-stream'),
    },
  },

  'GET /api/sync/pull': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => API.pull),
      query: {
        ...queries('GET', () => API.pull, ['cursor', 'limit'], asTech, 40),
      },
    },
  },

  'POST /api/sync/push': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('POST', () => API.push, (w) => JSON.stringify(pushBody(w))),
      body: {
        runs: 60,
        arb: (w) =>
          // As the desktop app (bearer) or the web app (session cookie and CSRF header).
          fc.boolean().chain((web) =>
            mutatedBody(pushBody(w)).map(({ body, mutation }) => ({
              label: `push${web ? ' (web session)' : ''}, ${mutation.kind} ${mutation.path}`,
              method: 'POST' as Method,
              url: API.push,
              headers: { ...(web ? asWebTech(w) : asTech(w)), 'content-type': 'application/json' },
              payload: toJsonText(body),
              refuse: false,
              check: (res) => checkPushAnswer(res, body),
            })),
          ),
      },
      texts: {
        // [good op, op with hostile text, good op]: answered per op, the good ones applied whatever the middle one is.
        runs: 30,
        arb: (w) =>
          fc.tuple(hostileString.filter((s) => s.length <= 30_000), fc.constantFrom('body', 'fileName', 'title')).map(([text, field]) => {
            const middle =
              field === 'body'
                ? worklogOp(w, 2, text)
                : field === 'fileName'
                  ? attachmentOp(w.ownTicket.id, { sha256: sha256(text), size: 1, fileName: text, mimeType: 'text/plain' }, 2)
                  : { opId: randomUUID(), seq: 2, id: randomUUID(), clientTime: new Date().toISOString(), entity: 'ticket', kind: 'create', data: { kind: 'incident', title: text, priority: 3 } };
            const ops = [worklogOp(w, 1), middle, worklogOp(w, 3)];
            return {
              label: `[good, ${field} = ${JSON.stringify(text.slice(0, 30))} (${text.length} chars), good]`,
              method: 'POST' as Method,
              url: API.push,
              headers: { ...asTech(w), 'content-type': 'application/json' },
              payload: toJsonText({ clientId: randomUUID(), ops }),
              refuse: false,
              check: async (res, wo) => {
                // A text a schema refuses may refuse the whole batch (400); anything else is answered per op.
                if (res.statusCode === 400) return;
                expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
                checkPushAnswer(res, { ops });
                const results = res.json<PushResponse>().results;
                expect(results[0]?.status, 'the good op before the hostile one').toBe('applied');
                expect(results[2]?.status, 'the good op after the hostile one').toBe('applied');
                const r = results[1];
                if (r?.status === 'applied' && field === 'body') {
                  // What the answer says was stored is what the store holds (SQLite and PostgreSQL alike).
                  const row = await wo.s.db.selectFrom('worklogs').select('body').where('id', '=', r.record.id).executeTakeFirstOrThrow();
                  expect(row.body).toBe((r.record as { body: string }).body);
                }
              },
            };
          }),
      },
      foreign: {
        runs: 15,
        arb: (w) =>
          foreignOps(w).map((ops) => ({
            label: `ops on another site's ticket: ${ops.map((o) => `${String(o.entity)}.${String(o.kind)}`).join(', ')}`,
            method: 'POST' as Method,
            url: API.push,
            headers: { ...asTech(w), 'content-type': 'application/json' },
            payload: JSON.stringify({ clientId: randomUUID(), ops }),
            refuse: false,
            check: (res, _w, before, after) => {
              expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
              const results = res.json<PushResponse>().results;
              expect(results.map((r) => r.status)).toEqual(ops.map(() => 'rejected'));
              for (const table of ['sync_ops', 'sync_clients']) {
                delete after[table];
                delete before[table];
              }
              expect(after, 'ops on another site’s ticket wrote something').toEqual(before);
            },
          })),
      },
      contentTypes: {
        ...contentTypes('POST', () => API.push, asTech, pushBody),
        // push reads its body as text whatever the type, so a whole JSON body may be taken under any type.
        arb: (w) => contentTypes('POST', () => API.push, asTech, pushBody).arb(w).map((r) => ({ ...r, refuse: r.refuse && !r.label.includes('whole') })),
      },
      encodings: {
        // Content-Encoding the server does not undo: a compressed body is not JSON; a plain one may be taken.
        runs: 10,
        arb: (w) =>
          fc.tuple(fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-unknown', 'gzip, gzip', ''), fc.boolean()).map(([encoding, compressed]) => {
            const text = JSON.stringify(pushBody(w));
            return {
              label: `Content-Encoding ${JSON.stringify(encoding)}, ${compressed ? 'gzip-compressed' : 'plain'} body`,
              method: 'POST' as Method,
              url: API.push,
              headers: { ...asTech(w), 'content-type': 'application/json', 'content-encoding': encoding },
              payload: compressed ? zlib.gzipSync(text) : text,
              refuse: compressed,
            };
          }),
      },
      sizes: {
        runs: 3,
        arb: (w) =>
          fc.constantFrom('bytes', 'ops').map((what) => {
            const payload =
              what === 'bytes'
                ? JSON.stringify({ clientId: randomUUID(), ops: [worklogOp(w, 1, 'x'.repeat(MAX_PUSH_BYTES))] })
                : JSON.stringify({ clientId: randomUUID(), ops: Array.from({ length: MAX_PUSH_OPS + 1 }, (_, i) => worklogOp(w, i + 1)) });
            return { label: `push over the ${what} limit`, method: 'POST' as Method, url: API.push, headers: { ...asTech(w), 'content-type': 'application/json' }, payload, refuse: true };
          }),
      },
      deep: {
        runs: 5,
        arb: (w) =>
          fc.integer({ min: 1_000, max: 400_000 }).map((depth) => ({
            label: `ops nested ${depth} deep`,
            method: 'POST' as Method,
            url: API.push,
            headers: { ...asTech(w), 'content-type': 'application/json' },
            payload: `{"clientId":"${randomUUID()}","ops":${'['.repeat(depth)}${']'.repeat(depth)}}`,
            refuse: true,
          })),
      },
    },
  },

  'GET /api/sync/events': {
    auth: 'session',
    categories: {
      // With a valid session this is a stream that stays open: the bad inputs are the credentials.
      credentials: sessionCredentials('GET', () => API.events),
    },
  },

  'POST /api/inventory': {
    auth: 'agent',
    categories: {
      credentials: agentCredentials(),
      body: agentBodies(),
      oversized: oversized('POST', () => API.agentInventory, () => agentAuth, AGENT_BODY_LIMIT, 'application/json', 1),
    },
  },

  'GET /api/inventory/software': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => API.software),
      query: queries('GET', () => API.software, ['q', 'limit', 'offset'], asTech, 40),
      texts: {
        runs: 20,
        arb: (w) =>
          hostileString.filter((s) => s.length < 3000).map((q) => ({
            label: `q = ${JSON.stringify(q.slice(0, 40))}`,
            method: 'GET' as Method,
            url: `${API.software}?q=${encodeAny(q)}`,
            headers: asTech(w),
            refuse: false,
          })),
      },
    },
  },

  'GET /api/records/:entity': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => recordsPath('asset')),
      params: pathParams('GET', '/api/records/:entity', () => ({}), asTech),
      query: queries('GET', () => recordsPath('asset'), ['limit', 'after', 'sinceRev'], asTech, 30),
      scope: {
        // Whatever the paging, a technician never reads another site's asset.
        runs: 5,
        arb: (w) =>
          fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('', '0', w.foreignAsset)).map(([limit, after]) => ({
            label: `limit ${limit}, after ${after || '(none)'}`,
            method: 'GET' as Method,
            url: `${recordsPath('asset')}?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
            headers: asTech(w),
            refuse: false,
            check: (res) => {
              expect(res.statusCode).toBe(200);
              expect(res.body).not.toContain(w.foreignAsset);
            },
          })),
      },
    },
  },

  'GET /api/cmdb/reconciliation': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => CMDB_RECONCILIATION_PATH),
      query: queries('GET', () => CMDB_RECONCILIATION_PATH, ['days'], asTech, 20),
    },
  },

  'GET /api/licences/compliance': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => LICENCE_COMPLIANCE_PATH),
      query: queries('GET', () => LICENCE_COMPLIANCE_PATH, ['q'], asTech, 20),
    },
  },

  'POST /api/calendar/feed': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('POST', () => CALENDAR_FEED_PATH, () => '{}'),
    },
  },

  'GET /api/calendar/feed': {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', () => CALENDAR_FEED_PATH),
      query: queries('GET', () => CALENDAR_FEED_PATH, ['x'], asTech, 10),
    },
  },

  // The ICS feed's secret address: any other segment is a 404 (or 401 when it does not even look like a feed), never a feed.
  'GET /api/calendar/:file': {
    auth: 'public',
    categories: {
      params: pathParams('GET', '/api/calendar/:file', () => ({ file: 'unknown-token.ics' }), () => ({})),
    },
  },

  // The web app (@fastify/static): traversal, NUL, very long and odd paths never reach a file outside it.
  'GET *': {
    auth: 'public',
    categories: {
      paths: {
        runs: 40,
        arb: (w) =>
          fc.tuple(fc.array(hostileSegment, { minLength: 1, maxLength: 4 }), fc.constantFrom<Method>('GET', 'HEAD'), fc.constantFrom('', '/assets/', '/%2e%2e/', '//', '/./')).map(([segments, method, prefix]) => ({
            label: `${method} ${prefix}${segments.join('/').slice(0, 80)}`,
            method,
            url: `/${prefix.replace(/^\//, '')}${segments.join('/')}`,
            headers: asWebTech(w),
            refuse: false,
            check: noSecret,
          })),
      },
      headers: {
        // Ranges, conditions and encodings a browser or a scanner sends for a file.
        runs: 20,
        arb: () =>
          fc
            .tuple(
              fc.constantFrom('/', '/index.html', '/assets/app-1234.js', '/tickets/1'),
              fc.constantFrom<[string, string]>(
                ['range', 'bytes=999999999-'],
                ['range', 'bytes=5-2'],
                ['range', 'bytes=-0'],
                ['range', 'bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13,14-15,16-17,18-19,20-21'],
                ['range', 'items=0-1'],
                ['range', `bytes=${'0-1,'.repeat(500)}0-1`],
                ['if-modified-since', 'not a date'],
                ['if-none-match', '*'],
                ['if-match', '"nope"'],
                ['if-unmodified-since', 'Thu, 01 Jan 1970 00:00:00 GMT'],
                ['if-range', 'garbage'],
                ['accept-encoding', 'br;q=2, *;q=-1, gzip;q=NaN'],
                ['accept', 'x/y;q=abc'],
              ),
              fc.constantFrom<Method>('GET', 'HEAD'),
            )
            .map(([url, [name, value], method]) => ({
              label: `${method} ${url} with ${name}: ${value.slice(0, 40)}`,
              method,
              url,
              headers: { [name]: value },
              refuse: false,
              check: noSecret,
            })),
      },
      traversal: {
        runs: 10,
        arb: () =>
          fc.constantFrom('/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/.env', '/assets/..%2f.env', '/..%5csecret.txt', '/%2e%2e%5csecret.txt', '/assets/%c0%ae%c0%ae/secret.txt', '/index.html%00.js').map((url) => ({
            label: `GET ${url}`,
            method: 'GET' as Method,
            url,
            refuse: false,
            check: noSecret,
          })),
      },
    },
  },
};

/** CORS preflights from another site to every route: refused (404: no route takes OPTIONS), never allowed. */
export const PREFLIGHT: Category = {
  runs: 10,
  arb: () =>
    fc.tuple(fc.constantFrom(...Object.keys(ROUTES).map((r) => r.split(' ')[1] as string)), fc.constantFrom('GET', 'POST', 'PUT', 'DELETE')).map(([path, method]) => ({
      label: `CORS preflight for ${method}`,
      method: 'OPTIONS' as Method,
      url: path.replace(/:[a-z0-9]+/gi, 'x').replace('*', 'index.html'),
      headers: { origin: 'https://evil.example', 'access-control-request-method': method, 'access-control-request-headers': 'content-type, x-fielddesk-csrf' },
      refuse: true,
    })),
};

/** Requests no route takes: unknown paths and methods. Answered 404 with a message. */
export const UNROUTED: Category = {
  runs: 30,
  arb: (w) =>
    fc
      .tuple(
        fc.constantFrom<Method>('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.oneof(
          fc.constantFrom('/api', '/api/', '/api/sync', '/api/sync/push/x', '/api/auth', '/api/admin', '/api/attachments', '/api/assets/x', '/healthz/x', '/api/%00', '/api/../healthz'),
          fc.array(hostileSegment, { minLength: 1, maxLength: 3 }).map((s) => `/api/${s.join('/')}`),
        ),
        hostileKey,
      )
      .map(([method, path, body]) => ({
        label: `${method} ${path.slice(0, 80)}`,
        method,
        url: path,
        headers: { ...asTech(w), 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { payload: JSON.stringify({ [body]: 1 }) }),
        // A path with dot segments may resolve out of /api (to the web app or /healthz), like a browser resolves it.
        refuse: !/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(path),
        check: noSecret,
      })),
};

function assetRoute(which: 'software' | 'inventories'): RouteSpec {
  const url = (id: string) => `/api/assets/${encodeURIComponent(id)}/${which}`;
  return {
    auth: 'session',
    categories: {
      credentials: sessionCredentials('GET', (w) => url(w.ownAsset)),
      params: pathParams('GET', `/api/assets/:id/${which}`, () => ({}), asTech),
      foreign: {
        runs: 3,
        arb: (w) =>
          fc.constantFrom<Method>('GET', 'HEAD').map((method) => ({
            label: `another site's asset`,
            method,
            url: url(w.foreignAsset),
            headers: asTech(w),
            refuse: true,
          })),
      },
      query: queries('GET', (w) => url(w.ownAsset), ['x'], asTech, 10),
    },
  };
}

/** The ITSM configuration as GET answers it (read once per world). */
const itsmTemplates = new WeakMap<World, Record<string, unknown>>();
export function setItsmTemplate(w: World, config: Record<string, unknown>): void {
  itsmTemplates.set(w, config);
}
function itsmTemplate(w: World): Record<string, unknown> {
  const t = itsmTemplates.get(w);
  if (!t) throw new Error('setItsmTemplate first');
  return structuredClone(t);
}

/**
 * A configuration the server took is the one it stores (both stores alike), and it poisons
 * nothing: a technician still creates and changes tickets and pulls (push computes
 * priorities and SLA clocks with it). Then the original goes back.
 */
async function checkItsmStored(res: LightMyRequestResponse, w: World): Promise<void> {
  if (res.statusCode !== 200) return;
  const saved = res.json<Record<string, unknown>>();
  const read = await w.s.app.inject({ method: 'GET', url: API.itsmConfig, headers: asTech(w) });
  expect(read.json(), 'the stored configuration differs from the one the PUT answered').toEqual(saved);
  const now = new Date().toISOString();
  const ticketId = randomUUID();
  const ops = [
    { opId: randomUUID(), seq: 1, id: ticketId, clientTime: now, entity: 'ticket', kind: 'create', data: { kind: 'incident', title: 'after a new configuration', impact: 1, urgency: 1 } },
    { opId: randomUUID(), seq: 2, id: ticketId, clientTime: now, entity: 'ticket', kind: 'patch', baseRev: 0, fields: { status: 'in_progress' } },
    { opId: randomUUID(), seq: 3, id: w.ownTicket.id, clientTime: now, entity: 'ticket', kind: 'patch', baseRev: w.ownTicket.rev, fields: { priority: 1 } },
    worklogOp(w, 4),
  ];
  const pushed = await w.s.app.inject({ method: 'POST', url: API.push, headers: asTech(w), payload: { clientId: randomUUID(), ops } });
  expect(pushed.statusCode, `a push after the configuration was accepted: ${pushed.body.slice(0, 300)}`).toBe(200);
  checkPushAnswer(pushed, { ops });
  const pulled = await w.s.app.inject({ method: 'GET', url: `${API.pull}?limit=50`, headers: asTech(w) });
  expect(pulled.statusCode, `a pull after the configuration was accepted: ${pulled.body.slice(0, 300)}`).toBe(200);
  const restore = await w.s.app.inject({ method: 'PUT', url: API.adminItsmConfig, headers: asAdmin(w), payload: itsmTemplate(w) });
  expect(restore.statusCode, restore.body).toBe(200);
}

export type { InjectOptions };
