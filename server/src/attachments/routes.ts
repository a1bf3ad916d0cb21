/**
 * Attachment bytes over HTTP (protocol in common/api/http.ts). The attachment *records*
 * sync as ops (sync/apply.ts); these routes move the files:
 *
 * - GET /api/attachments/:sha256/upload                 -> UploadStatus
 * - PUT /api/attachments/:sha256/upload?offset=N&size=T  application/octet-stream chunk
 *     -> UploadStatus; 409 + UploadStatus when N is not where the upload stands; 413 when T
 *        exceeds MAX_ATTACHMENT_BYTES or the chunk exceeds the per-chunk limit; 422 when the
 *        finished file's hash differs (the partial file is discarded).
 *   When a file completes, attachment records with its sha256 get uploaded = true at a new
 *   rev, so clients pull the change.
 * - GET /api/attachments/:sha256 -> the bytes, only when the user may see a ticket that has
 *   an attachment with that sha256; otherwise 404, exactly as if it did not exist.
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
import { ticketScopeCondition, type Viewer } from '../sync/scope';
import { appendChunk, blobPath, prepareFilesDir, prunePartials, uploadStatus } from './blobs';

/** Largest PUT body: one chunk plus some slack for clients that round up. */
export const MAX_CHUNK_BODY_BYTES = ATTACHMENT_CHUNK_BYTES + 64 * 1024;

/** Types a browser may show inline: plain raster images only (never SVG or HTML). */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const NOT_FOUND = 'Attachment not found or not visible to you.';

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
 * Marks the records of a finished file uploaded, each at a new rev, and pokes clients;
 * answers how many changed.
 * Right after the file completes this must run as a write transaction even when no record
 * seems pending: a push that checked the disk before the rename may still be committing,
 * and writers are serialized, so this runs after it. `healOnly` (a later status check or
 * re-upload) first looks without taking the write lock.
 */
export async function markUploaded(ctx: AppContext, sha256: string, healOnly = false): Promise<number> {
  if (healOnly) {
    const pending = await ctx.store.db.selectFrom('attachments').select('id').where('sha256', '=', sha256).where('uploaded', '=', 0).executeTakeFirst();
    if (!pending) return 0;
  }
  const flipped = await ctx.store.write(async (tx) => {
    const rows = await tx.db.selectFrom('attachments').select('id').where('sha256', '=', sha256).where('uploaded', '=', 0).orderBy('id').execute();
    for (const row of rows) {
      const rev = await tx.nextRev();
      await tx.db.updateTable('attachments').set({ uploaded: 1, rev }).where('id', '=', row.id).execute();
    }
    return rows.length;
  });
  if (flipped > 0) ctx.changes.notify();
  return flipped;
}

/** The newest attachment record with this sha256 on a ticket the viewer may see, or null. */
async function visibleAttachment(ctx: AppContext, viewer: Viewer, sha256: string) {
  return (
    (await ctx.store.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .select(['attachments.file_name', 'attachments.mime_type'])
      .where('attachments.sha256', '=', sha256)
      .where(ticketScopeCondition(viewer))
      .orderBy('attachments.rev', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
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
      requireAuth(request);
      const sha256 = parseSha(request.params);
      reply.header('cache-control', 'no-store');
      const status = await uploadStatus(filesDir, sha256);
      if (status.complete) await markUploaded(ctx, sha256, true);
      return status;
    });

    scope.put(`${API.attachments}/:sha256/upload`, { bodyLimit: MAX_CHUNK_BODY_BYTES }, async (request, reply) => {
      requireAuth(request);
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
      const outcome = await appendChunk(filesDir, sha256, offset, size, chunk);
      reply.header('cache-control', 'no-store');
      if (outcome.kind === 'offset_mismatch') return reply.code(409).send(outcome.status);
      if (outcome.kind === 'hash_mismatch') {
        throw new ApiError(
          422,
          'hash_mismatch',
          `The ${outcome.size} bytes received hash to SHA-256 ${outcome.actual}, not ${sha256}: the upload was discarded. Upload the file again from offset 0.`,
        );
      }
      // Also when the file was already complete: heals records left behind by a crash
      // between the rename and this update.
      if (outcome.status.complete) await markUploaded(ctx, sha256, !outcome.completed);
      return outcome.status;
    });

    scope.get(`${API.attachments}/:sha256`, async (request, reply) => {
      const auth = requireAuth(request);
      const sha256 = parseSha(request.params);
      const record = await visibleAttachment(ctx, auth.user, sha256);
      if (!record) throw new ApiError(404, 'not_found', NOT_FOUND);
      const file = blobPath(filesDir, sha256);
      let size: number;
      try {
        size = (await fs.promises.stat(file)).size;
      } catch {
        throw new ApiError(404, 'not_uploaded', 'The file of this attachment has not been uploaded to the server yet.');
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
