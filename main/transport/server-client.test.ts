/** The HTTP client against a real local HTTP server: routes, bearer token, error mapping. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { ApiError } from '@fielddesk/common/ipc/contract';
import { createServerClient } from './server-client';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
let server: Server;
let baseUrl: string;
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];

const user = { id: '0190f0a0-0000-7000-8000-000000000001', username: 'tech1', displayName: 'Alex Morgan', role: 'technician', siteId: null, groupIds: [] };

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  seen.length = 0;
});

const client = () => createServerClient({ fetch: (input, init) => fetch(input, init), timeoutMs: 1_000, syncTimeoutMs: 1_000, healthTimeoutMs: 1_000 });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('server client', () => {
  it('logs in as a desktop client and returns the token', async () => {
    handler = (_req, _body, res) => json(res, 200, { user, expiresAt: '2030-01-01T00:00:00Z', token: 'tok123' });
    const answer = await client().login(baseUrl, { username: 'tech1', password: 'pw' });
    expect(answer).toEqual({ user, expiresAt: '2030-01-01T00:00:00Z', token: 'tok123' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: API.login, auth: undefined });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ username: 'tech1', password: 'pw', client: 'desktop' });
  });

  it('keeps the reset and remaining fields of a pull answer (issue 3 cursors)', async () => {
    handler = (_req, _body, res) => json(res, 200, { changes: [], cursor: '12.3', hasMore: true, reset: true, remaining: 4200 });
    expect(await client().pull(baseUrl, 'tok', { cursor: '9.2' })).toEqual({ changes: [], cursor: '12.3', hasMore: true, reset: true, remaining: 4200 });
  });

  it('sends the bearer token on push, pull, me and logout, to the routes in common/api/http.ts', async () => {
    handler = (req, _body, res) => {
      if (req.url?.startsWith(API.pull)) json(res, 200, { changes: [], cursor: '7', hasMore: false });
      else if (req.url === API.push) json(res, 200, { results: [{ opId: 'x', status: 'duplicate' }] });
      else if (req.url === API.me) json(res, 200, { user, expiresAt: '2030-01-01T00:00:00Z' });
      else res.writeHead(204).end();
    };
    const c = client();
    expect(await c.pull(baseUrl, 'tok', { cursor: '5', limit: 100 })).toEqual({ changes: [], cursor: '7', hasMore: false, remaining: 0 });
    expect((await c.push(baseUrl, 'tok', { clientId: '0190f0a0-0000-7000-8000-000000000009', ops: [] } as never)).results).toHaveLength(1);
    expect((await c.me(baseUrl, 'tok')).user.username).toBe('tech1');
    await c.logout(baseUrl, 'tok');
    expect(seen.map((s) => `${s.method} ${s.url} ${s.auth}`)).toEqual([
      `GET ${API.pull}?cursor=5&limit=100 Bearer tok`,
      `POST ${API.push} Bearer tok`,
      `GET ${API.me} Bearer tok`,
      `POST ${API.logout} Bearer tok`,
    ]);
  });

  it('lists software with the bearer token and the query, and maps a refusal like other calls', async () => {
    const list = { software: [{ name: 'curl', publisher: 'Debian', installs: 2, versions: [{ version: '8.5.0-2', installs: 2 }] }], total: 1, inventoriedAssets: 4 };
    handler = (req, _body, res) => {
      if (req.url?.startsWith(`${API.software}?q=`)) json(res, 200, list);
      else if (req.url === API.software) json(res, 403, { error: 'forbidden', message: 'Requesters cannot see installed software.' });
      else json(res, 404, { error: 'not_found', message: 'no' });
    };
    const c = client();
    expect(await c.listSoftware(baseUrl, 'tok', { q: 'cu rl', limit: 20, offset: 40 })).toEqual(list);
    expect(seen[0]).toMatchObject({ method: 'GET', url: `${API.software}?q=cu+rl&limit=20&offset=40`, auth: 'Bearer tok' });
    await expect(c.listSoftware(baseUrl, 'tok', {})).rejects.toMatchObject({ code: 'forbidden', message: 'Requesters cannot see installed software.' });

    handler = (_req, _body, res) => json(res, 200, { software: 'none' });
    await expect(c.listSoftware(baseUrl, 'tok', { q: 'x' })).rejects.toMatchObject({ code: 'server', message: expect.stringContaining('did not answer like a FieldDesk server') });
  });

  it('maps a refused connection to "offline" with a sentence naming the server', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const e = await failure(client().login(url, { username: 'tech1', password: 'pw' }));
    expect(e.code).toBe('offline');
    expect(e.message).toBe(`Could not reach the FieldDesk server at ${url}: connection refused.`);
  });

  it('maps an unknown host name to "offline"', async () => {
    const e = await failure(client().health('http://fielddesk.invalid'));
    expect(e.code).toBe('offline');
    expect(e.message).toMatch(/^Could not reach the FieldDesk server at http:\/\/fielddesk\.invalid: the server name could not/);
  });

  it('maps a timeout to "offline" (AbortSignal.timeout)', async () => {
    handler = () => {}; // never answers
    const e = await failure(client().health(baseUrl));
    expect(e.code).toBe('offline');
    expect(e.message).toBe(`Could not reach the FieldDesk server at ${baseUrl}: no answer within 1 second.`);
  });

  it.each([
    [400, 'invalid', 'ops[0].seq: expected a positive number'],
    [401, 'unauthorized', 'Wrong username or password.'],
    [403, 'forbidden', 'Requesters cannot sign in to the app.'],
    [413, 'too_large', 'A push may carry at most 1000 ops.'],
    [429, 'rate_limited', 'Too many sign-in attempts; wait a minute.'],
    [500, 'server', 'Database is locked.'],
  ] as const)('maps %i to "%s" with the server\'s message', async (status, code, message) => {
    handler = (_req, _body, res) => json(res, status, { error: 'x', message });
    const e = await failure(client().push(baseUrl, 'tok', { clientId: 'c', ops: [] } as never));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });

  it('says the address is not a FieldDesk server when it answers 404 or non-JSON', async () => {
    handler = (_req, _body, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    const notFound = await failure(client().login(baseUrl, { username: 'a', password: 'b' }));
    expect(notFound.code).toBe('server');
    expect(notFound.message).toMatch(/does not look like a FieldDesk server \(it answered 404 for \/api\/auth\/login\)/);

    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router admin</html>');
    const html = await failure(client().login(baseUrl, { username: 'a', password: 'b' }));
    expect(html.message).toMatch(/did not answer like a FieldDesk server .*not JSON/);
  });

  it('refuses a login answer without a desktop token', async () => {
    handler = (_req, _body, res) => json(res, 200, { user, expiresAt: '2030-01-01T00:00:00Z', csrfToken: 'web-only' });
    const e = await failure(client().login(baseUrl, { username: 'a', password: 'b' }));
    expect(e.code).toBe('server');
    expect(e.message).toMatch(/token/);
  });
});
