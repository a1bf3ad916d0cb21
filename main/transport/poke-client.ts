/**
 * The poke client: keeps one server-sent-events connection to GET API.events (bearer
 * token) while the server is reachable and someone is signed in, and tells the
 * renderer to pull when the server says `event: poke`.
 *
 * - Pokes reach `onPoke` coalesced: at most one per `coalesceMs` (250 ms); a burst
 *   gives one poke at once and one at the end of the window.
 * - Right after each (re)connect one poke is sent too, so the renderer pulls whatever
 *   changed while the connection was down.
 * - A dropped or refused connection is retried with exponential backoff and jitter;
 *   a 401 reports the expired session and stops; stop() (logout, expiry, offline)
 *   closes the connection and cancels every timer, including a pending poke.
 *
 * Uses fetch with a streaming body reader (no EventSource: it cannot send headers).
 */
import { API, POKE_EVENT } from '@fielddesk/common/api/http';
import { silentLogger, type Logger } from '../log';
import type { Clock } from './clock';
import { describeNetworkFailure, errorForResponse } from './errors';
import type { FetchLike } from './server-client';
import { createSseParser } from './sse-parser';

export interface PokeTarget {
  serverUrl: string;
  token: string;
}

export interface PokeClientOptions {
  fetch: FetchLike;
  /** The server and token, or null when nobody is signed in (or the token was dropped). */
  target(): Promise<PokeTarget | null>;
  /** The connectivity monitor's view. */
  isOnline(): boolean;
  /** Pull now (coalesced). */
  onPoke(): void;
  /** The server refused the token. */
  onUnauthorized?(message: string): Promise<void> | void;
  clock: Clock;
  random?: () => number;
  log?: Logger;
  coalesceMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Time allowed for the server to answer the connect (default 15 s); the stream itself has no timeout. */
  connectTimeoutMs?: number;
}

export interface PokeClient {
  /** Connects if online and signed in and not connected yet; disconnects when offline. */
  update(): void;
  /** Disconnects and cancels timers (logout, session expiry); update() starts again. */
  stop(): void;
  /** 'idle' | 'connecting' | 'open' | 'waiting' (for a reconnect). */
  status(): PokeStatus;
  dispose(): void;
}

export type PokeStatus = 'idle' | 'connecting' | 'open' | 'waiting';

export function createPokeClient(options: PokeClientOptions): PokeClient {
  const { clock } = options;
  const log = options.log ?? silentLogger;
  const random = options.random ?? Math.random;
  const coalesceMs = options.coalesceMs ?? 250;
  const minBackoffMs = options.minBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;

  let state: PokeStatus = 'idle';
  /** Bumped by stop(): a connection loop of an older generation ends quietly. */
  let generation = 0;
  let failures = 0;
  let controller: AbortController | null = null;
  let reconnectTimer: unknown = null;
  let disposed = false;

  let lastPokeAt = Number.NEGATIVE_INFINITY;
  let trailingPoke: unknown = null;

  function poke(): void {
    if (trailingPoke !== null) return;
    const wait = lastPokeAt + coalesceMs - clock.now();
    if (wait <= 0) {
      lastPokeAt = clock.now();
      options.onPoke();
      return;
    }
    trailingPoke = clock.setTimeout(() => {
      trailingPoke = null;
      lastPokeAt = clock.now();
      options.onPoke();
    }, wait);
  }

  function clearTimers(): void {
    if (reconnectTimer !== null) clock.clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (trailingPoke !== null) clock.clearTimeout(trailingPoke);
    trailingPoke = null;
  }

  function stop(): void {
    generation++;
    controller?.abort();
    controller = null;
    clearTimers();
    state = 'idle';
  }

  function retryLater(gen: number, reason: string, serverRetryMs: number | null): void {
    if (gen !== generation || disposed) return;
    failures++;
    const floor = Math.max(minBackoffMs, serverRetryMs ?? 0);
    const exp = Math.min(maxBackoffMs, floor * 2 ** Math.max(0, failures - 1));
    const delay = Math.round(exp / 2 + random() * (exp / 2));
    log.info(`Live updates from the server paused (${reason}); reconnecting in ${Math.round(delay / 100) / 10} s.`);
    controller = null;
    state = 'waiting';
    reconnectTimer = clock.setTimeout(() => {
      reconnectTimer = null;
      if (gen !== generation) return;
      state = 'idle';
      update();
    }, delay);
  }

  async function connect(gen: number): Promise<void> {
    const target = await options.target();
    if (gen !== generation) return;
    if (!target || !options.isOnline()) {
      state = 'idle';
      return;
    }
    const abort = new AbortController();
    controller = abort;
    const url = `${target.serverUrl.replace(/\/+$/, '')}${API.events}`;
    const connectTimer = clock.setTimeout(() => abort.abort(new Error('connect timeout')), connectTimeoutMs);
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'GET',
        headers: { accept: 'text/event-stream', authorization: `Bearer ${target.token}`, 'cache-control': 'no-store' },
        signal: abort.signal,
        redirect: 'error',
      });
    } catch (e) {
      clock.clearTimeout(connectTimer);
      if (gen === generation) retryLater(gen, describeNetworkFailure(e, connectTimeoutMs), null);
      return;
    }
    clock.clearTimeout(connectTimer);
    if (gen !== generation) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    if (response.status === 401) {
      const body = (await response.json().catch(() => null)) as unknown;
      const error = errorForResponse(target.serverUrl, API.events, 401, body);
      stop();
      await options.onUnauthorized?.(error.message);
      return;
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as unknown;
      retryLater(gen, errorForResponse(target.serverUrl, API.events, response.status, body).message, null);
      return;
    }
    if (!type.includes('text/event-stream') || !response.body) {
      // Never read an unexpected body to its end: it may not have one.
      abort.abort();
      await response.body?.cancel().catch(() => {});
      retryLater(gen, `the server answered ${type || 'no content type'} instead of an event stream`, null);
      return;
    }

    state = 'open';
    failures = 0;
    poke();
    const parser = createSseParser((event) => {
      if (gen === generation && event.type === POKE_EVENT) poke();
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let reason = 'the server closed the connection';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || gen !== generation) break;
        parser.push(value);
      }
    } catch (e) {
      reason = describeNetworkFailure(e, connectTimeoutMs);
    } finally {
      reader.releaseLock();
    }
    if (gen !== generation) return;
    abort.abort();
    // A connection that worked starts the backoff afresh; the server's retry: is the floor.
    retryLater(gen, reason, parser.retryMs());
  }

  function update(): void {
    if (disposed) return;
    if (!options.isOnline()) {
      if (state !== 'idle') stop();
      return;
    }
    if (state !== 'idle') return;
    state = 'connecting';
    const gen = generation;
    void connect(gen).catch((e: unknown) => {
      log.error(`Live updates stopped unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
      retryLater(gen, 'an internal error', null);
    });
  }

  return {
    update,
    stop,
    status: () => state,
    dispose() {
      disposed = true;
      stop();
    },
  };
}
