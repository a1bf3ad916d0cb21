/** How consumables catalog ops (create, patch) change the local replica. */
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const consumableOps: LocalOpApplier<OpOf<'consumable'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'create') {
      if (record) return record;
      const item: Consumable = {
        id: op.id,
        name: op.data.name,
        category: op.data.category ?? '',
        manufacturer: op.data.manufacturer ?? '',
        partNumber: op.data.partNumber ?? '',
        unit: op.data.unit,
        reorderRules: op.data.reorderRules ?? [],
        createdAt: op.clientTime,
        updatedAt: op.clientTime,
        rev: 0,
      };
      return item;
    }
    if (!record) return undefined;
    const item = record as Consumable;
    return { ...item, ...op.fields, updatedAt: maxTime(item.updatedAt, op.clientTime) };
  },
};
