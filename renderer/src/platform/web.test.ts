import { describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER, API } from '@fielddesk/common/api/http';
import { ApiError, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import { createWebPlatform } from './web';

const ORIGIN = 'https://desk.example.org';
const user = { id: '0195f0c8-0000-7000-8000-000000000001', username: 'desk1', displayName: 'Dana Desk', role: 'agent' as const, siteId: null, groupIds: [] };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

type Call = { url: string; init: RequestInit };
function mockFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return answer(call);
  });
  return { fn: fn as unknown as typeof fetch, calls };
}

const headerOf = (call: Call | undefined, name: string) => (call?.init.headers as Record<string, string> | undefined)?.[name];

describe('web platform adapter', () => {
  it('signs in with the cookie client and sends the CSRF token on every POST', async () => {
    const { fn, calls } = mockFetch((c) => {
      if (c.url.endsWith(API.login)) return json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 'csrf-123' });
      if (c.url.endsWith(API.push)) return json(200, { results: [] });
      return json(404, { error: 'not_found', message: 'no' });
    });
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });

    const session = await platform.login({ username: 'desk1', password: 'secret' });
    await platform.push({ clientId: user.id, ops: [] as never });

    expect(session).toEqual({ user, serverUrl: ORIGIN, expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(calls[0]?.url).toBe(`${ORIGIN}${API.login}`);
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ username: 'desk1', password: 'secret', client: 'web' });
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[1]?.init.method).toBe('POST');
    expect(headerOf(calls[1], CSRF_HEADER)).toBe('csrf-123');
    expect(calls[1]?.init.credentials).toBe('same-origin');
  });

  it('fetches the CSRF token from /me before the first POST after a reload', async () => {
    const { fn, calls } = mockFetch((c) => {
      if (c.url.endsWith(API.me)) return json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 'from-me' });
      return json(200, { results: [] });
    });
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });

    await platform.push({ clientId: user.id, ops: [] as never });

    expect(calls.map((c) => c.url)).toEqual([`${ORIGIN}${API.me}`, `${ORIGIN}${API.push}`]);
    expect(headerOf(calls[1], CSRF_HEADER)).toBe('from-me');
  });

  it('maps a network failure to ApiError offline, naming the server', async () => {
    const { fn } = mockFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });

    const error = await platform.pull({ cursor: '0' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'offline', message: `Could not reach the FieldDesk server at ${ORIGIN}: the connection failed (the server may be down, or this device has no network).` });
    await expect(platform.checkConnectivity()).resolves.toMatchObject({ online: false });
  });

  it('treats a gateway error as offline and a timeout as offline', async () => {
    const gateway = createWebPlatform({ origin: ORIGIN, fetch: mockFetch(() => new Response('Bad gateway', { status: 502 })).fn, eventTarget: null });
    await expect(gateway.pull({ cursor: '0' })).rejects.toMatchObject({ code: 'offline' });

    const hanging = mockFetch(
      (c) =>
        new Promise<Response>((_, reject) => {
          c.init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const slow = createWebPlatform({ origin: ORIGIN, fetch: hanging.fn, eventTarget: null, timeoutMs: 20 });
    await expect(slow.pull({ cursor: '0' })).rejects.toMatchObject({ code: 'offline', message: expect.stringContaining('did not answer') });
  });

  it('maps 401 to unauthorized with the server message, and tells listeners the session expired', async () => {
    const { fn } = mockFetch((c) => {
      if (c.url.endsWith(API.login)) return json(401, { error: 'invalid_credentials', message: 'Wrong username or password.' });
      return json(401, { error: 'unauthorized', message: 'Your session has expired.' });
    });
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });
    const events: PlatformEvent[] = [];
    platform.onEvent((e) => events.push(e));

    await expect(platform.login({ username: 'desk1', password: 'nope' })).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'Wrong username or password.',
    });
    await expect(platform.pull({ cursor: '5' })).rejects.toMatchObject({ code: 'unauthorized', message: 'Your session has expired.' });
    expect(events).toEqual([{ type: 'session-expired' }]);
    await expect(platform.getSession()).resolves.toBeNull();
  });

  it('maps other statuses with codeForStatus and keeps the server message', async () => {
    const { fn } = mockFetch(() => json(429, { error: 'rate_limited', message: 'Too many sign-in attempts; wait a minute.' }));
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });
    await expect(platform.login({ username: 'a', password: 'b' })).rejects.toMatchObject({
      code: 'rate_limited',
      message: 'Too many sign-in attempts; wait a minute.',
    });
  });

  it('passes the pull cursor and limit as query parameters', async () => {
    const { fn, calls } = mockFetch(() => json(200, { changes: [], cursor: '9', hasMore: false }));
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });
    await expect(platform.pull({ cursor: '7', limit: 50 })).resolves.toEqual({ changes: [], cursor: '9', hasMore: false });
    expect(calls[0]?.url).toBe(`${ORIGIN}${API.pull}?cursor=7&limit=50`);
  });

  it('reports connectivity when the browser goes online', async () => {
    const target = new EventTarget();
    const { fn } = mockFetch(() => json(200, { status: 'ok', version: '1', time: 'now' }));
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: target });
    const events: PlatformEvent[] = [];
    const stop = platform.onEvent((e) => events.push(e));

    target.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({ type: 'connectivity', state: { online: true, reason: null } });
    stop();
  });
});
