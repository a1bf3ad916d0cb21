/** How vendor ops (create, patch) change the local replica. */
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const vendorOps: LocalOpApplier<OpOf<'vendor'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'create') {
      if (record) return record;
      const vendor: Vendor = { id: op.id, ...op.data, createdAt: op.clientTime, updatedAt: op.clientTime, rev: 0 };
      return vendor;
    }
    if (!record) return undefined;
    const vendor = record as Vendor;
    return { ...vendor, ...op.fields, updatedAt: maxTime(vendor.updatedAt, op.clientTime) };
  },
};
