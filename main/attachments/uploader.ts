/**
 * The uploader: moves queued attachments (upload-queue.ts) from the local store
 * (store.ts) to the server, using the resumable protocol of common/api/http.ts:
 *
 *   GET uploadPath(sha) -> how much the server already has (`received`);
 *   PUT uploadPath(sha)?offset=<received>&size=<size> with the next chunk, until complete.
 *
 * A 409 means the server holds a different amount than we thought: continue from its
 * `received`. A 422 means the finished file hashed differently: the entry is marked
 * failed with a sentence (and the local file checked, to say which side is damaged).
 * Network failures and server errors are retried with exponential backoff and jitter;
 * an interrupted file resumes from the server's offset. A 401 stops until the user signs
 * in again. Uploads run one at a time, only while online and signed in; the local file
 * is kept after upload (it is the cache attachment URLs are served from).
 *
 * Every change of the queue's state (entries, bytes left, last error) is reported to
 * `onChange` as an UploadQueueState (main emits it as an 'uploads' event).
 */
import { z } from 'zod';
import { uploadPath, type UploadStatus } from '@fielddesk/common/api/http';
import type { UploadQueueState } from '@fielddesk/common/ipc/contract';
import { ATTACHMENT_CHUNK_BYTES } from '@fielddesk/common/sync/protocol';
import { silentLogger, type Logger } from '../log';
import type { Clock } from '../transport/clock';
import { describeNetworkFailure, errorForResponse, offlineError } from '../transport/errors';
import type { FetchLike } from '../transport/server-client';
import type { AttachmentStore } from './store';
import type { UploadEntry, UploadQueue } from './upload-queue';

export interface UploadTarget {
  serverUrl: string;
  token: string;
}

export interface UploaderOptions {
  queue: UploadQueue;
  store: AttachmentStore;
  fetch: FetchLike;
  /** Where to upload and with which token; null when nobody is signed in (or the token was dropped). */
  target(): Promise<UploadTarget | null>;
  /** Whether the server is believed reachable (the connectivity monitor's view). */
  isOnline(): boolean;
  onChange(state: UploadQueueState): void;
  /** The server could not be reached (reason in words) / was reached. */
  reportConnectivity?(online: boolean, reason?: string): void;
  /** The server refused the token (401). */
  onUnauthorized?(message: string): Promise<void> | void;
  clock: Clock;
  random?: () => number;
  log?: Logger;
  chunkBytes?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per request (default 60 s). */
  timeoutMs?: number;
}

export interface Uploader {
  /** Something changed (a new file, back online, signed in): upload now if possible. */
  kick(): void;
  /** The queue's state as the renderer sees it. */
  state(): Promise<UploadQueueState>;
  /** Reports the state to onChange now if it changed (e.g. a file was just queued). */
  announce(): Promise<void>;
  /** Resolves when no upload is running (tests, shutdown). */
  idle(): Promise<void>;
  dispose(): void;
}

const UploadStatusSchema = z.object({
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  complete: z.boolean(),
});

/** How one attempt at one entry ended. */
type Outcome = 'done' | 'failed' | 'retry' | 'stop';

class Retry extends Error {}
class Stop extends Error {}
class Refused extends Error {}

