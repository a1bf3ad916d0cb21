import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API, CSRF_HEADER, SESSION_COOKIE, type LoginResponse, type MeResponse } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import { bearer, DEMO_PASSWORD, loginDesktop, loginWeb, webHeaders } from '../../test/http';
import { describeStores } from '../../test/stores';
import { hashPassword, verifyPassword } from './passwords';
import { LoginThrottle, throttleKeys } from './throttle';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const params = { N: 1024, r: 8, p: 1, keyLen: 32 };
    const stored = await hashPassword('correct horse', params);
    expect(stored.salt).not.toBe('');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
    expect(await verifyPassword('correct horse', { ...stored, hash: 'AAAA' })).toBe(false);
    const again = await hashPassword('correct horse', params);
    expect(again.salt).not.toBe(stored.salt);
  });
});

describeStores('auth', (h) => {
  let s: FieldDeskServer;
  beforeAll(async () => {
    s = await h.start();
  });

  const login = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url: API.login, payload, headers });

  it('signs a technician in from the desktop app with the token in the body', async () => {
    const res = await login({ username: 'tech1', password: DEMO_PASSWORD, client: 'desktop' });
    expect(res.statusCode).toBe(200);
    const body = res.json<LoginResponse>();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.csrfToken).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(body.user).toMatchObject({ username: 'tech1', displayName: 'Alex Morgan', role: 'technician' });
    expect(body.user.groupIds).toHaveLength(2); // Field Support and the Change Advisory Board
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3_600_000);
  });

  it('stores only the sha256 of the token', async () => {
    const { token } = await loginDesktop(s.app, 'tech2');
    const rows = await s.db.selectFrom('sessions').select('token_hash').execute();
    const hashes = rows.map((r) => r.token_hash);
    expect(hashes).toContain(createHash('sha256').update(token).digest('hex'));
    expect(hashes).not.toContain(token);
  });

  it('answers a wrong password with 401, a clear message and no token or cookie', async () => {
    const res = await login({ username: 'tech3', password: 'wrong-password', client: 'web' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_credentials', message: 'Wrong username or password.' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).not.toContain('token');
  });

  it('answers an unknown username exactly like a wrong password', async () => {
    const res = await login({ username: 'nobody-here', password: 'x', client: 'desktop' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_credentials', message: 'Wrong username or password.' });
  });

  it('refuses requesters with 403 even with the right password', async () => {
    const res = await login({ username: 'obennett', password: DEMO_PASSWORD, client: 'web' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('forbidden');
    expect(res.json().message).toMatch(/Requesters cannot sign in/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers a malformed login with 400 naming the field', async () => {
    const res = await login({ username: 'tech1' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request' });
    expect(res.json().message).toMatch(/password/);
    const bad = await s.app.inject({ method: 'POST', url: API.login, headers: { 'content-type': 'application/json' }, payload: '{nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_json');
  });

  it('gives the web app an HttpOnly, SameSite=Strict cookie and a CSRF token, never the token', async () => {
    const res = await login({ username: 'desk1', password: DEMO_PASSWORD, client: 'web' });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const body = res.json<LoginResponse>();
    expect(body.token).toBeUndefined();
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('marks the cookie Secure when the request came over https (behind a trusted proxy)', async () => {
    const proxied = await h.start({ trustProxy: true, seedDemoData: true });
    const res = await proxied.app.inject({
      method: 'POST',
      url: API.login,
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'desk1', password: DEMO_PASSWORD, client: 'web' },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('answers /me for bearer and cookie sessions (the CSRF token only to the cookie session)', async () => {
    const { token } = await loginDesktop(s.app, 'tech1');
    const viaBearer = await s.app.inject({ method: 'GET', url: API.me, headers: bearer(token) });
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json<MeResponse>().user.username).toBe('tech1');
    expect(viaBearer.json<MeResponse>().csrfToken).toBeUndefined();

    const web = await loginWeb(s.app, 'tech1');
    const viaCookie = await s.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie } });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json<MeResponse>().csrfToken).toBe(web.csrf);
  });

  it('requires a session on every /api route but login', async () => {
    for (const [method, url] of [
      ['GET', API.me],
      ['POST', API.logout],
      ['GET', API.pull],
      ['POST', API.push],
      ['GET', '/api/whatever'],
    ] as const) {
      const res = await s.app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error).toBe('unauthenticated');
    }
    const forged = await s.app.inject({ method: 'GET', url: API.me, headers: bearer('A'.repeat(43)) });
    expect(forged.statusCode).toBe(401);
    const malformed = await s.app.inject({ method: 'GET', url: API.me, headers: { authorization: 'Basic dGVjaDE6eA==' } });
    expect(malformed.statusCode).toBe(401);
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const web = await loginWeb(s.app, 'tech4');
    const out = await s.app.inject({ method: 'POST', url: API.logout, headers: webHeaders(web) });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
    const after = await s.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie } });
    expect(after.statusCode).toBe(401);

    const { token } = await loginDesktop(s.app, 'tech4');
    expect((await s.app.inject({ method: 'POST', url: API.logout, headers: bearer(token) })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: API.me, headers: bearer(token) })).statusCode).toBe(401);
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated change without the CSRF header', async () => {
      const web = await loginWeb(s.app, 'tech5');
      const res = await s.app.inject({ method: 'POST', url: API.logout, headers: { cookie: web.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('csrf');
      expect(res.json().message).toContain(CSRF_HEADER);
      // The session survived.
      expect((await s.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie } })).statusCode).toBe(200);
    });

    it('refuses a wrong CSRF token', async () => {
      const web = await loginWeb(s.app, 'tech5');
      const res = await s.app.inject({ method: 'POST', url: API.logout, headers: { cookie: web.cookie, [CSRF_HEADER]: `${web.csrf.slice(0, -1)}x` } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('csrf');
    });

    it('refuses a cross-origin change even with the right token', async () => {
      const web = await loginWeb(s.app, 'tech5');
      const res = await s.app.inject({ method: 'POST', url: API.logout, headers: { ...webHeaders(web), origin: 'https://evil.example' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/Cross-origin/);
      const same = await s.app.inject({ method: 'POST', url: API.logout, headers: { ...webHeaders(web), origin: 'http://localhost:80' } });
      expect(same.statusCode).toBe(200);
    });

    it('refuses cookie requests from another origin, even reads', async () => {
      const web = await loginWeb(s.app, 'tech5');
      const res = await s.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie, origin: 'https://evil.example' } });
      expect(res.statusCode).toBe(403);
      const fetchMeta = await s.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie, 'sec-fetch-site': 'cross-site' } });
      expect(fetchMeta.statusCode).toBe(403);
      expect((await s.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie, 'sec-fetch-site': 'same-origin' } })).statusCode).toBe(200);
    });

    it('refuses a cross-origin login', async () => {
      const res = await login({ username: 'tech1', password: DEMO_PASSWORD, client: 'web' }, { origin: 'https://evil.example' });
      expect(res.statusCode).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('does not need the CSRF header for bearer requests', async () => {
      const { token } = await loginDesktop(s.app, 'tech5');
      const res = await s.app.inject({ method: 'POST', url: API.logout, headers: bearer(token) });
      expect(res.statusCode).toBe(200);
    });
  });

  describe('expiry', () => {
    it('slides while used and answers session_expired after the TTL without use', async () => {
      let now = Date.now();
      const timed = await h.start({ now: () => now, sessionTtlHours: 12 });
      const { token } = await loginDesktop(timed.app, 'tech1');
      const web = await loginWeb(timed.app, 'tech2');

      now += 11 * 3_600_000;
      expect((await timed.app.inject({ method: 'GET', url: API.me, headers: bearer(token) })).statusCode).toBe(200);
      now += 11 * 3_600_000; // 22h after sign-in, 11h after last use: still valid
      expect((await timed.app.inject({ method: 'GET', url: API.me, headers: bearer(token) })).statusCode).toBe(200);

      now += 12 * 3_600_000 + 1000;
      const expired = await timed.app.inject({ method: 'GET', url: API.me, headers: bearer(token) });
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toEqual({ error: 'session_expired', message: 'Your session has expired. Sign in again.' });
      const expiredWeb = await timed.app.inject({ method: 'GET', url: API.me, headers: { cookie: web.cookie } });
      expect(expiredWeb.statusCode).toBe(401);
      expect(expiredWeb.json().error).toBe('session_expired');
      expect(String(expiredWeb.headers['set-cookie'])).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
      // The expired session is gone, not just refused.
      expect((await timed.app.inject({ method: 'GET', url: API.me, headers: bearer(token) })).json().error).toBe('unauthenticated');
    });
  });

  describe('slowing down password guessing', () => {
    it('delays repeated failures, then answers 429 with Retry-After, and a good password does not bypass it', async () => {
      const throttled = await h.start({
        loginThrottle: { freeFailures: 2, baseDelayMs: 150, maxDelayMs: 300, userLockAfter: 4, ipLockAfter: 1000, lockMs: 60_000, maxLockMs: 600_000, windowMs: 900_000 },
      });
      const attempt = () => throttled.app.inject({ method: 'POST', url: API.login, payload: { username: 'tech6', password: 'guess', client: 'desktop' } });

      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      // From the third failure on, the answer waits (lower bounds only: a busy machine is slower, never faster).
      let start = performance.now();
      expect((await attempt()).statusCode).toBe(401);
      expect(performance.now() - start).toBeGreaterThanOrEqual(145);
      start = performance.now();
      expect((await attempt()).statusCode).toBe(401); // 4th failure: waits longer, and the username is now locked
      expect(performance.now() - start).toBeGreaterThanOrEqual(295);

      const locked = await attempt();
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error).toBe('too_many_attempts');
      expect(locked.json().message).toMatch(/Too many failed sign-in attempts for this username\. Wait \d+ seconds \(until \d\d:\d\d:\d\d UTC\)/);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(50);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);

      const right = await throttled.app.inject({ method: 'POST', url: API.login, payload: { username: 'tech6', password: DEMO_PASSWORD, client: 'desktop' } });
      expect(right.statusCode).toBe(429);
      expect(right.body).not.toContain('token');

      // Another user from the same address is not locked by tech6's lock.
      const other = await throttled.app.inject({ method: 'POST', url: API.login, payload: { username: 'tech1', password: DEMO_PASSWORD, client: 'desktop' } });
      expect(other.statusCode).toBe(200);
    });

    it('grows the delay with each failure past the free ones, up to the cap', async () => {
      const store = await h.newStore();
      const server = await h.start({ store, seedDemoData: false });
      const throttle = new LoginThrottle(server.db, { freeFailures: 2, baseDelayMs: 100, maxDelayMs: 350, userLockAfter: 100, ipLockAfter: 100, lockMs: 1000, maxLockMs: 1000, windowMs: 60_000 });
      const keys = throttleKeys('Someone', '10.0.0.1');
      const now = Date.now();
      const delays = [];
      for (let i = 0; i < 6; i++) delays.push(await throttle.recordFailure(keys, now + i));
      expect(delays).toEqual([0, 0, 100, 200, 350, 350]);
      // Old failures are forgotten after the window.
      expect(await throttle.recordFailure(keys, now + 61_000)).toBe(0);
      expect(await throttle.lockout(throttleKeys('someone', '10.0.0.2'), now)).toBeNull();
    });

    it('holds across server processes sharing the database', async () => {
      const store = await h.newStore();
      const throttle = { freeFailures: 10, baseDelayMs: 1, maxDelayMs: 1, userLockAfter: 3, ipLockAfter: 1000, lockMs: 60_000, maxLockMs: 60_000, windowMs: 900_000 };
      const a = await h.start({ store, loginThrottle: throttle });
      const b = await h.start({ store, loginThrottle: throttle });
      for (let i = 0; i < 3; i++) {
        const res = await (i % 2 ? b : a).app.inject({ method: 'POST', url: API.login, payload: { username: 'admin', password: 'nope' } });
        expect(res.statusCode).toBe(401);
      }
      const res = await b.app.inject({ method: 'POST', url: API.login, payload: { username: 'admin', password: DEMO_PASSWORD } });
      expect(res.statusCode).toBe(429);
    });

    it('locks an address that tries many usernames', async () => {
      const throttled = await h.start({
        loginThrottle: { freeFailures: 100, baseDelayMs: 1, maxDelayMs: 1, userLockAfter: 100, ipLockAfter: 5, lockMs: 30_000, maxLockMs: 60_000, windowMs: 900_000 },
      });
      for (let i = 0; i < 5; i++) {
        const res = await throttled.app.inject({ method: 'POST', url: API.login, payload: { username: `user${i}`, password: 'x' } });
        expect(res.statusCode).toBe(401);
      }
      const res = await throttled.app.inject({ method: 'POST', url: API.login, payload: { username: 'tech1', password: DEMO_PASSWORD } });
      expect(res.statusCode).toBe(429);
      expect(res.json().message).toMatch(/this network address/);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(30);
    });

    it('a successful sign-in clears the username count', async () => {
      const store = await h.newStore();
      const throttled = await h.start({
        store,
        loginThrottle: { freeFailures: 100, baseDelayMs: 1, maxDelayMs: 1, userLockAfter: 3, ipLockAfter: 1000, lockMs: 60_000, maxLockMs: 60_000, windowMs: 900_000 },
      });
      const send = (password: string) => throttled.app.inject({ method: 'POST', url: API.login, payload: { username: 'tech3', password } });
      expect((await send('x')).statusCode).toBe(401);
      expect((await send('x')).statusCode).toBe(401);
      expect((await send(DEMO_PASSWORD)).statusCode).toBe(200);
      expect((await send('x')).statusCode).toBe(401);
      expect((await send('x')).statusCode).toBe(401);
      expect((await send(DEMO_PASSWORD)).statusCode).toBe(200);
    });
  });
});
