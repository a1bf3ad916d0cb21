/**
 * Attachment bytes over HTTP (protocol in common/api/http.ts). The attachment *records*
 * sync as ops (sync/apply.ts); these routes move the files:
 *
 * - GET /api/attachments/:sha256/upload                 -> UploadStatus of *this user*:
 *     complete when they may claim the stored file (they uploaded it, or may see a record of
 *     it whose file is held: ownership.ts); otherwise where their own upload stands. It says
 *     nothing about files or uploads of others.
 * - PUT /api/attachments/:sha256/upload?offset=N&size=T  application/octet-stream chunk
 *     -> UploadStatus; 409 + UploadStatus when N is not where this user's upload stands; 413
 *        when T exceeds MAX_ATTACHMENT_BYTES or the chunk exceeds the per-chunk limit; 422
 *        when the finished file's hash differs (this user's partial file is discarded).
 *   Uploads in progress are per uploader, so two users uploading one file never collide.
 *   When a user's upload completes, the server records that they uploaded it, and their
 *   attachment records with its sha256 get uploaded = true at a new rev, so clients pull the
 *   change. Other people's records of the same file wait until those people upload it too.
 * - GET /api/attachments/:sha256 -> the bytes, only through a record marked uploaded on a
 *   ticket the user may see, or an audit scan the user may see whose photo it is and whose
 *   auditor uploaded it (a scan pushed with someone else's hash gives nothing); otherwise 404,
 *   exactly as if it did not exist.
 *
 * Authentication is the /api guard's (bearer, or cookie + CSRF on PUT). Any signed-in user
 * may upload: a client uploads files before or after pushing the records that name them.
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API, type UploadStatus } from '@fielddesk/common/api/http';
import { Sha256Schema } from '@fielddesk/common/domain/entities';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES } from '@fielddesk/common/sync/protocol';
import { requireAuth } from '../auth/guard';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { formatBytes } from '../http/errors';
import { entities } from '@fielddesk/common/entities/registry';
import { scopeCondition, ticketScopeCondition, type Viewer } from '../sync/scope';
import { appendChunk, blobPath, blobSize, partialStatus, prepareFilesDir, prunePartials, uploaderKey } from './blobs';
import { markUploaded, mayClaim } from './ownership';

/** Largest PUT body: one chunk plus some slack for clients that round up. */
export const MAX_CHUNK_BODY_BYTES = ATTACHMENT_CHUNK_BYTES + 64 * 1024;

/** Types a browser may show inline: plain raster images only (never SVG or HTML). */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const NOT_FOUND = 'Attachment not found or not visible to you.';
const NOT_UPLOADED = 'The file of this attachment has not been uploaded to the server yet.';

const ParamsSchema = z.object({ sha256: Sha256Schema });
const UploadQuerySchema = z
  .object({
    offset: z.coerce.number().int().nonnegative(),
    size: z.coerce.number().int().nonnegative(),
  })
  .strict();

function parseSha(params: unknown): string {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new ApiError(400, 'invalid_sha256', 'The address must name the file by its SHA-256: 64 lowercase hex digits.');
  return parsed.data.sha256;
}

