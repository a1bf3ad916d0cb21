import { describe, expect, it } from 'vitest';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import type { ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { applyOpTo } from '../apply';

const at = '2026-03-02T09:00:00.000Z';
const item = '0190a4b2-0000-7000-8000-000000000001';
const store = '0190a4b2-0000-7000-8000-000000000002';
const person = '0190a4b2-0000-7000-8000-000000000003';

describe('consumable ops on the replica', () => {
  it('a new item shows at once, and a patch changes only its fields', () => {
    const create = { opId: 'op-1', entity: 'consumable', kind: 'create', id: item, clientTime: at, data: { name: 'HP 59A', category: 'Toner', manufacturer: 'HP', partNumber: 'CF259A', unit: 'cartridge', reorderRules: [] } } as const satisfies OpInput;
    const made = applyOpTo('consumable', item, undefined, create, { userId: person }) as Consumable;
    expect(made).toEqual({ id: item, name: 'HP 59A', category: 'Toner', manufacturer: 'HP', partNumber: 'CF259A', unit: 'cartridge', reorderRules: [], createdAt: at, updatedAt: at, rev: 0 });
    const rules = [{ locationId: store, reorderPoint: 2, reorderQuantity: 10 }];
    const patch = { opId: 'op-2', entity: 'consumable', kind: 'patch', id: item, baseRev: 0, clientTime: '2026-03-02T10:00:00.000Z', fields: { reorderRules: rules } } as const satisfies OpInput;
    expect(applyOpTo('consumable', item, made, patch, { userId: person })).toEqual({ ...made, reorderRules: rules, updatedAt: patch.clientTime });
  });

  it('a movement shows at once as the device recorded it; its sites wait for the server', () => {
    const issue = {
      opId: 'op-3',
      entity: 'consumable_movement',
      kind: 'create',
      id: '0190a4b2-0000-7000-8000-000000000009',
      clientTime: at,
      data: { kind: 'issued', itemId: item, locationId: store, quantity: 1, to: { kind: 'person', id: person } },
    } as const satisfies OpInput;
    const made = applyOpTo('consumable_movement', issue.id, undefined, issue, { userId: person }) as ConsumableMovement;
    expect(made).toEqual({
      id: issue.id,
      itemId: item,
      kind: 'issued',
      quantity: 1,
      locationId: store,
      toLocationId: null,
      issuedTo: { kind: 'person', id: person },
      direction: null,
      reason: null,
      siteId: null,
      toSiteId: null,
      authorId: person,
      at,
      rev: 0,
    });
    const pulled = { ...made, siteId: store, rev: 7 };
    expect(applyOpTo('consumable_movement', issue.id, pulled, issue, { userId: person })).toBe(pulled);
  });
});
