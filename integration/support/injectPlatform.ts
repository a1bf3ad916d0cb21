/**
 * A sync platform (the renderer's SyncPlatform: push, pull, getSession, onEvent) that
 * talks to a real in-process FieldDesk server through Fastify's app.inject(), with a
 * desktop bearer token, exactly as main's transport does over HTTP. Non-2xx answers
 * become ApiError with the code the engine acts on, like the real adapters.
 */
import type { FastifyInstance } from 'fastify';
import { API, type LoginResponse, type MeResponse } from '@fielddesk/common/api/http';
import { ApiError, codeForStatus, type PlatformEvent, type SessionInfo } from '@fielddesk/common/ipc/contract';
import type { PullResponse, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import type { SyncPlatform } from '../../renderer/src/data/sync/engine';

export const DEMO_PASSWORD = 'fielddesk-demo';

export interface Login {
  token: string;
  user: LoginResponse['user'];
}

export async function loginDesktop(app: FastifyInstance, username: string): Promise<Login> {
  const res = await app.inject({ method: 'POST', url: API.login, payload: { username, password: DEMO_PASSWORD, client: 'desktop' } });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<LoginResponse>();
  if (!body.token) throw new Error(`login as ${username} returned no token`);
  return { token: body.token, user: body.user };
}

function errorFrom(status: number, body: string): ApiError {
  let message = body;
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    // not JSON: keep the text
  }
  return new ApiError(codeForStatus(status), message);
}

/** The raw server calls, without any fault: used by the fault-injecting network and by checks. */
export class InjectServerClient {
  constructor(
    readonly app: FastifyInstance,
    readonly token: string,
  ) {}

  async push(request: PushRequest): Promise<PushResponse> {
    const res = await this.app.inject({ method: 'POST', url: API.push, headers: { authorization: `Bearer ${this.token}` }, payload: request });
    if (res.statusCode !== 200) throw errorFrom(res.statusCode, res.body);
    return res.json<PushResponse>();
  }

  async pull(query: { cursor: string; limit?: number }): Promise<PullResponse> {
    const qs = new URLSearchParams({ cursor: query.cursor, ...(query.limit ? { limit: String(query.limit) } : {}) });
    const res = await this.app.inject({ method: 'GET', url: `${API.pull}?${qs}`, headers: { authorization: `Bearer ${this.token}` } });
    if (res.statusCode !== 200) throw errorFrom(res.statusCode, res.body);
    return res.json<PullResponse>();
  }

  async getSession(): Promise<SessionInfo | null> {
    const res = await this.app.inject({ method: 'GET', url: API.me, headers: { authorization: `Bearer ${this.token}` } });
    if (res.statusCode === 401) return null;
    if (res.statusCode !== 200) throw errorFrom(res.statusCode, res.body);
    const me = res.json<MeResponse>();
    return { user: me.user, serverUrl: 'http://inject.invalid', expiresAt: me.expiresAt };
  }
}

/** A fault-free platform over app.inject (events are never emitted: tests drive syncNow). */
export function injectPlatform(client: InjectServerClient): SyncPlatform {
  return {
    push: (r) => client.push(r),
    pull: (q) => client.pull(q),
    getSession: () => client.getSession(),
    onEvent: (_listener: (event: PlatformEvent) => void) => () => undefined,
    getUploadQueue: async () => ({ pending: 0, bytesPending: 0, lastError: null }),
  };
}
