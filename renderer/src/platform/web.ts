/**
 * Web platform adapter: the renderer served by the FieldDesk server talks to that same
 * server with fetch. The session lives in an HttpOnly cookie the page never sees; every
 * state-changing request carries the CSRF token from the login/me answer, kept in memory.
 *
 * Errors become ApiError: a request that never reached the server (network down, timeout,
 * a gateway saying the server is away) is 'offline'; an HTTP answer maps via codeForStatus.
 *
 * Attachments are uploaded at once when the server answers, chunked and resumable per
 * common/api/http.ts; when it does not, the file waits in the browser (webFiles.ts) and is
 * shown from there, and the waiting files go up as soon as the server is back (the browser
 * comes online, a poke, a successful push, or every 30 s while some wait), like main's
 * upload queue on the desktop. Pokes arrive on a server-sent event stream (API.events), open while
 * someone listens and a user is signed in; it is re-opened after the server closes it.
 */
import {
  API,
  CSRF_HEADER,
  POKE_EVENT,
  attachmentPath,
  uploadPath,
  type UploadStatus,
  type ApiErrorBody,
  type HealthResponse,
  type LoginResponse,
  type MeResponse,
  type SoftwareListResponse,
} from '@fielddesk/common/api/http';
import {
  ApiError,
  codeForStatus,
  type AppInfo,
  type ConnectivityState,
  type LoginInput,
  type Platform,
  type PlatformEvent,
  type SaveAttachmentInput,
  type SavedAttachment,
  type SessionInfo,
  type LocalInventory,
  type SoftwareQuery,
} from '@fielddesk/common/ipc/contract';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES, type PullResponse, type PushRequest, type PushResponse } from '@fielddesk/common/sync/protocol';
import { APP_VERSION } from './version';
import { WebFileStore } from './webFiles';

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
  /** The EventSource class for the poke stream; null: no stream. Defaults to the browser's. */
  EventSource?: EventSourceClass | null;
  /** First delay before re-opening a poke stream the server closed (doubles up to a minute). */
  reconnectMs?: number;
  /** SHA-256 of attachment bytes as lowercase hex. Defaults to WebCrypto. */
  sha256?: (bytes: Uint8Array) => Promise<string>;
  /** Where files wait while the server is unreachable. Defaults to this origin's store. */
  files?: WebFileStore;
  /** How often waiting files are retried while some wait (ms). */
  uploadRetryMs?: number;
}

/** The part of the browser's EventSource this adapter uses (so tests can pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}
export type EventSourceClass = new (url: string, init?: EventSourceInit) => EventSourceLike;
const EVENT_SOURCE_CLOSED = 2;


export async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new ApiError('server', 'This browser cannot fingerprint files here: attachments need the web app to be opened over https (or on localhost).');
  }
  const digest = await subtle.digest('SHA-256', bytes as unknown as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why the web app cannot scan: said the same wherever the "This device" screen shows it. */
