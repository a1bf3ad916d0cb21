/**
 * Fetches an attachment the local store does not have from the server
 * (GET attachmentPath(sha) with the bearer token), streams it into the store while
 * hashing, and keeps it only when its SHA-256 matches the address asked for. Two
 * requests for the same file share one download.
 */
import { attachmentPath } from '@fielddesk/common/api/http';
import { MAX_ATTACHMENT_BYTES } from '@fielddesk/common/sync/protocol';
import { describeNetworkFailure, errorForResponse, offlineError } from '../transport/errors';
import type { FetchLike } from '../transport/server-client';
import { HashMismatchError, type AttachmentStore } from './store';
import type { UploadTarget } from './uploader';

/** Why a download did not produce the file, in words; `kind` tells the protocol handler which status to answer. */
export class DownloadError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloaderOptions {
  store: AttachmentStore;
  fetch: FetchLike;
  target(): Promise<UploadTarget | null>;
  /** True when the server is known to be unreachable: answer at once instead of waiting for a timeout. */
  isOffline?(): boolean;
  reportConnectivity?(online: boolean, reason?: string): void;
  onUnauthorized?(message: string): Promise<void> | void;
  timeoutMs?: number;
  maxBytes?: number;
}

export type Downloader = (sha256: string) => Promise<void>;

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function createDownloader(options: DownloaderOptions): Downloader {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const inFlight = new Map<string, Promise<void>>();

  async function download(sha256: string): Promise<void> {
    const target = await options.target();
    if (!target) throw new DownloadError('unavailable', 'This attachment is not on this computer, and FieldDesk cannot download it until you sign in.');
    if (options.isOffline?.()) throw new DownloadError('unavailable', 'This attachment is not on this computer yet, and FieldDesk is offline. It will show once the server can be reached.');
    const route = attachmentPath(sha256);
    let response: Response;
    try {
      response = await options.fetch(`${target.serverUrl.replace(/\/+$/, '')}${route}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${target.token}`, accept: 'application/octet-stream' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      const reason = offlineError(target.serverUrl, describeNetworkFailure(e, timeoutMs)).message;
      options.reportConnectivity?.(false, reason);
      throw new DownloadError('unavailable', `This attachment is not on this computer yet. ${reason}`);
    }
    options.reportConnectivity?.(true);
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      let json: unknown = null;
      try {
        json = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        // Worded from the status below.
      }
      const error = errorForResponse(target.serverUrl, route, response.status, json);
      if (response.status === 401) await options.onUnauthorized?.(error.message);
      throw new DownloadError('unavailable', `This attachment is not on this computer, and the server did not give it: ${error.message}`);
    }
    try {
      await options.store.write(chunksOf(response.body), { expectedSha256: sha256, maxBytes });
    } catch (e) {
      if (e instanceof HashMismatchError) {
        throw new DownloadError('corrupt', 'The server sent bytes that do not match this attachment\'s SHA-256; they were discarded.');
      }
      const reason = e instanceof Error ? e.message : String(e);
      throw new DownloadError('unavailable', `Downloading this attachment failed: ${reason}`);
    }
  }

  return (sha256) => {
    let running = inFlight.get(sha256);
    if (!running) {
      running = download(sha256).finally(() => inFlight.delete(sha256));
      inFlight.set(sha256, running);
    }
    return running;
  };
}
