/**
 * The web app's attachment uploads: chunked and resumable per common/api/http.ts, sent at once
 * when the server answers. When it does not, the file waits in the browser (webFiles.ts) and
 * the waiting files go up as soon as the server is back (the browser comes online, a poke, a
 * successful push, or every retry interval while some wait), like main's upload queue on the
 * desktop.
 */
import { uploadPath, type UploadStatus } from '@fielddesk/common/api/http';
import { ApiError, type PlatformEvent, type SaveAttachmentInput, type SavedAttachment } from '@fielddesk/common/ipc/contract';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES } from '@fielddesk/common/sync/protocol';
import type { WebHttp } from './webHttp';
import type { WebFileStore } from './webFiles';

export async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new ApiError('server', 'This browser cannot fingerprint files here: attachments need the web app to be opened over https (or on localhost).');
  }
  const digest = await subtle.digest('SHA-256', bytes as unknown as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface WebUploadsOptions {
  http: WebHttp;
  /** Where files wait while the server is unreachable. */
  files: WebFileStore;
  /** SHA-256 of attachment bytes as lowercase hex. */
  sha256: (bytes: Uint8Array) => Promise<string>;
  /** How often waiting files are retried while some wait (ms). */
  retryMs: number;
  /** Sends an 'uploads' event to the platform's listeners. */
  emit(event: PlatformEvent): void;
  /** Whether someone listens: retries are only scheduled then. */
  hasListeners(): boolean;
}

export interface WebUploads {
  /** Uploads the bytes now, or keeps them in the browser to go up later if the server cannot be reached. */
  save(input: SaveAttachmentInput): Promise<SavedAttachment>;
  /**
   * Uploads the files waiting in the browser, oldest first; stops at the first "offline" (the
   * rest would fail alike). A file the server refuses for another reason keeps waiting with
   * the reason, which the sync status shows. One flush at a time; none while signed out.
   */
  flush(): Promise<void>;
  /** Forgets the scheduled retry (nobody listens any more). */
  stopRetrying(): void;
}

export function createWebUploads(options: WebUploadsOptions): WebUploads {
  const { http, files, retryMs } = options;
  let flushing: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  /** Sends the bytes in chunks from wherever the server says it got to (resumes on 409). */
  async function upload(sha: string, bytes: Uint8Array): Promise<void> {
    const size = bytes.byteLength;
    const statusAnswer = await http.request('GET', uploadPath(sha));
    if (statusAnswer.status === 401) throw http.sessionExpired(statusAnswer);
    if (statusAnswer.status !== 200) throw http.failure(statusAnswer, 'say how much of the attachment it has');
    let status = uploadStatusOf(statusAnswer.body);
    let resyncs = 0;
    while (!status.complete) {
      const offset = Math.min(Math.max(0, status.received), size);
      const chunk = bytes.subarray(offset, Math.min(size, offset + ATTACHMENT_CHUNK_BYTES));
      const path = `${uploadPath(sha)}?offset=${offset}&size=${size}`;
      const answer = await http.requestWithCsrf('PUT', path, chunk);
      if (answer.status === 401) throw http.sessionExpired(answer);
      if (answer.status === 409) {
        // The server holds a different amount (an earlier upload was interrupted): go on from there.
        if (++resyncs > 20) throw new ApiError('server', 'The server kept disagreeing about how much of the attachment it has; try again later.');
        status = uploadStatusOf(answer.body);
        continue;
      }
      if (answer.status === 422) {
        throw new ApiError('invalid', 'The server received the file damaged (its SHA-256 fingerprint did not match); attach it again.');
      }
      if (answer.status < 200 || answer.status >= 300) throw http.failure(answer, 'take the attachment');
      const next = uploadStatusOf(answer.body);
      // Each accepted chunk must move the upload on; a server that says otherwise would keep us here for ever.
      if (!next.complete && next.received <= status.received && ++resyncs > 20) {
        throw new ApiError('server', 'The server does not take the attachment any further; try again later.');
      }
      status = next;
    }
  }

  async function emitUploads(): Promise<void> {
    options.emit({ type: 'uploads', state: await files.state() });
  }

  /** Tries again later while files wait and someone listens. */
  function scheduleRetry(): void {
    if (retryTimer || !options.hasListeners()) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flush();
    }, retryMs);
  }

  function flush(): Promise<void> {
    // Uploading needs a session; files wait until a sign-in (login/me) says there is one.
    if (!http.isSignedIn()) return Promise.resolve();
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
        options.emit({ type: 'uploads', state });
        if (state.pending > 0) scheduleRetry();
      }
    })();
    return flushing;
  }

  async function save(input: SaveAttachmentInput): Promise<SavedAttachment> {
    const size = input.bytes.byteLength;
    if (size > MAX_ATTACHMENT_BYTES) {
      throw new ApiError('too_large', `"${input.fileName}" is ${formatMb(size)}; an attachment may be at most ${formatMb(MAX_ATTACHMENT_BYTES)}.`);
    }
    const sha = await options.sha256(input.bytes);
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
  }

  return {
    save,
    flush,
    stopRetrying() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
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
