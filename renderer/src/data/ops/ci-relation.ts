/** How CI relation ops (create, delete: removing a relation removes the record) change the local replica. */
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { LocalOpApplier, OpOf } from './types';

export const ciRelationOps: LocalOpApplier<OpOf<'ci_relation'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'delete') return undefined;
    if (record) return record;
    const relation: CiRelation = { id: op.id, ...op.data, authorId: ctx.userId, createdAt: op.clientTime, rev: 0 };
    return relation;
  },
};
