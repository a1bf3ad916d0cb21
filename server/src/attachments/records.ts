/**
 * The attachments table row of an Attachment record (the reverse of db/records.ts
 * attachmentFromRow). `uploaded` is stored as 0/1 on both engines.
 */
import type { Attachment } from '@fielddesk/common/domain/entities';
import type { AttachmentTable } from '../db/types';

export const attachmentToRow = (a: Attachment): AttachmentTable => ({
  id: a.id,
  ticket_id: a.ticketId,
  sha256: a.sha256,
  file_name: a.fileName,
  mime_type: a.mimeType,
  size: a.size,
  kind: a.kind,
  author_id: a.authorId,
  created_at: a.createdAt,
  uploaded: a.uploaded ? 1 : 0,
  rev: a.rev,
});
