import { z } from 'zod';
import { AttachmentKindSchema, AttachmentSchema, Sha256Schema } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

/** Largest attachment the server accepts, in bytes. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

/** The record of an attachment; its bytes travel separately (see api/http.ts, attachments). */
export const AttachmentCreateDataSchema = z
  .object({
    ticketId: IdSchema,
    sha256: Sha256Schema,
    fileName: z.string().trim().min(1, 'a file name is required').max(255),
    mimeType: z.string().max(255),
    size: z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES, `an attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes`),
    kind: AttachmentKindSchema,
  })
  .strict();

/** A file (photo, signature, document) of a ticket, named by its SHA-256; follows its ticket. */
export const attachment = defineEntity({
  name: 'attachment',
  schema: AttachmentSchema,
  table: 'attachments',
  scope: scope.childOf('ticket', 'ticketId'),
  replica: { table: 'attachments', indexes: ['ticketId', 'sha256', 'createdAt'] },
  /** Append-only: created, never edited or deleted. */
  ops: { create: AttachmentCreateDataSchema },
});
