/**
 * A fake FieldDesk server for the attachment routes (common/api/http.ts), behind a
 * fetch function: resumable uploads (GET status, PUT chunk at offset, 409, 422),
 * downloads, and knobs to break it: be down, cut a PUT part-way through its body,
 * corrupt received bytes, answer 401.
 */
import { createHash } from 'node:crypto';
import { API } from '@fielddesk/common/api/http';
import type { FetchLike } from '../transport/server-client';

export const FAKE_TOKEN = 'tok_fake_upload_7c1d';

interface Upload {
  size: number;
  bytes: Buffer;
  complete: boolean;
}

const networkError = (code = 'ECONNREFUSED') => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

export function createFakeUploadServer(options: { token?: string } = {}) {
  const token = options.token ?? FAKE_TOKEN;
  const uploads = new Map<string, Upload>();
  const log: string[] = [];
  const knobs = {
    down: false,
    expired: false,
    /** The next PUT keeps only this many bytes of its body, then the connection breaks. */
    cutNextPutAfter: null as number | null,
    /** Flip a byte of everything received (the finished file then fails its hash). */
    corrupt: false,
    /** Before answering the next PUT, pretend these first bytes already arrived (another attempt that did land). */
    jumpWith: null as Buffer | null,
    /** The nth PUT (1-based, counted from now) keeps only `keep` bytes of its body, then the connection breaks. */
    cutPut: null as { nth: number; keep: number } | null,
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const statusOf = (sha256: string) => {
    const u = uploads.get(sha256);
    return { sha256, size: u?.size ?? 0, received: u?.bytes.length ?? 0, complete: u?.complete ?? false };
  };

  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const headers = (init.headers ?? {}) as Record<string, string>;
    log.push(`${init.method} ${url.pathname}${url.search}`);
    if (knobs.down) throw networkError();
    if (headers.authorization !== `Bearer ${token}` || knobs.expired) return json(401, { error: 'unauthorized', message: 'Your session has expired.' });
    const m = /^\/api\/attachments\/([0-9a-f]{64})(\/upload)?$/.exec(url.pathname);
    if (!m || !url.pathname.startsWith(API.attachments)) return json(404, { error: 'not_found', message: 'No such route.' });
    const sha256 = m[1]!;
    if (!m[2]) {
      const u = uploads.get(sha256);
      if (init.method !== 'GET' || !u?.complete) return json(404, { error: 'not_found', message: 'No such attachment.' });
      return new Response(new Uint8Array(u.bytes), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    }
    if (init.method === 'GET') return json(200, statusOf(sha256));
    const offset = Number(url.searchParams.get('offset'));
    const size = Number(url.searchParams.get('size'));
    let upload = uploads.get(sha256);
    if (!upload) uploads.set(sha256, (upload = { size, bytes: Buffer.alloc(0), complete: false }));
    if (knobs.jumpWith !== null) {
      upload.bytes = knobs.jumpWith;
      knobs.jumpWith = null;
    }
    if (knobs.cutPut && --knobs.cutPut.nth === 0) {
      knobs.cutNextPutAfter = knobs.cutPut.keep;
      knobs.cutPut = null;
    }
    if (upload.complete) return json(200, statusOf(sha256));
    if (offset !== upload.bytes.length) return json(409, statusOf(sha256));
    let body = Buffer.from(init.body as Uint8Array);
    if (knobs.corrupt && body.length > 0) body = Buffer.concat([Buffer.from([body[0]! ^ 0xff]), body.subarray(1)]);
    if (knobs.cutNextPutAfter !== null) {
      upload.bytes = Buffer.concat([upload.bytes, body.subarray(0, knobs.cutNextPutAfter)]);
      knobs.cutNextPutAfter = null;
      throw networkError('ECONNRESET');
    }
    upload.bytes = Buffer.concat([upload.bytes, body]);
    if (upload.bytes.length >= size) {
      if (createHash('sha256').update(upload.bytes).digest('hex') !== sha256) {
        uploads.delete(sha256);
        return json(422, { error: 'hash_mismatch', message: 'The uploaded bytes do not match their SHA-256; the upload was discarded.' });
      }
      upload.complete = true;
    }
    return json(200, statusOf(sha256));
  };

  return { fetch, uploads, log, knobs, statusOf };
}
