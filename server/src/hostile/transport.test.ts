/**
 * The hostile-input suite over a real socket (hostile.test.ts does the rest through
 * app.inject): what only the transport shows. Bodies cut short (the client stops sending,
 * or half-closes, before Content-Length), a body sent too slowly, oversized bodies whose 413
 * the client must get to read, oversized and malformed headers and request lines, requests
 * that try to smuggle a second one (Content-Length with Transfer-Encoding, two lengths).
 *
 * Every case: no 5xx; an answer, if any, is a 4xx with a message; nothing is written; the
 * server still answers /healthz on a new connection. On SQLite and PostgreSQL.
 */
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API, uploadPath } from '@fielddesk/common/api/http';
import { describeStores } from '../../test/stores';
import { AGENT_PASSWORD, buildWorld, sha256, type Fingerprint, type World } from './world';

/**
 * The pause without a byte after which this suite's server drops a body: shorter than the
 * server's default (BODY_IDLE_TIMEOUT_MS, set in createServer) so the suite does not wait half a
 * minute; limits.test.ts checks the mechanism, this suite that the real server has it in place.
 */
const BODY_IDLE_MS = 3_000;
/** How long the server may take to give up on a body that stops arriving: its body pause limit, and a little. */
const SLOW_BODY_LIMIT_MS = BODY_IDLE_MS + 3_000;

interface RawAnswer {
  status: number | null;
  head: string;
  body: string;
  /** The server closed the connection (before our wait ended). */
  closed: boolean;
  ms: number;
}

function parseAnswer(text: string): Pick<RawAnswer, 'status' | 'head' | 'body'> {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  if (/transfer-encoding:\s*chunked/i.test(head)) {
    let out = '';
    let rest = body;
    for (;;) {
      const nl = rest.indexOf('\r\n');
      if (nl < 0) break;
      const size = parseInt(rest.slice(0, nl), 16);
      if (!size) break;
      out += rest.slice(nl + 2, nl + 2 + size);
      rest = rest.slice(nl + 2 + size + 2);
    }
    body = out;
  }
  return { status: m ? Number(m[1]) : null, head, body };
}

/**
 * Writes `parts` on a new connection (pausing `gapMs` between them), optionally half-closes,
 * and reads until the server closes or `waitMs` passes.
 */
async function exchange(port: number, parts: (string | Buffer)[], options: { halfClose?: boolean; waitMs?: number; gapMs?: number } = {}): Promise<RawAnswer> {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on('data', (d: Buffer) => chunks.push(d));
  const done = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (const part of parts) {
    if (socket.destroyed) break;
    socket.write(part);
    if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
  }
  if (options.halfClose && !socket.destroyed) socket.end();
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.waitMs ?? 3_000).unref());
  closed = (await Promise.race([done.then(() => 'closed' as const), timer])) === 'closed';
  socket.destroy();
  return { ...parseAnswer(Buffer.concat(chunks).toString('latin1')), closed, ms: Date.now() - started };
}

function messageIn(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' && parsed.message.length > 0 ? parsed.message : null;
  } catch {
    return null;
  }
}

