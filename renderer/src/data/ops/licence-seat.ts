/** How licence seat ops (create: give a seat; delete: take it back) change the local replica. */
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import type { LocalOpApplier, OpOf } from './types';

export const licenceSeatOps: LocalOpApplier<OpOf<'licence_seat'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'delete') return undefined;
    if (record) return record;
    const seat: LicenceSeat = {
      id: op.id,
      licenceId: op.data.licenceId,
      targetKind: op.data.target.kind,
      targetId: op.data.target.id,
      assignedById: ctx.userId,
      createdAt: op.clientTime,
      rev: 0,
    };
    return seat;
  },
};
