/** How licence ops (create, patch) change the local replica; the repository checked the licence rule first. */
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const licenceOps: LocalOpApplier<OpOf<'licence'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'create') {
      if (record) return record;
      const licence: LicenceRecord = { id: op.id, ...op.data, createdAt: op.clientTime, updatedAt: op.clientTime, rev: 0 };
      return licence;
    }
    if (!record) return undefined;
    const licence = record as LicenceRecord;
    return { ...licence, ...op.fields, updatedAt: maxTime(licence.updatedAt, op.clientTime) };
  },
};
