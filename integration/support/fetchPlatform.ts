/**
 * A sync platform over real HTTP (Node's fetch) with a desktop bearer token, as main's
 * transport does: a server that cannot be reached (refused, reset, killed mid-request)
 * becomes ApiError 'offline'; any other non-2xx becomes ApiError with its code.
 * `baseUrl` may change between calls (a restarted server on a new port).
 */
import { API, type LoginResponse, type MeResponse } from '@fielddesk/common/api/http';
import { ApiError, codeForStatus, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import type { PullResponse, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import type { SyncPlatform } from '../../renderer/src/data/sync/engine';
import { DEMO_PASSWORD } from './injectPlatform';

export interface HttpTarget {
  baseUrl: string;
  token: string;
}

async function call<T>(target: HttpTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, target.baseUrl), {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new ApiError('offline', `The FieldDesk server cannot be reached (${(error as Error).message}).`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new ApiError('offline', `The connection to the FieldDesk server broke (${(error as Error).message}).`);
  }
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // keep the text
    }
    throw new ApiError(codeForStatus(res.status), message);
  }
  return JSON.parse(text) as T;
}

export async function loginOverHttp(baseUrl: string, username: string): Promise<LoginResponse & { token: string }> {
  const res = await fetch(new URL(API.login, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, client: 'desktop' }),
  });
  const body = (await res.json()) as LoginResponse;
  if (!res.ok || !body.token) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return body as LoginResponse & { token: string };
}

export interface HttpPlatformHooks {
  /** Called as a push is sent (the request is on its way). */
  onPush?(request: PushRequest): void;
  onPushAnswered?(request: PushRequest, response: PushResponse): void;
}

export function httpPlatform(target: HttpTarget, hooks: HttpPlatformHooks = {}): SyncPlatform {
  return {
    push: async (request) => {
      const pending = call<PushResponse>(target, 'POST', API.push, request);
      hooks.onPush?.(request);
      const response = await pending;
      hooks.onPushAnswered?.(request, response);
      return response;
    },
    pull: (query) => {
      const qs = new URLSearchParams({ cursor: query.cursor, ...(query.limit ? { limit: String(query.limit) } : {}) });
      return call<PullResponse>(target, 'GET', `${API.pull}?${qs}`);
    },
    getSession: async () => {
      try {
        const me = await call<MeResponse>(target, 'GET', API.me);
        return { user: me.user, serverUrl: target.baseUrl, expiresAt: me.expiresAt };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthorized') return null;
        throw error;
      }
    },
    onEvent: (_listener: (event: PlatformEvent) => void) => () => undefined,
    getUploadQueue: async () => ({ pending: 0, bytesPending: 0, lastError: null }),
  };
}
