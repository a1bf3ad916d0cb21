/** How worklog ops (create only: worklogs are append-only) change the local replica. */
import type { Worklog } from '@fielddesk/common/domain/entities';
import type { LocalOpApplier, OpOf } from './types';

export const worklogOps: LocalOpApplier<OpOf<'worklog'>> = {
  ticketIdOf: (op) => op.data.ticketId,
  apply: (record, op, ctx) => {
    if (record) return record;
    const w: Worklog = { id: op.id, ...op.data, visibility: op.data.visibility ?? 'internal', authorId: ctx.userId, createdAt: op.clientTime, rev: 0 };
    return w;
  },
};
