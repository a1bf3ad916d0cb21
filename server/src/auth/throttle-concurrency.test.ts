/**
 * The sign-in lock holds under concurrency (auth/throttle.ts), on SQLite and PostgreSQL:
 * wrong passwords sent all at once — to one server or to two servers sharing the database —
 * get no more password checks than the limit, the rest 429, and the right password after
 * them is refused too. The agent intake's Basic-auth throttle likewise.
 */
import { beforeAll, expect, it } from 'vitest';
import { API, type LoginResponse } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import type { LoginThrottleConfig } from '../config';
import { DEMO_PASSWORD } from '../../test/http';
import { describeStores } from '../../test/stores';
import { LoginThrottle, throttleKeys } from './throttle';

const LIMIT = 10;
/** No delays (so nothing but the counting decides), a lock after LIMIT failures of one username. */
const THROTTLE: LoginThrottleConfig = { freeFailures: 1000, baseDelayMs: 1, maxDelayMs: 1, userLockAfter: LIMIT, ipLockAfter: 1000, lockMs: 60_000, maxLockMs: 600_000, windowMs: 900_000 };

const tally = (codes: number[]) => codes.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

describeStores('sign-in throttling under concurrency', (h) => {
  let s: FieldDeskServer;

  beforeAll(async () => {
    s = await h.start({ loginThrottle: THROTTLE });
  });

  const login = (server: FieldDeskServer, username: string, password: string) =>
    server.app.inject({ method: 'POST', url: API.login, payload: { username, password, client: 'desktop' } });

  it(`15 wrong passwords at once: ${LIMIT} answered 401, the rest 429, and the right one after them 429`, async () => {
    const codes = (await Promise.all(Array.from({ length: 15 }, (_, i) => login(s, 'tech1', `wrong-${i}`)))).map((r) => r.statusCode);
    expect(tally(codes)).toEqual({ 401: LIMIT, 429: 15 - LIMIT });
    const right = await login(s, 'tech1', DEMO_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.body).not.toContain('token');
    const row = await s.db.selectFrom('login_attempts').select(['failures', 'locked_until']).where('key', '=', 'user:tech1').executeTakeFirstOrThrow();
    expect(Number(row.failures)).toBe(LIMIT);
    expect(Number(row.locked_until)).toBeGreaterThan(Date.now());
  });

  it('25 wrong passwords and the right one at once: at most the limit get a password check, the rest 429', async () => {
    const requests = Array.from({ length: 25 }, (_, i) => login(s, 'tech2', `wrong-${i}`));
    requests.splice(12, 0, login(s, 'tech2', DEMO_PASSWORD));
    const answers = await Promise.all(requests);
    const codes = answers.map((r) => r.statusCode);
    const counts = tally(codes);
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(LIMIT);
    expect(counts[429]).toBeGreaterThanOrEqual(26 - LIMIT);
    for (const code of codes) expect([200, 401, 429]).toContain(code);
    // The right one got through only if it was among the first LIMIT counted (a success clears
    // the username's count); otherwise it was refused like every attempt after the limit, and
    // the username stays locked.
    const right = answers[12]!.statusCode;
    expect([200, 429]).toContain(right);
    if (right === 429) expect((await login(s, 'tech2', DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('a right password takes its own count back: many right sign-ins at once never lock anyone', async () => {
    const answers = await Promise.all(Array.from({ length: 2 * LIMIT }, () => login(s, 'tech3', DEMO_PASSWORD)));
    const codes = answers.map((r) => r.statusCode);
    // Attempts in flight count until they are answered, so some may meet the lock the limit'th set;
    // none is a 401, and once they are all answered nothing is left counted or locked.
    for (const code of codes) expect([200, 429]).toContain(code);
    expect(codes).toContain(200);
    const row = await s.db.selectFrom('login_attempts').selectAll().where('key', '=', 'user:tech3').executeTakeFirst();
    expect(row).toBeUndefined();
    const ip = await s.db.selectFrom('login_attempts').select(['failures', 'locked_until']).where('key', '=', 'ip:127.0.0.1').executeTakeFirst();
    expect((await login(s, 'tech3', DEMO_PASSWORD)).json<LoginResponse>().token).toBeTruthy();
    expect(ip?.locked_until ?? null).toBeNull();
  });

  it('release lifts the lock its own attempt set, and leaves a lock set by a failure', async () => {
    const throttle = new LoginThrottle(s.db, { ...THROTTLE, userLockAfter: 2, ipLockAfter: 3 });
    const keys = throttleKeys('release-test', '10.9.8.7');
    const now = Date.now();
    const row = (key: string) => s.db.selectFrom('login_attempts').select(['failures', 'locked_until']).where('key', '=', key).executeTakeFirstOrThrow();
    expect((await throttle.begin(keys, now)).lockout).toBeNull(); // a failure: user 1, ip 1
    const second = await throttle.begin(keys, now + 1); // reaches the user limit: locks it
    expect(second.lockout).toBeNull();
    expect(Number((await row(keys.user)).locked_until)).toBeGreaterThan(now);
    // Meanwhile everyone else is refused, and not counted.
    expect((await throttle.begin(keys, now + 2)).lockout?.scope).toBe('user');
    await throttle.release(second); // it was the right password after all
    expect(await row(keys.user)).toEqual({ failures: 1, locked_until: null });
    expect(Number((await row(keys.ip)).failures)).toBe(1);
    // The next attempt reaches the limit again; a wrong password keeps its lock.
    const third = await throttle.begin(keys, now + 3);
    expect(third.lockout).toBeNull();
    expect((await throttle.begin(keys, now + 4)).lockout).toMatchObject({ scope: 'user' });
    // The ip key reaches its own limit with a fourth attempt from another username.
    const other = throttleKeys('someone-else', '10.9.8.7');
    const fourth = await throttle.begin(other, now + 5);
    expect(Number((await row(keys.ip)).failures)).toBe(3);
    expect(Number((await row(keys.ip)).locked_until)).toBeGreaterThan(now);
    await throttle.release(fourth);
    expect(await row(keys.ip)).toEqual({ failures: 2, locked_until: null });
  });

  it('holds across two servers sharing one database, attacked at once', async () => {
    const store = await h.newStore();
    const a = await h.start({ store, loginThrottle: THROTTLE });
    const b = await h.start({ store, loginThrottle: THROTTLE });
    const codes = (await Promise.all(Array.from({ length: 24 }, (_, i) => login(i % 2 ? b : a, 'desk1', `wrong-${i}`)))).map((r) => r.statusCode);
    expect(tally(codes)).toEqual({ 401: LIMIT, 429: 24 - LIMIT });
    expect((await login(a, 'desk1', DEMO_PASSWORD)).statusCode).toBe(429);
    expect((await login(b, 'desk1', DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('the agent intake: wrong agent passwords at once are locked out at the limit, and the right one after them too', async () => {
    const agentPassword = 'agent-password-for-throttle-tests';
    const server = await h.start({ agentPassword, loginThrottle: THROTTLE, seedDemoData: false });
    const basic = (password: string) => `Basic ${Buffer.from(`agent:${password}`).toString('base64')}`;
    const post = (password: string) =>
      server.app.inject({ method: 'POST', url: API.agentInventory, headers: { 'content-type': 'application/json', authorization: basic(password) }, payload: '{}' });
    const codes = (await Promise.all(Array.from({ length: 15 }, (_, i) => post(`guess-${i}`)))).map((r) => r.statusCode);
    expect(tally(codes)).toEqual({ 401: LIMIT, 429: 15 - LIMIT });
    expect((await post(agentPassword)).statusCode).toBe(429);
  });

  it('the agent intake: a right agent password takes its count back', async () => {
    const agentPassword = 'agent-password-for-throttle-tests';
    const server = await h.start({ agentPassword, loginThrottle: THROTTLE, seedDemoData: false });
    const post = () =>
      server.app.inject({
        method: 'POST',
        url: API.agentInventory,
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`agent:${agentPassword}`).toString('base64')}` },
        payload: '{}',
      });
    for (let i = 0; i < 2 * LIMIT; i++) expect((await post()).statusCode).not.toBe(429);
    const rows = await server.db.selectFrom('login_attempts').select(['key', 'failures', 'locked_until']).execute();
    for (const row of rows) {
      expect(Number(row.failures)).toBe(0);
      expect(row.locked_until).toBeNull();
    }
  });
});
