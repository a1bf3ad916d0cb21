import { AttachmentSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A file (photo, signature, document) of a ticket, named by its SHA-256; follows its ticket. */
export const attachment = defineEntity({
  name: 'attachment',
  schema: AttachmentSchema,
  table: 'attachments',
  scope: scope.childOf('ticket', 'ticketId'),
  replica: { table: 'attachments', indexes: ['ticketId', 'sha256', 'createdAt'] },
});