describeStores('hostile input over a socket', (h) => {
  let w: World;
  let port: number;
  let slow: Promise<RawAnswer> | null = null;

  beforeAll(async () => {
    w = await buildWorld(h, { httpLimits: { bodyIdleTimeoutMs: BODY_IDLE_MS } });
    await w.s.app.listen({ host: '127.0.0.1', port: 0 });
    port = (w.s.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await w?.close();
  });

  async function expectHealthy(): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${port}${API.health}`);
    expect(res.status).toBe(200);
  }

  /** The rules for one raw exchange: no 5xx, a 4xx with a message, nothing written. */
  async function holds(what: string, answer: RawAnswer, before: Fingerprint): Promise<void> {
    const text = `${what}: answered ${answer.status ?? 'nothing'}${answer.closed ? ', closed' : ''} ${answer.body.slice(0, 200)}`;
    if (answer.status !== null) {
      expect(answer.status, text).toBeGreaterThanOrEqual(400);
      expect(answer.status, text).toBeLessThan(500);
      expect(messageIn(answer.body), `no message: ${text}`).toBeTruthy();
    }
    expect(await w.fingerprint(), `wrote something: ${text}`).toEqual(before);
    await expectHealthy();
  }

  const bearerHeader = () => `Authorization: Bearer ${w.tech.token}\r\n`;
  const agentHeader = () => `Authorization: Basic ${Buffer.from(`agent:${AGENT_PASSWORD}`).toString('base64')}\r\n`;

  /** Body routes with a body they would take whole. */
  const BODY_ROUTES = () =>
    [
      { method: 'POST', path: API.login, headers: 'Content-Type: application/json\r\n', body: JSON.stringify({ username: 'tech4', password: 'fielddesk-demo', client: 'desktop' }) },
      { method: 'POST', path: API.push, headers: `${bearerHeader()}Content-Type: application/json\r\n`, body: JSON.stringify({ clientId: '7d4c6f0e-52b1-4a8e-9a55-3f1c8c2b9d10', ops: [] }) },
      { method: 'PUT', path: API.adminItsmConfig, headers: `Authorization: Bearer ${w.admin.token}\r\nContent-Type: application/json\r\n`, body: '{"reopenPeriodDays":3}' },
      { method: 'PUT', path: `${uploadPath(sha256('hello world'))}?offset=0&size=11`, headers: `${bearerHeader()}Content-Type: application/octet-stream\r\n`, body: 'hello world' },
      { method: 'POST', path: API.agentInventory, headers: `${agentHeader()}Content-Type: application/json\r\n`, body: '{"action":"contact","deviceid":"x-2024-01-01-00-00-00"}' },
    ] as const;

  it('starts a body that stops arriving (checked at the end: the server must drop it in time)', () => {
    // Declares 100 bytes and sends 7: the connection must not stay open for ever.
    slow = exchange(port, [`POST ${API.login} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`, '{"user'], {
      waitMs: SLOW_BODY_LIMIT_MS + 5_000,
    });
  });

  it('bodies cut short (half-close, or a chunked body that ends early): no 5xx, nothing written, still up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: BODY_ROUTES().length - 1 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.constantFrom('length', 'chunked'),
        async (index, cut, framing) => {
          const route = BODY_ROUTES()[index]!;
          const body = Buffer.from(route.body);
          const sent = body.subarray(0, Math.floor(body.length * cut));
          const before = await w.fingerprint();
          const head =
            framing === 'length'
              ? `${route.method} ${route.path} HTTP/1.1\r\nHost: x\r\n${route.headers}Content-Length: ${body.length}\r\n\r\n`
              : `${route.method} ${route.path} HTTP/1.1\r\nHost: x\r\n${route.headers}Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`;
          const answer = await exchange(port, [head, sent], { halfClose: true, waitMs: 3_000 });
          await holds(`${route.method} ${route.path} cut at ${sent.length}/${body.length} (${framing})`, answer, before);
        },
      ),
      { numRuns: 12, seed: 11 },
    );
  });

  it('an oversized body is answered 413 with a message, and the client gets to read it', async () => {
    for (const [path, headers, size, oneWrite] of [
      [API.login, { 'content-type': 'application/json' }, 3 * 1024 * 1024, false],
      [API.login, { 'content-type': 'application/json' }, 16 * 1024 * 1024, true],
      [API.push, { 'content-type': 'application/json', authorization: `Bearer ${w.tech.token}` }, 7 * 1024 * 1024, false],
      [API.push, { 'content-type': 'application/json', authorization: `Bearer ${w.tech.token}` }, 12 * 1024 * 1024, true],
      [API.adminItsmConfig, { 'content-type': 'application/json', authorization: `Bearer ${w.admin.token}` }, 3 * 1024 * 1024, true],
      [API.agentInventory, { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}`).toString('base64')}` }, 23 * 1024 * 1024, true],
    ] as const) {
      const before = await w.fingerprint();
      const method = path === API.adminItsmConfig ? 'PUT' : 'POST';
      const answer = await new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port, path, method, headers: { ...headers, 'content-length': String(size) } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', (e) => resolve({ error: `${e.message} after ${res.statusCode}` }));
        });
        req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
        // All at once (like curl --data-binary), or in pieces like an uploader: either way the
        // client keeps writing while the server answers.
        if (oneWrite) return void req.end(Buffer.alloc(size, 0x20));
        const piece = Buffer.alloc(64 * 1024, 0x20);
        let written = 0;
        const pump = () => {
          while (written < size) {
            written += piece.length;
            if (!req.write(piece)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(answer, `${method} ${path} with ${size} bytes${oneWrite ? ' in one write' : ''}`).toMatchObject({ status: 413 });
      if ('body' in answer) expect(messageIn(answer.body)).toMatch(/larger than|at most/);
      expect(await w.fingerprint()).toEqual(before);
      await expectHealthy();
    }
  });

  it('oversized and malformed heads: 4xx with a message, never a 5xx, still up', async () => {
    const cases: [string, string][] = [
      ['a 40 KiB header', `GET ${API.me} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40 * 1024)}\r\n\r\n`],
      ['a 20 KiB URL', `GET ${API.software}?q=${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['2,000 headers', `GET ${API.me} HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2000 }, (_, i) => `X-H${i}: 1\r\n`).join('')}\r\n`],
      ['a garbage request line', 'GARBAGE\u0000\u0001\u0002 / HTTP/1.1\r\n\r\n'],
      ['HTTP/9.9', `GET ${API.health} HTTP/9.9\r\nHost: x\r\n\r\n`],
      ['a NUL in the path', `GET /api/auth/me\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['raw bytes above 0x7f in the path', `GET /api/assets/\u00ff\u00fe/software HTTP/1.1\r\nHost: x\r\n${bearerHeader()}\r\n`],
      ['a space in the path', `GET /api/auth /me HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['a header without a colon', `GET ${API.me} HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n`],
      ['a CR in a header value', `GET ${API.me} HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n`],
      ['Content-Length and Transfer-Encoding', `POST ${API.login} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST ${API.logout} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['two Content-Lengths', `POST ${API.login} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}`],
      ['a negative Content-Length', `POST ${API.login} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}`],
      ['a huge Content-Length', `POST ${API.login} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}`],
      ['a bad chunk size', `POST ${API.login} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
      ['an unknown method', `BREW ${API.health} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['a request with no Host', `GET ${API.health} HTTP/1.1\r\n\r\n`],
    ];
    for (const [what, raw] of cases) {
      const before = await w.fingerprint();
      const answer = await exchange(port, [Buffer.from(raw, 'latin1')], { waitMs: 2_000 });
      // Node answers some of these itself (400, 431); Fastify's client-error handler gives them a JSON body.
      await holds(what, answer, before);
    }
  });

  it('drops the body that stopped arriving within the time limit', async () => {
    if (!slow) throw new Error('the slow-body request was not started');
    const answer = await slow;
    expect(answer.closed, `a request declaring 100 bytes and sending 7 was still open after ${answer.ms} ms`).toBe(true);
    expect(answer.ms).toBeLessThanOrEqual(SLOW_BODY_LIMIT_MS + 2_000);
    if (answer.status !== null) {
      expect(answer.status, answer.body).toBe(408);
      expect(messageIn(answer.body), answer.body).toBeTruthy();
    }
    await expectHealthy();
  }, SLOW_BODY_LIMIT_MS + 20_000);
});
