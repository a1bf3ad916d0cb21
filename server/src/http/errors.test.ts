import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FieldDeskServer } from '../app';
import { testConfig } from '../../test/stores';
import { MAX_PARAM_LENGTH } from './errors';

/** What Fastify and Node refuse before a route runs still gets the one error body and the security headers. */
describe('refusals before routing', () => {
  let s: FieldDeskServer;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-errors-test-'));
    s = await createServer(testConfig({ kind: 'sqlite', dataDir: path.join(dir, 'data'), dataDirExplicit: false, init: false }, { seedDemoData: false }));
    await s.app.listen({ host: '127.0.0.1', port: 0 });
    port = (s.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a malformed percent-encoding: 400 bad_url with a message and the security headers', async () => {
    for (const url of ['/api/assets/%ff/software', '/api/attachments/%E0%A4%A', '/%c0%ae%c0%ae']) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_url', message: expect.stringContaining('is not a valid URL') });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('a path parameter over the router limit: 414 with a message and the security headers', async () => {
    const res = await s.app.inject({ method: 'GET', url: `/api/attachments/${'a'.repeat(MAX_PARAM_LENGTH + 1)}/upload` });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: 'uri_too_long', message: expect.stringContaining(`${MAX_PARAM_LENGTH} characters`) });
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  async function raw(request: string): Promise<string> {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.end(request);
    await new Promise<void>((resolve) => socket.once('close', resolve));
    return Buffer.concat(chunks).toString('utf8');
  }

  it('an HTTP/1.1 request without Host: 400 with a message (HTTP/1.0 needs none)', async () => {
    const answer = await raw('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error":"missing_host"');
    expect(answer).toContain('an HTTP/1.1 request must name the server');
    expect(await raw('GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    expect(await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
  });
});
