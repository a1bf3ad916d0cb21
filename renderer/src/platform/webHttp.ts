/**
 * The web app's requests to the FieldDesk server, and what the server said about the session.
 * The session lives in an HttpOnly cookie the page never sees; every state-changing request
 * carries the CSRF token from the login/me answer, kept in memory only, and is sent once more
 * with a fresh token if the server says the token went stale.
 *
 * Errors become ApiError: a request that never reached the server (network down, timeout,
 * a gateway saying the server is away) is 'offline'; an HTTP answer maps via codeForStatus.
 */
import { API, CSRF_HEADER, type ApiErrorBody, type MeResponse } from '@fielddesk/common/api/http';
import { ApiError, codeForStatus } from '@fielddesk/common/ipc/contract';

/** Gateway answers meaning "the FieldDesk server behind me is not there": treated as offline. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** The server's answer: its status and its JSON body (null if it had none, or none readable). */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

export interface WebHttpOptions {
  /** The server's origin without a trailing slash, e.g. https://desk.example.org. */
  origin: string;
  fetch: typeof fetch;
  /** A request that takes longer than this counts as the server being unreachable. */
  timeoutMs: number;
  /** Called each time the server says whether it knows us (login, me, logout, an expired session). */
  onSignedIn(signedIn: boolean): void;
  /** Called when a request finds the session gone, after onSignedIn(false). */
  onSessionExpired(): void;
}

export interface WebHttp {
  readonly origin: string;
  /** Sends one request; the CSRF token goes along only if withCsrf. Rejects only when the server is unreachable. */
  request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, withCsrf?: boolean): Promise<HttpAnswer>;
  /**
   * A state-changing request: makes sure a CSRF token is known (asking the server who is
   * signed in if not) and sends it once more with a fresh token if the server refused the token.
   */
  requestWithCsrf(method: 'POST' | 'PUT', path: string, body: unknown): Promise<HttpAnswer>;
  /** requestWithCsrf for a POST whose answer must be a success: an expired session or a refusal throws. */
  mutate(path: string, body: unknown, what: string): Promise<HttpAnswer>;
  /** The error for an answer that is not what was asked for; `what` completes "refused to …". */
  failure(answer: HttpAnswer, what: string): ApiError;
  /** Forgets the session, tells the listeners, and gives the error to throw. */
  sessionExpired(answer?: HttpAnswer): ApiError;
  /** Asks the server who is signed in: null if nobody (the session is then forgotten). */
  fetchMe(): Promise<MeResponse | null>;
  /** The server signed us in (login) and gave this CSRF token. */
  signedIn(csrfToken: string | null): void;
  /** We signed out: the token is forgotten. */
  signedOut(): void;
  /** Whether the server knows us (the last login/me succeeded and nothing since said otherwise). */
  isSignedIn(): boolean;
  hasCsrfToken(): boolean;
}

export function createWebHttp(options: WebHttpOptions): WebHttp {
  const { origin, timeoutMs } = options;
  const doFetch = options.fetch;
  /** CSRF token from the last login/me answer; only ever in memory. */
  let csrfToken: string | null = null;
  /** Whether the server knows us (last login/me succeeded). */
  let signedIn = false;

  const unreachable = (detail: string) => new ApiError('offline', `Could not reach the FieldDesk server at ${origin}: ${detail}`);

  function setSignedIn(value: boolean): void {
    signedIn = value;
    options.onSignedIn(value);
  }

  async function request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, withCsrf = false): Promise<HttpAnswer> {
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

  function failure(answer: HttpAnswer, what: string): ApiError {
    if (GATEWAY_STATUSES.has(answer.status)) return unreachable(`the server is not answering (HTTP ${answer.status}).`);
    const body = answer.body as Partial<ApiErrorBody> | null;
    const message =
      body && typeof body.message === 'string' && body.message.trim()
        ? body.message
        : `The FieldDesk server refused to ${what} (HTTP ${answer.status}).`;
    return new ApiError(codeForStatus(answer.status), message);
  }

  function isCsrfFailure(answer: HttpAnswer): boolean {
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

  function sessionExpired(answer?: HttpAnswer): ApiError {
    csrfToken = null;
    setSignedIn(false);
    options.onSessionExpired();
    const body = answer?.body as Partial<ApiErrorBody> | null | undefined;
    return new ApiError('unauthorized', body?.message ?? 'Your session has expired. Sign in again to sync.');
  }

  async function requestWithCsrf(method: 'POST' | 'PUT', path: string, body: unknown): Promise<HttpAnswer> {
    if (!csrfToken && !(await fetchMe())) throw sessionExpired();
    let answer = await request(method, path, body, true);
    if (isCsrfFailure(answer)) {
      if (!(await fetchMe())) throw sessionExpired();
      answer = await request(method, path, body, true);
    }
    return answer;
  }

  async function mutate(path: string, body: unknown, what: string): Promise<HttpAnswer> {
    const answer = await requestWithCsrf('POST', path, body);
    if (answer.status === 401) throw sessionExpired(answer);
    if (answer.status < 200 || answer.status >= 300) throw failure(answer, what);
    return answer;
  }

  return {
    origin,
    request,
    requestWithCsrf,
    mutate,
    failure,
    sessionExpired,
    fetchMe,
    signedIn(token) {
      csrfToken = token;
      setSignedIn(true);
    },
    signedOut() {
      csrfToken = null;
      setSignedIn(false);
    },
    isSignedIn: () => signedIn,
    hasCsrfToken: () => Boolean(csrfToken),
  };
}
