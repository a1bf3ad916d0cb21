import { describe, expect, it } from 'vitest';
import { ENTITY_NAMES } from '@fielddesk/common/entities/registry';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { recordKey } from '../db';
import { applyOpTo, isRetargeted, relatedKeysOf } from '../apply';
import { makeTicket } from '../../../test/fixtures';
import { applierOf, opAppliers } from './registry';

const inventoryOp = {
  opId: 'op-1',
  entity: 'asset_inventory',
  kind: 'create',
  id: 'asset-1',
  clientTime: '2026-03-02T09:00:00.000Z',
  data: { configurationItemId: 'ci-1' },
} as unknown as OpInput;

describe('local op appliers', () => {
  it('are keyed by declared entity names', () => {
    for (const name of Object.keys(opAppliers)) expect(ENTITY_NAMES).toContain(name);
  });

  it('an op of an entity without an applier is an error, not a silent no-op', () => {
    expect(() => applierOf({ ...inventoryOp, entity: 'site' } as unknown as OpInput)).toThrow(/site/);
  });

  it('an inventory op also touches its asset and configuration item', () => {
    expect(relatedKeysOf(inventoryOp)).toEqual([recordKey('asset', 'asset-1'), recordKey('configuration_item', 'ci-1')]);
    const unrelated = makeTicket();
    expect(applyOpTo('ticket', unrelated.id, unrelated, inventoryOp, { userId: 'u' })).toBe(unrelated);
  });

  it('an inventory op is re-targeted only by an applied answer naming another record', () => {
    const record = makeTicket({ id: 'asset-2' });
    expect(isRetargeted(inventoryOp, { opId: 'op-1', status: 'applied', rev: 3, record })).toBe(true);
    expect(isRetargeted(inventoryOp, { opId: 'op-1', status: 'applied', rev: 3, record: { ...record, id: 'asset-1' } })).toBe(false);
    expect(isRetargeted(inventoryOp, { opId: 'op-1', status: 'rejected', reason: 'no' })).toBe(false);
  });

  it('ops of other entities touch only their own record and are never re-targeted', () => {
    const ticket = makeTicket();
    const patch = { opId: 'op-2', entity: 'ticket', kind: 'patch', id: ticket.id, baseRev: 1, clientTime: ticket.updatedAt, fields: { title: 'x' } } as unknown as OpInput;
    expect(relatedKeysOf(patch)).toEqual([]);
    expect(isRetargeted(patch, { opId: 'op-2', status: 'applied', rev: 3, record: makeTicket() })).toBe(false);
  });
});
