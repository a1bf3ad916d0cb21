/** How ticket link ops (create, delete: an unlink removes the record) change the local replica. */
import type { TicketLink } from '@fielddesk/common/domain/entities';
import type { LocalOpApplier, OpOf } from './types';

export const ticketLinkOps: LocalOpApplier<OpOf<'ticket_link'>> = {
  ticketIdOf: (op) => (op.kind === 'create' ? op.data.ticketId : null),
  apply: (record, op, ctx) => {
    if (op.kind === 'delete') return undefined;
    if (record) return record;
    const l: TicketLink = { id: op.id, ...op.data, authorId: ctx.userId, createdAt: op.clientTime, rev: 0 };
    return l;
  },
};