export const SCAN_NEEDS_DESKTOP = 'Scanning this device needs the FieldDesk desktop app: a browser cannot see the machine it runs on.';

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
  const EventSourceCtor: EventSourceClass | null =
    options.EventSource === undefined ? ((globalThis as { EventSource?: EventSourceClass }).EventSource ?? null) : options.EventSource;
  const reconnectMs = options.reconnectMs ?? 2_000;
  const sha256 = options.sha256 ?? webCryptoSha256;
  const files = options.files ?? new WebFileStore();
  const uploadRetryMs = options.uploadRetryMs ?? 30_000;
  let flushing: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the server knows us (last login/me succeeded): the poke stream only runs then. */
  let signedIn = false;
  let stream: EventSourceLike | null = null;
  let streamOpenedBefore = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectAttempts = 0;

  const unreachable = (detail: string) => new ApiError('offline', `Could not reach the FieldDesk server at ${origin}: ${detail}`);

  function emit(event: PlatformEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  async function request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, withCsrf = false): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // isView, not instanceof: bytes read back from IndexedDB may come from another realm.
    const binary = ArrayBuffer.isView(body);
    if (body !== undefined) headers['content-type'] = binary ? 'application/octet-stream' : 'application/json';
    if (withCsrf && csrfToken) headers[CSRF_HEADER] = csrfToken;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${origin}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : binary ? (body as unknown as BodyInit) : JSON.stringify(body),
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
      setSignedIn(false);
      return null;
    }
    if (answer.status !== 200) throw failure(answer, 'tell who is signed in');
    const me = answer.body as MeResponse;
    csrfToken = me.csrfToken ?? csrfToken;
    setSignedIn(true);
    return me;
  }

  // ---- the poke stream (server-sent events) ----

  function setSignedIn(value: boolean): void {
    signedIn = value;
    if (value) openStream();
    else closeStream();
  }

  function openStream(): void {
    if (stream || reconnectTimer || !EventSourceCtor || !signedIn || listeners.size === 0) return;
    const source = new EventSourceCtor(`${origin}${API.events}`, { withCredentials: true });
    stream = source;
    source.addEventListener(POKE_EVENT, () => {
      emit({ type: 'poke' });
      void flushUploads();
    });
    source.addEventListener('open', () => {
      reconnectAttempts = 0;
      // Pokes sent while the stream was down are lost: after a reconnect, pull once.
      if (streamOpenedBefore) emit({ type: 'poke' });
      streamOpenedBefore = true;
    });
    source.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. the server
      // answered an error): try again later, more slowly each time.
      if (stream !== source || source.readyState !== EVENT_SOURCE_CLOSED) return;
      source.close();
      stream = null;
      const delay = Math.min(60_000, reconnectMs * 2 ** Math.min(reconnectAttempts, 10));
      reconnectAttempts += 1;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        openStream();
      }, delay);
    });
  }

  function closeStream(): void {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    stream?.close();
    stream = null;
    streamOpenedBefore = false;
    reconnectAttempts = 0;
  }

  // ---- attachments ----

  /** Sends the bytes in chunks from wherever the server says it got to (resumes on 409). */
  async function upload(sha: string, bytes: Uint8Array): Promise<void> {
    const size = bytes.byteLength;
    const statusAnswer = await request('GET', uploadPath(sha));
    if (statusAnswer.status === 401) throw sessionExpired(statusAnswer);
    if (statusAnswer.status !== 200) throw failure(statusAnswer, 'say how much of the attachment it has');
    let status = uploadStatusOf(statusAnswer.body);
    let resyncs = 0;
    while (!status.complete) {
      const offset = Math.min(Math.max(0, status.received), size);
      const chunk = bytes.subarray(offset, Math.min(size, offset + ATTACHMENT_CHUNK_BYTES));
      const path = `${uploadPath(sha)}?offset=${offset}&size=${size}`;
      if (!csrfToken && !(await fetchMe())) throw sessionExpired();
      let answer = await request('PUT', path, chunk, true);
      if (isCsrfFailure(answer)) {
        if (!(await fetchMe())) throw sessionExpired();
        answer = await request('PUT', path, chunk, true);
      }
      if (answer.status === 401) throw sessionExpired(answer);
      if (answer.status === 409) {
        // The server holds a different amount (an earlier upload was interrupted): go on from there.
        if (++resyncs > 20) throw new ApiError('server', 'The server kept disagreeing about how much of the attachment it has; try again later.');
        status = uploadStatusOf(answer.body);
        continue;
      }
      if (answer.status === 422) {
        throw new ApiError('invalid', 'The server received the file damaged (its SHA-256 fingerprint did not match); attach it again.');
      }
      if (answer.status < 200 || answer.status >= 300) throw failure(answer, 'take the attachment');
      const next = uploadStatusOf(answer.body);
      // Each accepted chunk must move the upload on; a server that says otherwise would keep us here for ever.
      if (!next.complete && next.received <= status.received && ++resyncs > 20) {
        throw new ApiError('server', 'The server does not take the attachment any further; try again later.');
      }
      status = next;
    }
  }

  async function emitUploads(): Promise<void> {
    emit({ type: 'uploads', state: await files.state() });
  }

  /** Tries again later while files wait and someone listens. */
  function scheduleRetry(): void {
    if (retryTimer || listeners.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flushUploads();
    }, uploadRetryMs);
  }

  /**
   * Uploads the files waiting in the browser, oldest first; stops at the first "offline" (the
   * rest would fail alike). A file the server refuses for another reason keeps waiting with
   * the reason, which the sync status shows. One flush at a time.
   */
  function flushUploads(): Promise<void> {
    // Uploading needs a session; files wait until a sign-in (login/me) says there is one.
    if (!signedIn) return Promise.resolve();
    flushing ??= (async () => {
      try {
        for (const file of await files.waiting()) {
          try {
            await upload(file.sha256, file.bytes);
            await files.uploaded(file.sha256);
          } catch (e) {
            if (e instanceof ApiError && (e.code === 'offline' || e.code === 'unauthorized')) break;
            await files.failed(file.sha256, `"${file.fileName}" could not be uploaded: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      } finally {
        flushing = null;
        const state = await files.state();
        emit({ type: 'uploads', state });
        if (state.pending > 0) scheduleRetry();
      }
    })();
    return flushing;
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
    setSignedIn(false);
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
    void checkConnectivity().then((state) => {
      emit({ type: 'connectivity', state });
      if (state.online) void flushUploads();
    });
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
      setSignedIn(true);
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
      setSignedIn(false);
      if (answer.status === 401) return;
      if (answer.status < 200 || answer.status >= 300) throw failure(answer, 'sign you out');
    },

    checkConnectivity,

    async push(req: PushRequest): Promise<PushResponse> {
      const answer = await mutate(API.push, req, 'take the changes');
      // The server answers: a good moment for files that waited for it.
      void flushUploads();
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

    async saveAttachment(input: SaveAttachmentInput): Promise<SavedAttachment> {
      const size = input.bytes.byteLength;
      if (size > MAX_ATTACHMENT_BYTES) {
        throw new ApiError('too_large', `"${input.fileName}" is ${formatMb(size)}; an attachment may be at most ${formatMb(MAX_ATTACHMENT_BYTES)}.`);
      }
      const sha = await sha256(input.bytes);
      try {
        await upload(sha, input.bytes);
      } catch (e) {
        // Unreachable (or signed out meanwhile): the file waits here and goes up later.
        if (!(e instanceof ApiError && (e.code === 'offline' || e.code === 'unauthorized'))) throw e;
        await files.keep({ sha256: sha, fileName: input.fileName, mimeType: input.mimeType, size, bytes: input.bytes.slice(), savedAt: new Date().toISOString() });
        await emitUploads();
        scheduleRetry();
      }
      return { sha256: sha, size };
    },

    async attachmentUrl(sha: string) {
      // A file still waiting in the browser is shown from there; others come from the server
      // (same origin: the session cookie goes with <img> and download requests).
      return (await files.localUrl(sha)) ?? `${origin}${attachmentPath(sha)}`;
    },

    async getUploadQueue() {
      return files.state();
    },

    async scanInventory(): Promise<LocalInventory> {
      throw new ApiError('unavailable', SCAN_NEEDS_DESKTOP);
    },

    async listSoftware(query: SoftwareQuery): Promise<SoftwareListResponse> {
      const params = new URLSearchParams();
      if (query.q !== undefined && query.q !== '') params.set('q', query.q);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.offset !== undefined) params.set('offset', String(query.offset));
      const search = params.toString();
      const answer = await request('GET', search ? `${API.software}?${search}` : API.software);
      if (answer.status === 401) throw sessionExpired(answer);
      if (answer.status !== 200) throw failure(answer, 'list the installed software');
      const body = answer.body as Partial<SoftwareListResponse> | null;
      if (!body || !Array.isArray(body.software) || typeof body.total !== 'number' || typeof body.inventoriedAssets !== 'number') {
        throw new ApiError('server', 'The server answered the software list in a way FieldDesk does not understand.');
      }
      return body as SoftwareListResponse;
    },

    onEvent(listener) {
      listeners.add(listener);
      if (listeners.size === 1 && eventTarget) {
        eventTarget.addEventListener('online', onBrowserConnectivity);
        eventTarget.addEventListener('offline', onBrowserConnectivity);
      }
      openStream();
      // Files left waiting by an earlier visit go up once someone is listening (the app started).
      if (listeners.size === 1) void flushUploads();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          if (retryTimer) clearTimeout(retryTimer);
          retryTimer = null;
          closeStream();
          if (eventTarget) {
            eventTarget.removeEventListener('online', onBrowserConnectivity);
            eventTarget.removeEventListener('offline', onBrowserConnectivity);
          }
        }
      };
    },
  };
}

/** The server's upload status, checked: an answer of another shape is a server error, not a loop. */
function uploadStatusOf(body: unknown): UploadStatus {
  const b = body as Partial<UploadStatus> | null;
  if (!b || typeof b.received !== 'number' || !Number.isFinite(b.received) || typeof b.complete !== 'boolean') {
    throw new ApiError('server', 'The server answered the upload in a way FieldDesk does not understand (no upload status).');
  }
  return b as UploadStatus;
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
