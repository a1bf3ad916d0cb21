/**
 * How a stock movement (create only: movements are never edited) shows on the replica at once:
 * by this user, at the technician's time; its sites stay null until the server records them.
 */
import { movementOfCreate, recordOfMovement } from '@fielddesk/common/entities/consumable-movement';
import type { LocalOpApplier, OpOf } from './types';

export const consumableMovementOps: LocalOpApplier<OpOf<'consumable_movement'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => record ?? recordOfMovement(movementOfCreate(op.id, op.data, op.clientTime), { siteId: null, toSiteId: null, authorId: ctx.userId, rev: 0 }),
};