/** A Content-Type we can send back safely; anything odd becomes application/octet-stream. */
function safeMimeType(mime: string): string {
  const m = mime.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(m) ? m : 'application/octet-stream';
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(mimeType: string, fileName: string): string {
  const type = INLINE_TYPES.has(mimeType) ? 'inline' : 'attachment';
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_').slice(0, 200) || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The attachment record with this sha256 on a ticket the viewer may see, preferring the newest
 * one marked uploaded (the only kind that serves the file), or null.
 */
async function visibleAttachment(ctx: AppContext, viewer: Viewer, sha256: string) {
  return (
    (await ctx.store.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .select(['attachments.file_name', 'attachments.mime_type', 'attachments.uploaded'])
      .where('attachments.sha256', '=', sha256)
      .where(ticketScopeCondition(viewer))
      .orderBy('attachments.uploaded', 'desc')
      .orderBy('attachments.rev', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

/**
 * A photo of an audit scan the viewer may see (the audit's site), as an attachment record: held
 * once the scan's own auditor uploaded those bytes, as an attachment is once its author did.
 * Its type is the image's own (sniffed from the file: scan photos carry no declared type).
 */
async function visibleScanPhoto(ctx: AppContext, viewer: Viewer, sha256: string) {
  const scopeOfScans = scopeCondition(entities.audit_scan, viewer);
  const row = await ctx.store.db
    .selectFrom('audit_scans')
    .leftJoin('attachment_uploads', (join) => join.onRef('attachment_uploads.sha256', '=', 'audit_scans.photo_sha256').onRef('attachment_uploads.person_id', '=', 'audit_scans.auditor_id'))
    .select(['audit_scans.code', 'attachment_uploads.person_id as uploader'])
    .where('audit_scans.photo_sha256', '=', sha256)
    .where((eb) => scopeOfScans(eb as never))
    .orderBy('attachment_uploads.person_id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const mime = await imageTypeOf(blobPath(ctx.config.files.dir, sha256));
  const extension = mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
  return { file_name: `audit-scan-${row.code}.${extension}`.replace(/[^\w.-]+/g, '-'), mime_type: mime, uploaded: row.uploader === null ? 0 : 1 };
}

/** A raster image's type by its first bytes (JPEG, PNG, WebP), or application/octet-stream. */
export async function imageTypeOf(file: string): Promise<string> {
  let head: Buffer;
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      head = Buffer.alloc(12);
      await handle.read(head, 0, 12, 0);
    } finally {
      await handle.close();
    }
  } catch {
    return 'application/octet-stream';
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return 'application/octet-stream';
}

/**
 * The complete status when the user may claim the stored file (healing their records left
 * "not uploaded"), else null.
 */
async function claimedStatus(ctx: AppContext, viewer: Viewer, sha256: string): Promise<UploadStatus | null> {
  const size = await blobSize(ctx.config.files.dir, sha256);
  if (size === null || !(await mayClaim(ctx.store.db, viewer, sha256))) return null;
  await markUploaded(ctx, sha256, viewer.id, { healOnly: true });
  return { sha256, size, received: size, complete: true };
}

/** Uploads that have not grown for this long are abandoned: their partial files are deleted. */
export const ABANDONED_UPLOAD_MS = 7 * 24 * 3_600_000;

export function registerAttachmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const filesDir = ctx.config.files.dir;
  prepareFilesDir(ctx.config.files);

  // Housekeeping: drop abandoned partial uploads now and every six hours.
  const prune = () => {
    prunePartials(filesDir, ctx.config.now(), ABANDONED_UPLOAD_MS).catch((error: unknown) => app.log.warn({ err: error }, 'pruning partial uploads failed'));
  };
  prune();
  const timer = setInterval(prune, 6 * 3_600_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  void app.register(async (scope) => {
    // Uploads are raw bytes: only application/octet-stream, at most one chunk per request.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BODY_BYTES }, (request, body, done) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/octet-stream') {
        done(new ApiError(415, 'unsupported_media_type', `Send upload chunks as application/octet-stream, not "${request.headers['content-type'] ?? 'none'}".`), undefined);
        return;
      }
      done(null, body);
    });

    scope.get(`${API.attachments}/:sha256/upload`, async (request, reply): Promise<UploadStatus> => {
      const auth = requireAuth(request);
      const sha256 = parseSha(request.params);
      reply.header('cache-control', 'no-store');
      return (await claimedStatus(ctx, auth.user, sha256)) ?? (await partialStatus(filesDir, sha256, uploaderKey(auth.user.id)));
    });

    scope.put(`${API.attachments}/:sha256/upload`, { bodyLimit: MAX_CHUNK_BODY_BYTES }, async (request, reply) => {
      const auth = requireAuth(request);
      const sha256 = parseSha(request.params);
      const query = UploadQuerySchema.safeParse(request.query);
      if (!query.success) {
        throw new ApiError(400, 'invalid_upload', 'Name where this chunk goes and the whole file size: ?offset=<bytes received so far>&size=<total bytes>.');
      }
      const { offset, size } = query.data;
      if (size > MAX_ATTACHMENT_BYTES) {
        throw new ApiError(413, 'attachment_too_large', `An attachment may be at most ${formatBytes(MAX_ATTACHMENT_BYTES)} (MAX_ATTACHMENT_BYTES); this one is ${size} bytes.`);
      }
      const chunk = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (offset + chunk.length > size) {
        throw new ApiError(400, 'invalid_upload', `This chunk (${chunk.length} bytes at offset ${offset}) runs past the declared size of ${size} bytes.`);
      }
      reply.header('cache-control', 'no-store');
      // Already theirs to claim: uploading it again changes nothing and answers complete.
      const claimed = await claimedStatus(ctx, auth.user, sha256);
      if (claimed) return claimed;
      const outcome = await appendChunk(filesDir, sha256, uploaderKey(auth.user.id), offset, size, chunk);
      if (outcome.kind === 'offset_mismatch') {
        // The status, so the client resumes from `received`, and the usual error fields for a person.
        return reply.code(409).send({
          ...outcome.status,
          error: 'offset_mismatch',
          message: `This chunk starts at byte ${offset}, but the server holds ${outcome.status.received} bytes of your upload of this file: send the chunk that starts at byte ${outcome.status.received}.`,
        });
      }
      if (outcome.kind === 'hash_mismatch') {
        throw new ApiError(
          422,
          'hash_mismatch',
          `The ${outcome.size} bytes received hash to SHA-256 ${outcome.actual}, not ${sha256}: the upload was discarded. Upload the file again from offset 0.`,
        );
      }
      // The bytes arrived and hash right: this user holds the file, and their records get it.
      if (outcome.completed) await markUploaded(ctx, sha256, auth.user.id, { uploadedBy: true });
      return outcome.status;
    });

    scope.get(`${API.attachments}/:sha256`, async (request, reply) => {
      const auth = requireAuth(request);
      const sha256 = parseSha(request.params);
      // A ticket's attachment first; a scan's photo when no held attachment of the file is visible.
      const attachment = await visibleAttachment(ctx, auth.user, sha256);
      const record = attachment && Number(attachment.uploaded) === 1 ? attachment : ((await visibleScanPhoto(ctx, auth.user, sha256)) ?? attachment);
      if (!record) throw new ApiError(404, 'not_found', NOT_FOUND);
      // A record the server has not tied to an upload serves nothing, whatever the disk holds.
      if (Number(record.uploaded) !== 1) throw new ApiError(404, 'not_uploaded', NOT_UPLOADED);
      const file = blobPath(filesDir, sha256);
      let size: number;
      try {
        size = (await fs.promises.stat(file)).size;
      } catch {
        throw new ApiError(404, 'not_uploaded', NOT_UPLOADED);
      }
      const mimeType = safeMimeType(record.mime_type);
      return reply
        .header('content-type', mimeType)
        .header('content-length', String(size))
        .header('content-disposition', contentDisposition(mimeType, record.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(fs.createReadStream(file));
    });
  });
}
