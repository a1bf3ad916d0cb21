/**
 * Sign-in, the current session, and sign-out:
 *   POST /api/auth/login   {username, password, client}: desktop gets the token in the body,
 *                          web gets the HttpOnly session cookie plus a CSRF token
 *   GET  /api/auth/me      who is signed in (web: also the CSRF token again, e.g. after reload)
 *   POST /api/auth/logout  ends the session and clears the cookie
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { API, LoginRequestSchema, SESSION_COOKIE, type LoginResponse, type MeResponse } from '@fielddesk/common/api/http';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import { ApiError } from '../errors';
import type { AppContext } from '../context';
import { assertSameOrigin, cookieOptions, requireAuth } from './guard';
import { hashPassword, verifyPassword, type PasswordHash } from './passwords';
import { createSession, deleteSession, loadSessionUser } from './sessions';
import { describeRetry, throttleKeys } from './throttle';

const INVALID_CREDENTIALS = 'Wrong username or password.';

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, config, throttle } = ctx;
  // Checked against when the username is unknown, so both cases take as long.
  let dummyHash: Promise<PasswordHash> | null = null;
  const dummy = () => (dummyHash ??= hashPassword('not-a-real-password', config.passwordHashing));

  app.post(API.login, async (request, reply) => {
    if (request.headers.origin !== undefined) assertSameOrigin(request);
    const parsed = LoginRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new ApiError(400, 'invalid_request', describeZodError(parsed.error));
    const { username, password, client } = parsed.data;

    // Counted before the password is checked, atomically (auth/throttle.ts), so attempts sent
    // at once cannot all pass a lock that the first of them should have set.
    const keys = throttleKeys(username, request.ip);
    const attempt = await throttle.begin(keys, config.now());
    const { lockout } = attempt;
    if (lockout) {
      throw new ApiError(429, 'too_many_attempts', describeRetry(lockout), { 'retry-after': String(Math.ceil(lockout.retryAfterMs / 1000)) });
    }

    const person = await store.db
      .selectFrom('persons')
      .leftJoin('credentials', 'credentials.person_id', 'persons.id')
      .select(['persons.id', 'persons.role', 'credentials.algorithm', 'credentials.salt', 'credentials.hash', 'credentials.n', 'credentials.r', 'credentials.p', 'credentials.key_len'])
      .where(sql<string>`lower(persons.username)`, '=', username.toLowerCase())
      .executeTakeFirst();

    let ok = false;
    if (person?.algorithm && person.salt && person.hash && person.n && person.r && person.p && person.key_len) {
      ok = await verifyPassword(password, {
        algorithm: person.algorithm,
        salt: person.salt,
        hash: person.hash,
        n: Number(person.n),
        r: Number(person.r),
        p: Number(person.p),
        keyLen: Number(person.key_len),
      });
    } else {
      await verifyPassword(password, await dummy());
    }

    if (!person || !ok) {
      // Already counted by begin.
      if (attempt.delayMs > 0) await sleep(attempt.delayMs);
      throw new ApiError(401, 'invalid_credentials', INVALID_CREDENTIALS);
    }
    await throttle.release(attempt);
    await throttle.recordSuccess(keys);
    if (person.role === 'requester') {
      throw new ApiError(403, 'forbidden', 'Requesters cannot sign in to FieldDesk. Contact the service desk to raise or follow a ticket.');
    }

    const user = await loadSessionUser(store.db, person.id);
    if (!user) throw new ApiError(401, 'invalid_credentials', INVALID_CREDENTIALS);
    const session = await createSession(store.db, person.id, client, config.now(), ctx.sessionTtlMs);
    const body: LoginResponse = { user, expiresAt: new Date(session.expiresAt).toISOString() };
    if (client === 'desktop') {
      body.token = session.token;
    } else {
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(request));
      body.csrfToken = session.csrfToken;
    }
    reply.header('cache-control', 'no-store');
    return body;
  });

  app.get(API.me, async (request, reply) => {
    const auth = requireAuth(request);
    const body: MeResponse = { user: auth.user, expiresAt: new Date(auth.session.expiresAt).toISOString() };
    if (auth.via === 'cookie') body.csrfToken = auth.session.csrfToken;
    reply.header('cache-control', 'no-store');
    return body;
  });

  app.post(API.logout, async (request, reply) => {
    const auth = requireAuth(request);
    await deleteSession(store.db, auth.session.tokenHash);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    return { ok: true };
  });
}
