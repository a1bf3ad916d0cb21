import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API, type HealthResponse } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from './app';
import { SERVER_VERSION } from './app';
import { bearer, loginDesktop } from '../test/http';
import { describeStores } from '../test/stores';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

describeStores('web app and health', (h) => {
  let webDir: string;
  let s: FieldDeskServer;
  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>FieldDesk</title><div id="root"></div>');
    fs.writeFileSync(path.join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(webDir, '.env'), 'SECRET=1');
    s = await h.start({ webDir });
  });
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  it('GET /healthz answers without a session', async () => {
    const res = await s.app.inject({ method: 'GET', url: API.health });
    expect(res.statusCode).toBe(200);
    const body = res.json<HealthResponse>();
    expect(body).toEqual({ status: 'ok', version: SERVER_VERSION, time: expect.any(String) });
    expect(SERVER_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(Math.abs(Date.parse(body.time) - Date.now())).toBeLessThan(10_000);
  });

  it('serves index.html with the strict CSP and security headers', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client-side routes, not for missing files or the API', async () => {
    const route = await s.app.inject({ method: 'GET', url: '/tickets/0190f000-0000-7000-8000-000000000001?tab=worklog' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<div id="root">');
    expect(route.headers['content-security-policy']).toBe(CSP);

    const missing = await s.app.inject({ method: 'GET', url: '/assets/gone-123.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found' });

    const { token } = await loginDesktop(s.app, 'tech1');
    const api = await s.app.inject({ method: 'GET', url: '/api/nothing-here', headers: bearer(token) });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'not_found', message: 'There is no GET /api/nothing-here on this server.' });
    const post = await s.app.inject({ method: 'POST', url: '/somewhere' });
    expect(post.statusCode).toBe(404);
  });

  it('serves the service worker uncached and hashed assets cached for a year', async () => {
    const sw = await s.app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-type']).toMatch(/javascript/);
    const asset = await s.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('does not serve dotfiles or escape the web directory', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/.env' })).statusCode).toBe(404);
    const traversal = await s.app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' });
    expect(traversal.body).not.toContain('root:');
    const traversal2 = await s.app.inject({ method: 'GET', url: '/assets/../../../../etc/passwd' });
    expect(traversal2.body).not.toContain('root:');
  });

  it('puts the security headers on API answers too', async () => {
    const res = await s.app.inject({ method: 'GET', url: API.me });
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(CSP);
  });

  it('answers a helpful 503 page when the renderer has not been built', async () => {
    const missingDir = path.join(os.tmpdir(), 'fielddesk-no-such-web-dir');
    const bare = await h.start({ webDir: missingDir, seedDemoData: false });
    expect(bare.web).toMatchObject({ served: false, problem: expect.stringContaining(missingDir) });
    const res = await bare.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toContain('npm run build:app');
    expect(res.body).toContain('FIELDDESK_WEB_DIR');
    expect(res.body).toContain(missingDir);
    expect((await bare.app.inject({ method: 'GET', url: API.health })).statusCode).toBe(200);
    expect((await bare.app.inject({ method: 'GET', url: '/api/x' })).statusCode).toBe(401);
  });
});
