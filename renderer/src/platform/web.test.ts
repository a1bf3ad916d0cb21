import { describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER, API, POKE_EVENT, uploadPath, type UploadStatus } from '@fielddesk/common/api/http';
import { ATTACHMENT_CHUNK_BYTES } from '@fielddesk/common/sync/protocol';
import { ApiError, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import { createWebPlatform, webCryptoSha256, type EventSourceLike } from './web';
import { WebFileStore } from './webFiles';

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

  it('refuses to scan the machine with the unavailable error, without asking the server', async () => {
    const { fn, calls } = mockFetch(() => json(200, {}));
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });

    const error = await platform.scanInventory().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'Scanning this device needs the FieldDesk desktop app: a browser cannot see the machine it runs on.',
    });
    expect(calls).toEqual([]);
  });

  it('lists software with a cookie GET carrying the query, and maps refusals like other calls', async () => {
    const list = { software: [{ name: 'curl', publisher: 'Debian', installs: 3, versions: [{ version: '8.5.0', installs: 3 }] }], total: 1, inventoriedAssets: 3 };
    let status = 200;
    const { fn, calls } = mockFetch(() => (status === 200 ? json(200, list) : json(status, { error: 'forbidden', message: 'Requesters cannot list software.' })));
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null });

    await expect(platform.listSoftware({ q: 'cu rl', limit: 50, offset: 100 })).resolves.toEqual(list);
    expect(calls[0]?.url).toBe(`${ORIGIN}${API.software}?q=cu+rl&limit=50&offset=100`);
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    await platform.listSoftware({});
    expect(calls[1]?.url).toBe(`${ORIGIN}${API.software}`);

    status = 403;
    await expect(platform.listSoftware({})).rejects.toMatchObject({ code: 'forbidden', message: 'Requesters cannot list software.' });
    status = 503;
    await expect(platform.listSoftware({})).rejects.toMatchObject({ code: 'offline' });
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

  it('reports pokes from the server-sent event stream while signed in, and closes it on sign-out', async () => {
    const sources: FakeEventSource[] = [];
    const { fn } = mockFetch((c) => {
      if (c.url.endsWith(API.me)) return json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 't' });
      return json(200, {});
    });
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null, EventSource: fakeEventSourceClass(sources) });
    const events: PlatformEvent[] = [];
    platform.onEvent((e) => events.push(e));
    expect(sources).toHaveLength(0); // nobody is signed in yet

    await platform.getSession();
    expect(sources.map((s) => s.url)).toEqual([`${ORIGIN}${API.events}`]);
    sources[0]!.fire('open');
    sources[0]!.fire(POKE_EVENT);
    sources[0]!.fire(POKE_EVENT);
    expect(events).toEqual([{ type: 'poke' }, { type: 'poke' }]);

    await platform.logout();
    expect(sources[0]!.closed).toBe(true);
    sources[0]!.fire(POKE_EVENT);
    expect(events).toHaveLength(2);
  });

  it('re-opens the stream after the server closed it, and pulls once after reconnecting', async () => {
    vi.useFakeTimers();
    try {
      const sources: FakeEventSource[] = [];
      const { fn } = mockFetch(() => json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 't' }));
      const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null, EventSource: fakeEventSourceClass(sources), reconnectMs: 1000 });
      const events: PlatformEvent[] = [];
      platform.onEvent((e) => events.push(e));
      await platform.getSession();
      sources[0]!.fire('open');

      sources[0]!.readyState = 2; // CLOSED: the browser gave up
      sources[0]!.fire('error');
      expect(sources).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sources).toHaveLength(2);
      sources[1]!.fire('open');
      expect(events).toEqual([{ type: 'poke' }]);

      // While the browser is retrying by itself (CONNECTING), the adapter leaves it alone.
      sources[1]!.readyState = 0;
      sources[1]!.fire('error');
      await vi.advanceTimersByTimeAsync(5000);
      expect(sources).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uploads an attachment in chunks with the CSRF header, resuming where the server says', async () => {
    const bytes = new Uint8Array(ATTACHMENT_CHUNK_BYTES * 2 + 10).map((_, i) => i % 251);
    const sha = await webCryptoSha256(bytes);
    let received = 0;
    let interrupted = false;
    const { fn, calls } = mockFetch((c) => {
      if (c.url.endsWith(API.me)) return json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 'csrf-up' });
      if (c.init.method === 'GET' && c.url.endsWith(uploadPath(sha))) return json(200, status(received));
      const url = new URL(c.url);
      const offset = Number(url.searchParams.get('offset'));
      if (offset !== received) return json(409, status(received));
      const chunk = c.init.body as Uint8Array;
      received += chunk.byteLength;
      if (!interrupted && received > ATTACHMENT_CHUNK_BYTES) {
        // The connection broke after the server stored part of the second chunk.
        interrupted = true;
        received -= 100;
        return json(409, status(received));
      }
      return json(200, status(received));
    });
    function status(n: number): UploadStatus {
      return { sha256: sha, size: bytes.byteLength, received: n, complete: n === bytes.byteLength };
    }
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null, EventSource: null });

    const saved = await platform.saveAttachment({ fileName: 'scan.bin', mimeType: 'application/octet-stream', bytes });

    expect(saved).toEqual({ sha256: sha, size: bytes.byteLength });
    const puts = calls.filter((c) => c.init.method === 'PUT');
    expect(puts.map((c) => new URL(c.url).search)).toEqual([
      `?offset=0&size=${bytes.byteLength}`,
      `?offset=${ATTACHMENT_CHUNK_BYTES}&size=${bytes.byteLength}`,
      `?offset=${2 * ATTACHMENT_CHUNK_BYTES - 100}&size=${bytes.byteLength}`,
    ]);
    expect(received).toBe(bytes.byteLength);
    for (const put of puts) {
      expect(headerOf(put, CSRF_HEADER)).toBe('csrf-up');
      expect(headerOf(put, 'content-type')).toBe('application/octet-stream');
      expect((put.init.body as Uint8Array).byteLength).toBeLessThanOrEqual(ATTACHMENT_CHUNK_BYTES);
    }
  });

  it('skips the upload when the server already has the file', async () => {
    const bytes = new TextEncoder().encode('same bytes');
    const sha = await webCryptoSha256(bytes);
    const { fn, calls } = mockFetch(() => json(200, { sha256: sha, size: bytes.byteLength, received: bytes.byteLength, complete: true }));
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null, EventSource: null });
    await expect(platform.saveAttachment({ fileName: 'a.txt', mimeType: 'text/plain', bytes })).resolves.toEqual({ sha256: sha, size: bytes.byteLength });
    expect(calls.filter((c) => c.init.method === 'PUT')).toHaveLength(0);
  });

  it('keeps a file taken offline in the browser and uploads it once the server answers again', async () => {
    const bytes = new TextEncoder().encode('signature png bytes');
    const sha = await webCryptoSha256(bytes);
    let serverUp = false;
    let stored = 0;
    const { fn, calls } = mockFetch((c) => {
      if (!serverUp) throw new TypeError('Failed to fetch');
      if (c.url.endsWith(API.me)) return json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 't' });
      if (c.url.endsWith(API.push)) return json(200, { results: [] });
      if (c.init.method === 'GET') return json(200, { sha256: sha, size: bytes.byteLength, received: stored, complete: stored === bytes.byteLength });
      stored += (c.init.body as Uint8Array).byteLength;
      return json(200, { sha256: sha, size: bytes.byteLength, received: stored, complete: stored === bytes.byteLength });
    });
    const events: PlatformEvent[] = [];
    const platform = createWebPlatform({ origin: ORIGIN, fetch: fn, eventTarget: null, EventSource: null, files: new WebFileStore(`files-test-${crypto.randomUUID()}`) });
    platform.onEvent((e) => events.push(e));

    await expect(platform.saveAttachment({ fileName: 'signature.png', mimeType: 'image/png', bytes })).resolves.toEqual({ sha256: sha, size: bytes.byteLength });
    await expect(platform.getUploadQueue()).resolves.toEqual({ pending: 1, bytesPending: bytes.byteLength, lastError: null });
    expect(events).toContainEqual({ type: 'uploads', state: { pending: 1, bytesPending: bytes.byteLength, lastError: null } });

    // The server is back: the first push that gets through takes the waiting file up with it.
    serverUp = true;
    await platform.getSession();
    await platform.push({ clientId: user.id, ops: [] } as never);

    await vi.waitFor(async () => expect(await platform.getUploadQueue()).toEqual({ pending: 0, bytesPending: 0, lastError: null }));
    expect(stored).toBe(bytes.byteLength);
    expect(calls.filter((c) => c.init.method === 'PUT')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'uploads', state: { pending: 0, bytesPending: 0, lastError: null } });
  });

  it('names a damaged upload', async () => {
    const damaged = createWebPlatform({
      origin: ORIGIN,
      fetch: mockFetch((c) => {
        if (c.url.endsWith(API.me)) return json(200, { user, expiresAt: '2099-01-01T00:00:00.000Z', csrfToken: 't' });
        if (c.init.method === 'GET') return json(200, { sha256: 'x', size: 1, received: 0, complete: false });
        return json(422, { error: 'hash_mismatch', message: 'The file does not match its SHA-256.' });
      }).fn,
      eventTarget: null,
      EventSource: null,
      files: new WebFileStore(`files-test-${crypto.randomUUID()}`),
    });
    await expect(damaged.saveAttachment({ fileName: 'a.txt', mimeType: 'text/plain', bytes: new Uint8Array([1]) })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('SHA-256'),
    });
  });

  it('gives same-origin URLs for files the server has, and an empty queue when nothing waits', async () => {
    const platform = createWebPlatform({
      origin: ORIGIN,
      fetch: mockFetch(() => json(200, {})).fn,
      eventTarget: null,
      EventSource: null,
      files: new WebFileStore(`files-test-${crypto.randomUUID()}`),
    });
    await expect(platform.attachmentUrl('ab'.repeat(32))).resolves.toBe(`${ORIGIN}${API.attachments}/${'ab'.repeat(32)}`);
    await expect(platform.getUploadQueue()).resolves.toEqual({ pending: 0, bytesPending: 0, lastError: null });
  });
});

interface FakeEventSource extends EventSourceLike {
  url: string;
  readyState: number;
  closed: boolean;
  fire(type: string): void;
}

function fakeEventSourceClass(created: FakeEventSource[]) {
  return class implements FakeEventSource {
    readyState = 1;
    closed = false;
    private listeners = new Map<string, ((e: Event) => void)[]>();
    constructor(readonly url: string) {
      created.push(this);
    }
    addEventListener(type: string, listener: (e: Event) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    close() {
      this.closed = true;
      this.readyState = 2;
    }
    fire(type: string) {
      if (this.closed) return;
      for (const l of this.listeners.get(type) ?? []) l(new Event(type));
    }
  };
}
