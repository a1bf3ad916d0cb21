/**
 * Serves attachment bytes at <app origin>/attachments/<sha256> (app://fielddesk in
 * Electron, http://fielddesk.app in the e2e host), composed in front of the app://
 * handler by composeProtocolHandlers.
 *
 * - The sha256 is checked against /^[0-9a-f]{64}$/: nothing else reaches the file system.
 * - Bytes come from the local store; when missing, from the server (downloaded,
 *   verified by hash, stored, then served). Offline and not local: 404 with a sentence.
 * - The content type is decided by the bytes, never by what a sender claimed: PNG, JPEG,
 *   WebP and GIF are served inline as images; everything else as
 *   application/octet-stream with Content-Disposition: attachment. Always nosniff and a
 *   CSP that forbids running anything, so a file can never become a page of the app.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { DownloadError, type Downloader } from '../attachments/downloader';
import { isSha256, type AttachmentStore } from '../attachments/store';
import { originOf } from '../security/origin';
import type { AppProtocolHandler } from './app-protocol';

export const ATTACHMENTS_PATH_PREFIX = '/attachments/';

/** The URL the renderer uses for an attachment's bytes. */
export function attachmentUrlFor(origin: string, sha256: string): string {
  return `${origin.replace(/\/+$/, '')}${ATTACHMENTS_PATH_PREFIX}${sha256}`;
}

/** Image types shown inline, recognised by their first bytes. */
export function sniffImageType(head: Uint8Array): string | null {
  const at = (i: number) => head[i];
  const ascii = (from: number, text: string) => [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}

export interface AttachmentProtocolOptions {
  store: AttachmentStore;
  /** The origin attachments are served for (the app's origin). */
  origin: string;
  /** Fetches a missing file into the store; throws DownloadError (or any Error) when it cannot. */
  download: Downloader;
}

/** A CSP for attachment responses: if one is ever opened as a document, nothing in it runs. */
const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
  });
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function createAttachmentProtocolHandler(options: AttachmentProtocolOptions): AppProtocolHandler {
  const { store } = options;
  const origin = originOf(options.origin);

  async function serveLocal(sha256: string, method: string): Promise<Response | null> {
    const size = await store.size(sha256);
    if (size === null) return null;
    const file = store.pathOf(sha256);
    const image = sniffImageType(await readHead(file));
    const headers = new Headers({
      'content-type': image ?? 'application/octet-stream',
      'content-length': String(size),
      'x-content-type-options': 'nosniff',
      'content-security-policy': ATTACHMENT_CSP,
      // Content-addressed: these bytes never change at this address.
      'cache-control': 'private, max-age=31536000, immutable',
    });
    if (!image) headers.set('content-disposition', `attachment; filename="${sha256}"`);
    if (method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  }

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, `Attachments can only be read; ${request.method} is not allowed.`);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'The request address is malformed.');
    }
    if (originOf(request.url) !== origin) return plain(403, `Only ${options.origin} is served here.`);
    if (!url.pathname.startsWith(ATTACHMENTS_PATH_PREFIX)) return plain(404, 'Not an attachment address.');
    const sha256 = url.pathname.slice(ATTACHMENTS_PATH_PREFIX.length);
    if (!isSha256(sha256)) return plain(400, 'An attachment address ends in its SHA-256: 64 lowercase hexadecimal digits.');
    try {
      const local = await serveLocal(sha256, request.method);
      if (local) return local;
      await options.download(sha256);
      return (await serveLocal(sha256, request.method)) ?? plain(404, 'This attachment could not be stored on this computer.');
    } catch (e) {
      if (e instanceof DownloadError) return plain(e.kind === 'corrupt' ? 502 : 404, e.message);
      return plain(500, `Could not read this attachment: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** Sends /attachments/… to the attachment handler and everything else to the app handler. */
export function composeProtocolHandlers(attachments: AppProtocolHandler, app: AppProtocolHandler): AppProtocolHandler {
  return (request) => {
    let pathname = '';
    try {
      pathname = new URL(request.url).pathname;
    } catch {
      // Malformed: the app handler answers it.
    }
    return pathname.startsWith(ATTACHMENTS_PATH_PREFIX) ? attachments(request) : app(request);
  };
}
