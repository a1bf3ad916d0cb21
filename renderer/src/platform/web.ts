/**
 * Web platform adapter: the renderer served by the FieldDesk server talks to that same
 * server. This module assembles the platform from its parts: requests with the session
 * cookie and the CSRF token (webHttp.ts), the poke stream that says when to pull
 * (webPokes.ts), and attachment uploads with the files waiting in the browser
 * (webUploads.ts, webFiles.ts).
 */
import { API, attachmentPath, type HealthResponse, type LoginResponse, type MeResponse, type SoftwareListResponse } from '@fielddesk/common/api/http';
import {
  ApiError,
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
import type { PullResponse, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import { APP_VERSION } from './version';
import { WebFileStore } from './webFiles';
import { createWebHttp } from './webHttp';
import { createPokeStream, type EventSourceClass } from './webPokes';
import { createWebUploads, webCryptoSha256 } from './webUploads';

export type { EventSourceClass, EventSourceLike } from './webPokes';
export { webCryptoSha256 } from './webUploads';

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

/** Why the web app cannot scan: said the same wherever the "This device" screen shows it. */
export const SCAN_NEEDS_DESKTOP = 'Scanning this device needs the FieldDesk desktop app: a browser cannot see the machine it runs on.';

export function createWebPlatform(options: WebPlatformOptions = {}): Platform {
  const origin = (options.origin ?? window.location.origin).replace(/\/+$/, '');
  const eventTarget = options.eventTarget === undefined ? window : options.eventTarget;
  const listeners = new Set<(event: PlatformEvent) => void>();
  const files = options.files ?? new WebFileStore();

  function emit(event: PlatformEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  const http = createWebHttp({
    origin,
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 20_000,
    onSignedIn: (signedIn) => {
      if (signedIn) pokes.open();
      else pokes.close();
    },
    onSessionExpired: () => emit({ type: 'session-expired' }),
  });
  const pokes = createPokeStream({
    origin,
    EventSource: options.EventSource === undefined ? ((globalThis as { EventSource?: EventSourceClass }).EventSource ?? null) : options.EventSource,
    reconnectMs: options.reconnectMs ?? 2_000,
    wanted: () => http.isSignedIn() && listeners.size > 0,
    onPoke: () => {
      emit({ type: 'poke' });
      void uploads.flush();
    },
    onReopened: () => emit({ type: 'poke' }),
  });
  const uploads = createWebUploads({
    http,
    files,
    sha256: options.sha256 ?? webCryptoSha256,
    retryMs: options.uploadRetryMs ?? 30_000,
    emit,
    hasListeners: () => listeners.size > 0,
  });

  function toSession(user: MeResponse['user'], expiresAt: string): SessionInfo {
    return { user, serverUrl: origin, expiresAt };
  }

  async function checkConnectivity(): Promise<ConnectivityState> {
    const checkedAt = new Date().toISOString();
    try {
      const answer = await http.request('GET', API.health);
      if (answer.status === 200 && (answer.body as HealthResponse | null)?.status === 'ok') return { online: true, reason: null, checkedAt };
      return { online: false, reason: `The FieldDesk server at ${origin} is not healthy (HTTP ${answer.status}).`, checkedAt };
    } catch (e) {
      return { online: false, reason: e instanceof Error ? e.message : String(e), checkedAt };
    }
  }

  const onBrowserConnectivity = () => {
    void checkConnectivity().then((state) => {
      emit({ type: 'connectivity', state });
      if (state.online) void uploads.flush();
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
      const me = await http.fetchMe();
      return me ? toSession(me.user, me.expiresAt) : null;
    },

    async login(input: LoginInput) {
      // The web app always signs in to its own origin; input.serverUrl is a desktop field.
      const answer = await http.request('POST', API.login, { username: input.username, password: input.password, client: 'web' }, true);
      if (answer.status !== 200) throw http.failure(answer, 'sign you in');
      const body = answer.body as LoginResponse;
      http.signedIn(body.csrfToken ?? null);
      return toSession(body.user, body.expiresAt);
    },

    async logout() {
      if (!http.hasCsrfToken()) {
        // Nothing to end if the server already forgot us.
        const me = await http.fetchMe();
        if (!me) return;
      }
      const answer = await http.request('POST', API.logout, {}, true);
      http.signedOut();
      if (answer.status === 401) return;
      if (answer.status < 200 || answer.status >= 300) throw http.failure(answer, 'sign you out');
    },

    checkConnectivity,

    async push(req: PushRequest): Promise<PushResponse> {
      const answer = await http.mutate(API.push, req, 'take the changes');
      // The server answers: a good moment for files that waited for it.
      void uploads.flush();
      return answer.body as PushResponse;
    },

    async pull(query: { cursor: string; limit?: number }): Promise<PullResponse> {
      const params = new URLSearchParams({ cursor: query.cursor });
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const answer = await http.request('GET', `${API.pull}?${params.toString()}`);
      if (answer.status === 401) throw http.sessionExpired(answer);
      if (answer.status !== 200) throw http.failure(answer, 'send changes');
      return answer.body as PullResponse;
    },

    async saveAttachment(input: SaveAttachmentInput): Promise<SavedAttachment> {
      return uploads.save(input);
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
      const answer = await http.request('GET', search ? `${API.software}?${search}` : API.software);
      if (answer.status === 401) throw http.sessionExpired(answer);
      if (answer.status !== 200) throw http.failure(answer, 'list the installed software');
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
      pokes.open();
      // Files left waiting by an earlier visit go up once someone is listening (the app started).
      if (listeners.size === 1) void uploads.flush();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          uploads.stopRetrying();
          pokes.close();
          if (eventTarget) {
            eventTarget.removeEventListener('online', onBrowserConnectivity);
            eventTarget.removeEventListener('offline', onBrowserConnectivity);
          }
        }
      };
    },
  };
}
