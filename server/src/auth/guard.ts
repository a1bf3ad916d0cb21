/**
 * The gate in front of /api: every route except sign-in needs a session, presented either
 * as `Authorization: Bearer <token>` (desktop app; main holds the token) or as the
 * HttpOnly session cookie (web app). Cookie-authenticated requests must come from this
 * origin (Origin / Sec-Fetch-Site), and changes (POST/PUT/PATCH/DELETE) must also carry the
 * session's CSRF token in x-fielddesk-csrf.
 *
 * Runs as an onRequest hook, before any body is read. The session, its person, their groups
 * and scope version come from one indexed statement (sessions.ts lookupSession).
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API, CALENDAR_ICS_PATTERN, CSRF_HEADER, SESSION_COOKIE, type SessionUser } from '@fielddesk/common/api/http';
import { ApiError } from '../errors';
import type { AppContext } from '../context';
import { lookupSession, type SessionInfo } from './sessions';
import { safeEqual } from './tokens';

export interface AuthContext {
  user: SessionUser;
  session: SessionInfo;
  via: 'bearer' | 'cookie';
  /** persons.scope_version, read with `user` in one statement (pull uses both, no re-read). */
  scopeVersion: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/**
 * /api routes answered without a session. Inventory agents authenticate themselves with the
 * agent password (HTTP Basic, inventory/agent-routes.ts), never with a session. Calendar
 * clients fetch the ICS feed by its secret address (calendar/feed.ts, CALENDAR_ICS_PATTERN).
 */
const PUBLIC_API = new Set<string>([API.login, API.agentInventory]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' };
}

/** Refuses a request whose Origin (or Sec-Fetch-Site) says it comes from another site. */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  const expected = `${request.protocol}://${request.host}`;
  if ((origin !== undefined && origin !== expected) || request.headers['sec-fetch-site'] === 'cross-site') {
    const hint = request.protocol === 'http' && origin?.startsWith('https:') ? ' (Behind a TLS proxy? Set FIELDDESK_TRUST_PROXY=1.)' : '';
    throw new ApiError(403, 'csrf', `Cross-origin request refused: this server only accepts requests from ${expected}.${hint}`);
  }
}

export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new ApiError(401, 'unauthenticated', 'Sign in first: this request carries no session.');
  return request.auth;
}

export function installAuthGuard(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || PUBLIC_API.has(path) || ((request.method === 'GET' || request.method === 'HEAD') && CALENDAR_ICS_PATTERN.test(path))) return;

    let token: string | undefined;
    let via: AuthContext['via'] = 'bearer';
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+([A-Za-z0-9_-]{16,200})\s*$/i.exec(authorization);
      if (!match) throw new ApiError(401, 'unauthenticated', 'The Authorization header must be "Bearer <token>" with the token from sign-in.');
      token = match[1];
    } else {
      token = request.cookies[SESSION_COOKIE];
      via = 'cookie';
    }
    if (!token) throw new ApiError(401, 'unauthenticated', 'Sign in first: this request carries no session.');

    const found = await lookupSession(ctx.store.db, ctx.store.kind, token, ctx.config.now(), ctx.sessionTtlMs);
    if (found.status !== 'ok') {
      if (via === 'cookie') reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      if (found.status === 'expired') throw new ApiError(401, 'session_expired', 'Your session has expired. Sign in again.');
      throw new ApiError(401, 'unauthenticated', 'Your session is no longer valid (signed out or replaced). Sign in again.');
    }

    if (via === 'cookie') assertSameOrigin(request);
    if (via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, found.session.csrfToken)) {
        throw new ApiError(
          403,
          'csrf',
          `Missing or wrong ${CSRF_HEADER} header: send the csrfToken from sign-in (or ${API.me}) with every change.`,
        );
      }
    }
    request.auth = { user: found.user, session: found.session, via, scopeVersion: found.scopeVersion };
  });
}
