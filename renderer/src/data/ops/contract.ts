/** How contract ops (create, patch) change the local replica; the repository checked the contract rule first. */
import type { Contract } from '@fielddesk/common/entities/contract';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const contractOps: LocalOpApplier<OpOf<'contract'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'create') {
      if (record) return record;
      const contract: Contract = { id: op.id, ...op.data, createdById: ctx.userId, createdAt: op.clientTime, updatedAt: op.clientTime, rev: 0 };
      return contract;
    }
    if (!record) return undefined;
    const contract = record as Contract;
    return { ...contract, ...op.fields, updatedAt: maxTime(contract.updatedAt, op.clientTime) };
  },
};
