/**
 * Request time limits and readable refusals, over a real socket (net.Socket, no HTTP client
 * that would hide what the server does): a listening Fastify server with the limits of
 * limits.ts, made short so the test is quick.
 */
import net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_LIMITS, installHttpLimits, type HttpLimits } from './limits';

const LIMITS: HttpLimits = { headersTimeoutMs: 1_500, requestTimeoutMs: 8_000, bodyIdleTimeoutMs: 1_000, connectionsCheckMs: 250, drainMaxBytes: 32 * 1024 * 1024, drainMaxMs: 10_000 };
const BODY_LIMIT = 64 * 1024;

interface Answer {
  text: string;
  /** How the connection ended: 'end' (orderly close by the server), 'reset', or 'open' (still open when we stopped waiting). */
  ended: 'end' | 'reset' | 'open';
  ms: number;
}

/** Connects, writes `parts` (with `gapMs` between them), and reads until the server closes or `waitMs` passes. */
function exchange(port: number, parts: (string | Buffer)[], options: { gapMs?: number; waitMs?: number; keepWriting?: boolean } = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (ended: Answer['ended']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), ended, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish('open'), options.waitMs ?? 5_000);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => finish('end'));
    socket.on('error', (e: NodeJS.ErrnoException) => finish(e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset' : 'reset'));
    socket.on('connect', async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (done || socket.destroyed) return;
        socket.write(part);
      }
    });
  });
}

const status = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

describe('request time limits and readable refusals (real socket)', () => {
  let app: FastifyInstance;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    app = Fastify({ bodyLimit: BODY_LIMIT });
    installHttpLimits(app, LIMITS);
    app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const code = error.statusCode ?? 500;
      return reply.code(code).send({ error: code === 413 ? 'payload_too_large' : 'error', message: code === 413 ? `The request body is larger than the ${BODY_LIMIT} bytes this endpoint accepts.` : error.message });
    });
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
    app.post('/echo', async (request) => {
      received = Buffer.isBuffer(request.body) ? request.body.length : JSON.stringify(request.body).length;
      return { received };
    });
    app.get('/ok', async () => ({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a body that stops arriving 408 with a message after the idle limit, and closes the connection', async () => {
    const answer = await exchange(port, [`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`, '{"user'], { waitMs: 6_000 });
    expect(answer.ended).not.toBe('open');
    expect(answer.ms).toBeLessThan(LIMITS.bodyIdleTimeoutMs + 2_500);
    expect(status(answer.text)).toBe(408);
    expect(answer.text).toMatch(/connection: close/i);
    expect(JSON.parse(bodyOf(answer.text))).toEqual({ error: 'request_timeout', message: expect.stringMatching(/stopped arriving: nothing came for 1 seconds/) });
  });

  it('lets a slow but steady body through (only a stalled one is cut)', async () => {
    const body = Buffer.alloc(12, 0x61);
    const parts = [`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`, ...[...body].map((b) => Buffer.from([b]))];
    const answer = await exchange(port, parts, { gapMs: 300, waitMs: 8_000 });
    expect(answer.ms).toBeGreaterThan(LIMITS.bodyIdleTimeoutMs * 2);
    expect(status(answer.text)).toBe(200);
    expect(JSON.parse(bodyOf(answer.text))).toEqual({ received: 12 });
  });

  it('drops headers that do not arrive in time (Node answers 408)', async () => {
    const answer = await exchange(port, ['GET /ok HTTP/1.1\r\nHost: x\r\n', 'X-A: 1\r\n'], { gapMs: 200, waitMs: 6_000 });
    expect(answer.ended).not.toBe('open');
    expect(answer.ms).toBeLessThan(LIMITS.headersTimeoutMs + 2 * LIMITS.connectionsCheckMs + 1_500);
    if (answer.text) expect(status(answer.text)).toBe(408);
  });

  it('lets a client that sends an oversized body in one write read the 413, then closes in order (no reset)', async () => {
    const size = 4 * 1024 * 1024;
    const answer = await exchange(port, [Buffer.concat([Buffer.from(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`), Buffer.alloc(size, 0x20)])], {
      waitMs: 8_000,
    });
    expect(status(answer.text)).toBe(413);
    expect(answer.text).toMatch(/connection: close/i);
    expect(JSON.parse(bodyOf(answer.text))).toMatchObject({ error: 'payload_too_large', message: expect.stringContaining('larger than') });
    expect(answer.ended).toBe('end');
  });

  it('does the same when the body is streamed without a length and passes the limit on the way', async () => {
    const piece = Buffer.alloc(16 * 1024, 0x20);
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    const parts: Buffer[] = [Buffer.from('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n')];
    for (let i = 0; i < 40; i++) parts.push(chunk);
    parts.push(Buffer.from('0\r\n\r\n'));
    const answer = await exchange(port, parts, { gapMs: 5, waitMs: 8_000 });
    expect(status(answer.text)).toBe(413);
    expect(answer.text).toMatch(/connection: close/i);
    expect(answer.ended).toBe('end');
  });

  it('keeps keep-alive working for ordinary requests', async () => {
    const one = 'GET /ok HTTP/1.1\r\nHost: x\r\n\r\n';
    const answer = await exchange(port, [one, `${one.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')}`], { gapMs: 100, waitMs: 3_000 });
    expect(answer.text.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
    expect(answer.ended).toBe('end');
  });

  it('defaults that let a large agent inventory and attachment chunks through a slow link', () => {
    // 21 MiB (what the agent route reads) within the whole-request limit at 300 kbit/s.
    expect((21 * 1024 * 1024 * 8) / 300_000).toBeLessThan(DEFAULT_HTTP_LIMITS.requestTimeoutMs / 1000);
    // The event stream's heartbeat (25 s) is not a body: the idle limit never applies to it.
    expect(DEFAULT_HTTP_LIMITS.bodyIdleTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_HTTP_LIMITS.headersTimeoutMs).toBeLessThan(DEFAULT_HTTP_LIMITS.requestTimeoutMs);
  });
});