/** Delay before attempt n+1 after n failures: exponential, capped, with "equal jitter". */
export function backoffDelay(failures: number, minMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function createUploader(options: UploaderOptions): Uploader {
  const { queue, store, clock } = options;
  const log = options.log ?? silentLogger;
  const random = options.random ?? Math.random;
  const chunkBytes = options.chunkBytes ?? ATTACHMENT_CHUNK_BYTES;
  const minBackoffMs = options.minBackoffMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const timeoutMs = options.timeoutMs ?? 60_000;

  /** What the server holds of each entry, as far as we know (for bytesPending). */
  const received = new Map<string, number>();
  let running: Promise<void> | null = null;
  let again = false;
  let timer: unknown = null;
  let disposed = false;
  let lastNetworkError: string | null = null;
  let lastEmitted = '';
  const abort = new AbortController();

  async function state(): Promise<UploadQueueState> {
    const entries = await queue.list();
    const failed = entries.find((e) => e.failed);
    const withError = entries.find((e) => e.lastError !== null);
    return {
      pending: entries.length,
      bytesPending: entries.reduce((sum, e) => sum + Math.max(0, e.size - (received.get(e.sha256) ?? 0)), 0),
      lastError: failed?.lastError ?? withError?.lastError ?? (entries.length > 0 ? lastNetworkError : null),
    };
  }

  let emitting: Promise<void> = Promise.resolve();
  /** Reports the state if it changed; one at a time, so a stale state never overtakes a newer one. */
  function emit(): Promise<void> {
    const run = emitting.then(async () => {
      const next = await state();
      const key = JSON.stringify(next);
      if (key === lastEmitted || disposed) return;
      lastEmitted = key;
      options.onChange(next);
    });
    emitting = run.catch(() => {});
    return run;
  }

  async function request(target: UploadTarget, method: 'GET' | 'PUT', url: string, body?: Uint8Array<ArrayBuffer>): Promise<{ status: number; json: unknown }> {
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${target.token}`,
          ...(body ? { 'content-type': 'application/octet-stream' } : {}),
        },
        body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
        redirect: 'error',
      });
      text = await response.text();
    } catch (e) {
      const reason = offlineError(target.serverUrl, describeNetworkFailure(e, timeoutMs)).message;
      options.reportConnectivity?.(false, reason);
      throw new Retry(reason);
    }
    options.reportConnectivity?.(true);
    let json: unknown = null;
    try {
      json = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      // Not JSON: errorForResponse below words it from the status.
    }
    return { status: response.status, json };
  }

  function statusOf(target: UploadTarget, route: string, json: unknown): UploadStatus {
    const parsed = UploadStatusSchema.safeParse(json);
    if (!parsed.success) throw new Retry(`The server at ${target.serverUrl} gave an unexpected answer for ${route}; will try again.`);
    return parsed.data;
  }

  /** Throws Stop / Refused / Retry for a non-2xx answer that is not handled by the caller. */
  async function failFor(target: UploadTarget, route: string, status: number, json: unknown, entry: UploadEntry): Promise<never> {
    const error = errorForResponse(target.serverUrl, route, status, json);
    if (status === 401) {
      await options.onUnauthorized?.(error.message);
      throw new Stop(error.message);
    }
    if (status === 422) {
      const intact = await store.verify(entry.sha256).catch(() => false);
      throw new Refused(
        intact
          ? `The server could not verify "${entry.fileName}" (its SHA-256 did not match after upload); it discarded the upload. It will be sent again when FieldDesk restarts.`
          : `"${entry.fileName}" is damaged on this computer (its bytes no longer match their SHA-256), so it cannot be uploaded.`,
      );
    }
    if (status === 413) throw new Refused(`The server refused "${entry.fileName}" as too large: ${error.message}`);
    if (status === 400 || status === 403) throw new Refused(`The server refused "${entry.fileName}": ${error.message}`);
    // 404 (an older server), 429, 5xx: try again later.
    throw new Retry(`Uploading "${entry.fileName}" failed: ${error.message}`);
  }

  async function uploadEntry(entry: UploadEntry, target: UploadTarget): Promise<void> {
    const localSize = await store.size(entry.sha256);
    if (localSize === null) throw new Refused(`"${entry.fileName}" is missing from this computer's attachment store, so it cannot be uploaded.`);
    const size = localSize;
    const route = uploadPath(entry.sha256);
    const base = `${target.serverUrl.replace(/\/+$/, '')}${route}`;

    const first = await request(target, 'GET', base);
    if (first.status !== 200) await failFor(target, route, first.status, first.json, entry);
    let status = statusOf(target, route, first.json);
    let stalls = 0;
    while (!status.complete) {
      const offset = Math.min(status.received, size);
      received.set(entry.sha256, offset);
      await emit();
      const chunk = await store.readRange(entry.sha256, offset, Math.min(chunkBytes, size - offset));
      const answer = await request(target, 'PUT', `${base}?offset=${offset}&size=${size}`, chunk);
      if (answer.status === 200) status = statusOf(target, route, answer.json);
      else if (answer.status === 409) {
        status = statusOf(target, route, answer.json);
        log.info(`Upload of ${entry.sha256.slice(0, 12)}… resumes at ${status.received} (the server holds a different amount than expected).`);
      } else await failFor(target, route, answer.status, answer.json, entry);
      if (!status.complete && status.received <= offset && ++stalls > 3) {
        throw new Retry(`The server at ${target.serverUrl} is not accepting the bytes of "${entry.fileName}"; will try again.`);
      }
      if (status.received > offset) stalls = 0;
    }
  }

  async function attempt(entry: UploadEntry, target: UploadTarget): Promise<Outcome> {
    try {
      await uploadEntry(entry, target);
      received.delete(entry.sha256);
      lastNetworkError = null;
      await queue.remove(entry.sha256);
      log.info(`Uploaded "${entry.fileName}" (${entry.size} bytes, ${entry.sha256.slice(0, 12)}…).`);
      return 'done';
    } catch (e) {
      if (e instanceof Stop) return 'stop';
      if (e instanceof Refused) {
        // The server discarded what it had (422) or never will take it: nothing of it counts as sent.
        received.delete(entry.sha256);
        log.warn(`Upload of "${entry.fileName}" refused: ${e.message}`);
        await queue.update(entry.sha256, { failed: true, lastError: e.message, attempts: entry.attempts + 1 });
        return 'failed';
      }
      const message = e instanceof Error ? e.message : String(e);
      if (!(e instanceof Retry)) log.error(`Upload of "${entry.fileName}" hit an unexpected error: ${message}`);
      lastNetworkError = message;
      await queue.update(entry.sha256, { attempts: entry.attempts + 1, lastError: message });
      return 'retry';
    }
  }

  function scheduleRetry(failures: number): void {
    if (disposed) return;
    if (timer !== null) clock.clearTimeout(timer);
    const delay = backoffDelay(failures, minBackoffMs, maxBackoffMs, random);
    timer = clock.setTimeout(() => {
      timer = null;
      kick();
    }, delay);
  }

  async function drain(): Promise<void> {
    await emit();
    for (;;) {
      again = false;
      if (disposed || !options.isOnline()) return;
      const target = await options.target();
      if (!target) return;
      const next = (await queue.list()).find((e) => !e.failed);
      if (!next) return;
      const outcome = await attempt(next, target);
      await emit();
      if (outcome === 'stop') return;
      if (outcome === 'retry') {
        // A kick that arrived meanwhile (e.g. back online) does not skip the backoff: the timer decides.
        scheduleRetry(next.attempts + 1);
        return;
      }
    }
  }

  function kick(): void {
    if (disposed) return;
    if (running) {
      again = true;
      return;
    }
    if (timer !== null) {
      clock.clearTimeout(timer);
      timer = null;
    }
    running = drain()
      .catch((e: unknown) => log.error(`The uploader stopped unexpectedly: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        running = null;
        if (again && timer === null) kick();
      });
  }

  return {
    kick,
    state,
    announce: emit,
    async idle() {
      while (running) await running;
    },
    dispose() {
      disposed = true;
      abort.abort();
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
