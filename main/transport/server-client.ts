/**
 * The desktop app's HTTP client for the FieldDesk server (routes in
 * common/api/http.ts). Stateless: each call gets the server address and, when the
 * route needs it, the bearer token. Every failure is an ApiError (see errors.ts);
 * every request has a timeout (AbortSignal.timeout).
 */
import { z } from 'zod';
import { API, SessionUserSchema, type HealthResponse, type MeResponse, type SessionUser, type SoftwareListResponse } from '@fielddesk/common/api/http';
import type { SoftwareQuery } from '@fielddesk/common/ipc/contract';
import type { PullResponse, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import { describeNetworkFailure, errorForResponse, notFieldDeskError, offlineError } from './errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ServerClientOptions {
  fetch: FetchLike;
  /** Timeout for ordinary calls (default 15 s). */
  timeoutMs?: number;
  /** Timeout for push and pull, which may carry large bodies (default 60 s). */
  syncTimeoutMs?: number;
  /** Timeout for the health check (default 5 s). */
  healthTimeoutMs?: number;
}

export interface DesktopLogin {
  user: SessionUser;
  expiresAt: string;
  token: string;
}

export interface ServerClient {
  health(serverUrl: string): Promise<HealthResponse>;
  login(serverUrl: string, credentials: { username: string; password: string }): Promise<DesktopLogin>;
  logout(serverUrl: string, token: string): Promise<void>;
  me(serverUrl: string, token: string): Promise<MeResponse>;
  push(serverUrl: string, token: string, request: PushRequest): Promise<PushResponse>;
  pull(serverUrl: string, token: string, query: { cursor: string; limit?: number }): Promise<PullResponse>;
  /** The software installed across the assets the user may see (online only). */
  listSoftware(serverUrl: string, token: string, query: SoftwareQuery): Promise<SoftwareListResponse>;
}

const LoginAnswerSchema = z.object({ user: SessionUserSchema, expiresAt: z.string(), token: z.string().min(1, 'no desktop sign-in token in the answer') });
const MeAnswerSchema = z.object({ user: SessionUserSchema, expiresAt: z.string() });
const HealthAnswerSchema = z.object({ status: z.literal('ok'), version: z.string(), time: z.string() });
const PushAnswerSchema = z.object({ results: z.array(z.object({ opId: z.string(), status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']) }).loose()) });
const PullAnswerSchema = z.object({
  changes: z.array(z.object({ entity: z.string(), id: z.string(), rev: z.number(), op: z.enum(['put', 'delete']) }).loose()),
  cursor: z.string(),
  hasMore: z.boolean(),
  reset: z.boolean().optional(),
  /** Older servers did not say; 0 only means "no estimate" to a progress bar. */
  remaining: z.number().nonnegative().default(0),
});

const SoftwareListAnswerSchema = z.object({
  software: z.array(
    z.object({
      name: z.string(),
      publisher: z.string().nullable(),
      installs: z.number(),
      versions: z.array(z.object({ version: z.string().nullable(), installs: z.number() })),
    }),
  ),
  total: z.number(),
  inventoriedAssets: z.number(),
});

interface Call {
  method: 'GET' | 'POST';
  route: string;
  query?: Record<string, string>;
  token?: string;
  body?: unknown;
  timeoutMs: number;
}

export function createServerClient(options: ServerClientOptions): ServerClient {
  const { fetch } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const syncTimeoutMs = options.syncTimeoutMs ?? 60_000;
  const healthTimeoutMs = options.healthTimeoutMs ?? 5_000;

  async function call(serverUrl: string, c: Call): Promise<{ status: number; body: unknown }> {
    const url = new URL(`${serverUrl.replace(/\/+$/, '')}${c.route}`);
    for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    if (c.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await fetch(url.href, {
        method: c.method,
        headers,
        body: c.body === undefined ? undefined : JSON.stringify(c.body),
        signal: AbortSignal.timeout(c.timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (e) {
      throw offlineError(serverUrl, describeNetworkFailure(e, c.timeoutMs));
    }

    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        if (response.ok) throw notFieldDeskError(serverUrl, c.route, 'the answer is not JSON');
      }
    }
    if (!response.ok) throw errorForResponse(serverUrl, c.route, response.status, body);
    return { status: response.status, body };
  }

  function shaped<T>(serverUrl: string, route: string, schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw notFieldDeskError(serverUrl, route, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return parsed.data;
  }

  return {
    async health(serverUrl) {
      const { body } = await call(serverUrl, { method: 'GET', route: API.health, timeoutMs: healthTimeoutMs });
      return shaped(serverUrl, API.health, HealthAnswerSchema, body);
    },
    async login(serverUrl, credentials) {
      const { body } = await call(serverUrl, {
        method: 'POST',
        route: API.login,
        body: { username: credentials.username, password: credentials.password, client: 'desktop' },
        timeoutMs,
      });
      return shaped(serverUrl, API.login, LoginAnswerSchema, body);
    },
    async logout(serverUrl, token) {
      await call(serverUrl, { method: 'POST', route: API.logout, token, body: {}, timeoutMs });
    },
    async me(serverUrl, token) {
      const { body } = await call(serverUrl, { method: 'GET', route: API.me, token, timeoutMs });
      return shaped(serverUrl, API.me, MeAnswerSchema, body);
    },
    async push(serverUrl, token, request) {
      const { body } = await call(serverUrl, { method: 'POST', route: API.push, token, body: request, timeoutMs: syncTimeoutMs });
      return shaped(serverUrl, API.push, PushAnswerSchema, body) as PushResponse;
    },
    async pull(serverUrl, token, query) {
      const q: Record<string, string> = { cursor: query.cursor };
      if (query.limit !== undefined) q.limit = String(query.limit);
      const { body } = await call(serverUrl, { method: 'GET', route: API.pull, query: q, token, timeoutMs: syncTimeoutMs });
      return shaped(serverUrl, API.pull, PullAnswerSchema, body) as PullResponse;
    },
    async listSoftware(serverUrl, token, query) {
      const q: Record<string, string> = {};
      if (query.q !== undefined && query.q !== '') q.q = query.q;
      if (query.limit !== undefined) q.limit = String(query.limit);
      if (query.offset !== undefined) q.offset = String(query.offset);
      const { body } = await call(serverUrl, { method: 'GET', route: API.software, query: q, token, timeoutMs });
      return shaped(serverUrl, API.software, SoftwareListAnswerSchema, body);
    },
  };
}
