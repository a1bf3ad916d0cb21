/** How attachment ops (create only: the record; its bytes travel separately) change the local replica. */
import type { Attachment } from '@fielddesk/common/domain/entities';
import type { LocalOpApplier, OpOf } from './types';

export const attachmentOps: LocalOpApplier<OpOf<'attachment'>> = {
  ticketIdOf: (op) => op.data.ticketId,
  apply: (record, op, ctx) => {
    if (record) return record;
    // The bytes are with the platform (desktop: main's upload queue); the server flips
    // `uploaded` once it holds them, and the next pull brings that.
    const a: Attachment = { id: op.id, ...op.data, authorId: ctx.userId, createdAt: op.clientTime, uploaded: false, rev: 0 };
    return a;
  },
};
