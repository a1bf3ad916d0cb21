/** How the ops on a change's affected CIs (create, delete: removing the CI removes the link) change the local replica. */
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import type { LocalOpApplier, OpOf } from './types';

export const changeCiOps: LocalOpApplier<OpOf<'change_ci'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'delete') return undefined;
    if (record) return record;
    const link: ChangeCi = { id: op.id, changeId: op.data.changeId, configurationItemId: op.data.configurationItemId, addedById: ctx.userId, createdAt: op.clientTime, rev: 0 };
    return link;
  },
};
