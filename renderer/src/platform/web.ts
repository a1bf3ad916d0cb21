/**
 * Web platform adapter: the renderer served by the FieldDesk server talks to that same
 * server with fetch. The session lives in an HttpOnly cookie the page never sees; every
 * state-changing request carries the CSRF token from the login/me answer, kept in memory.
 *
 * Errors become ApiError: a request that never reached the server (network down, timeout,
 * a gateway saying the server is away) is 'offline'; an HTTP answer maps via codeForStatus.
 */
import {
  API,
  CSRF_HEADER,
  type ApiErrorBody,
  type HealthResponse,
  type LoginResponse,
  type MeResponse,
} from '@fielddesk/common/api/http';
import {
  ApiError,
  codeForStatus,
  type AppInfo,
  type ConnectivityState,
  type LoginInput,
  type Platform,
  type PlatformEvent,
  type SessionInfo,
} from '@fielddesk/common/ipc/contract';
import type { PullResponse, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import { APP_VERSION } from './version';

export interface WebPlatformOptions {
  /** The server's origin, e.g. https://desk.example.org. Defaults to the page's origin. */
  origin?: string;
  fetch?: typeof fetch;
  /** A request that takes longer than this counts as the server being unreachable. */
  timeoutMs?: number;
  /** Where to listen for the browser's online/offline events (window in the app). */
  eventTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  /** The browser platform string for AppInfo.os. */
  os?: string;
}

/** Gateway answers meaning "the FieldDesk server behind me is not there": treated as offline. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

interface Answer {
  status: number;
  body: unknown;
}

export function createWebPlatform(options: WebPlatformOptions = {}): Platform {
  const origin = (options.origin ?? window.location.origin).replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const eventTarget = options.eventTarget === undefined ? window : options.eventTarget;
  const listeners = new Set<(event: PlatformEvent) => void>();
  /** CSRF token from the last login/me answer; only ever in memory. */
  let csrfToken: string | null = null;

  const unreachable = (detail: string) => new ApiError('offline', `Could not reach the FieldDesk server at ${origin}: ${detail}`);

  function emit(event: PlatformEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  async function request(method: 'GET' | 'POST', path: string, body?: unknown, withCsrf = false): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (withCsrf && csrfToken) headers[CSRF_HEADER] = csrfToken;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${origin}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (e) {
      if (controller.signal.aborted) throw unreachable(`it did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
      // fetch rejects with a TypeError ("Failed to fetch") for every network failure: say it in words.
      if (e instanceof TypeError) throw unreachable('the connection failed (the server may be down, or this device has no network).');
      throw unreachable(`${e instanceof Error ? e.message : String(e)}.`);
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown = null;
    const text = await response.text().catch(() => '');
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    return { status: response.status, body: parsed };
  }

  function failure(answer: Answer, what: string): ApiError {
    if (GATEWAY_STATUSES.has(answer.status)) return unreachable(`the server is not answering (HTTP ${answer.status}).`);
    const body = answer.body as Partial<ApiErrorBody> | null;
    const message =
      body && typeof body.message === 'string' && body.message.trim()
        ? body.message
        : `The FieldDesk server refused to ${what} (HTTP ${answer.status}).`;
    return new ApiError(codeForStatus(answer.status), message);
  }

  function isCsrfFailure(answer: Answer): boolean {
    const body = answer.body as Partial<ApiErrorBody> | null;
    return answer.status === 403 && typeof body?.error === 'string' && body.error.toLowerCase().includes('csrf');
  }

  async function fetchMe(): Promise<MeResponse | null> {
    const answer = await request('GET', API.me);
    if (answer.status === 401) {
      csrfToken = null;
      return null;
    }
    if (answer.status !== 200) throw failure(answer, 'tell who is signed in');
    const me = answer.body as MeResponse;
    csrfToken = me.csrfToken ?? csrfToken;
    return me;
  }

  /** A state-changing request: makes sure a CSRF token is known, retries once if it went stale. */
  async function mutate(path: string, body: unknown, what: string): Promise<Answer> {
    if (!csrfToken) {
      const me = await fetchMe();
      if (!me) throw sessionExpired();
    }
    let answer = await request('POST', path, body, true);
    if (isCsrfFailure(answer)) {
      const me = await fetchMe();
      if (!me) throw sessionExpired();
      answer = await request('POST', path, body, true);
    }
    if (answer.status === 401) throw sessionExpired(answer);
    if (answer.status < 200 || answer.status >= 300) throw failure(answer, what);
    return answer;
  }

  function sessionExpired(answer?: Answer): ApiError {
    csrfToken = null;
    emit({ type: 'session-expired' });
    const body = answer?.body as Partial<ApiErrorBody> | null | undefined;
    return new ApiError('unauthorized', body?.message ?? 'Your session has expired. Sign in again to sync.');
  }

  function toSession(user: MeResponse['user'], expiresAt: string): SessionInfo {
    return { user, serverUrl: origin, expiresAt };
  }

  async function checkConnectivity(): Promise<ConnectivityState> {
    const checkedAt = new Date().toISOString();
    try {
      const answer = await request('GET', API.health);
      if (answer.status === 200 && (answer.body as HealthResponse | null)?.status === 'ok') return { online: true, reason: null, checkedAt };
      return { online: false, reason: `The FieldDesk server at ${origin} is not healthy (HTTP ${answer.status}).`, checkedAt };
    } catch (e) {
      return { online: false, reason: e instanceof Error ? e.message : String(e), checkedAt };
    }
  }

  const onBrowserConnectivity = () => {
    void checkConnectivity().then((state) => emit({ type: 'connectivity', state }));
  };

  return {
    kind: 'web',

    async getAppInfo(): Promise<AppInfo> {
      return {
        version: APP_VERSION,
        platform: 'web',
        os: options.os ?? (typeof navigator === 'undefined' ? 'unknown' : navigator.platform || navigator.userAgent),
        serverUrl: origin,
      };
    },

    async getSession() {
      const me = await fetchMe();
      return me ? toSession(me.user, me.expiresAt) : null;
    },

    async login(input: LoginInput) {
      // The web app always signs in to its own origin; input.serverUrl is a desktop field.
      const answer = await request('POST', API.login, { username: input.username, password: input.password, client: 'web' }, true);
      if (answer.status !== 200) throw failure(answer, 'sign you in');
      const body = answer.body as LoginResponse;
      csrfToken = body.csrfToken ?? null;
      return toSession(body.user, body.expiresAt);
    },

    async logout() {
      if (!csrfToken) {
        // Nothing to end if the server already forgot us.
        const me = await fetchMe();
        if (!me) return;
      }
      const answer = await request('POST', API.logout, {}, true);
      csrfToken = null;
      if (answer.status === 401) return;
      if (answer.status < 200 || answer.status >= 300) throw failure(answer, 'sign you out');
    },

    checkConnectivity,

    async push(req: PushRequest): Promise<PushResponse> {
      const answer = await mutate(API.push, req, 'take the changes');
      return answer.body as PushResponse;
    },

    async pull(query: { cursor: string; limit?: number }): Promise<PullResponse> {
      const params = new URLSearchParams({ cursor: query.cursor });
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const answer = await request('GET', `${API.pull}?${params.toString()}`);
      if (answer.status === 401) throw sessionExpired(answer);
      if (answer.status !== 200) throw failure(answer, 'send changes');
      return answer.body as PullResponse;
    },

    onEvent(listener) {
      listeners.add(listener);
      if (listeners.size === 1 && eventTarget) {
        eventTarget.addEventListener('online', onBrowserConnectivity);
        eventTarget.addEventListener('offline', onBrowserConnectivity);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && eventTarget) {
          eventTarget.removeEventListener('online', onBrowserConnectivity);
          eventTarget.removeEventListener('offline', onBrowserConnectivity);
        }
      };
    },
  };
}
