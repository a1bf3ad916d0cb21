/** How the ops on a contract's covered assets (create, delete: removing the asset removes the link) change the local replica. */
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import type { LocalOpApplier, OpOf } from './types';

export const contractAssetOps: LocalOpApplier<OpOf<'contract_asset'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'delete') return undefined;
    if (record) return record;
    const link: ContractAsset = { id: op.id, contractId: op.data.contractId, assetId: op.data.assetId, addedById: ctx.userId, createdAt: op.clientTime, rev: 0 };
    return link;
  },
};
