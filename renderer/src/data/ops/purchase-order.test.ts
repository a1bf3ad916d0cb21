import { describe, expect, it } from 'vitest';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { applyOpTo, relatedKeysOf } from '../apply';
import { orderReceiptOps, purchaseOrderOps } from './purchase-order';

const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];
const receipt = {
  opId: 'op-1',
  entity: 'order_receipt',
  kind: 'create',
  id: '0190a000-0000-7000-8000-0000000000aa',
  clientTime: '2026-11-14T09:00:00.000Z',
  data: {
    orderId: '0190a000-0000-7000-8000-0000000000bb',
    lineId: '0190a000-0000-7000-8000-0000000000cc',
    assetIds: ids,
    locationId: null,
    receivedOn: '2026-11-14',
    preview: { name: 'Latitude 5440', kind: 'hardware', type: 'laptop', modelId: null, siteId: 'site-hq', vendorId: 'v-1', purchasedOn: '2026-11-02', costCents: 129_900, warrantyEndsOn: '2029-11-01' },
  },
} as const satisfies OpInput;

describe('purchase order ops on the replica', () => {
  it('a receipt shows the receipt and its assets at once, in stock with provisional tags, and leaves server copies alone', () => {
    expect(applyOpTo('order_receipt', receipt.id, undefined, receipt, { userId: 'tech-1' })).toMatchObject({ lineId: receipt.data.lineId, assetIds: ids, receivedById: 'tech-1', rev: 0 });
    expect(relatedKeysOf(receipt)).toEqual(ids.map((id) => `asset:${id}`));
    const made = applyOpTo('asset', ids[0]!, undefined, receipt, { userId: 'tech-1' }) as Asset;
    expect(made).toMatchObject({ id: ids[0], tag: 'AST-new-000001', state: 'in_stock', substate: 'available', name: 'Latitude 5440', siteId: 'site-hq', costCents: 129_900, orderLineId: receipt.data.lineId, rev: 0 });
    const pulled = { ...made, tag: 'LAP-0001', rev: 40 };
    expect(applyOpTo('asset', ids[0]!, pulled, receipt, { userId: 'tech-1' })).toBe(pulled);
    expect(orderReceiptOps.ticketIdOf(receipt)).toBeNull();
  });

  it('a new order has a provisional number until the server gives one', () => {
    const create = {
      opId: 'op-2', entity: 'purchase_order', kind: 'create', id: '0190a000-0000-7000-8000-0000000000bb', clientTime: receipt.clientTime,
      data: { vendorId: 'v-1', siteId: 'site-hq', orderedOn: '2026-11-02', expectedOn: null, reference: '', notes: '' },
    } as const satisfies OpInput;
    expect(purchaseOrderOps.apply(undefined, create, { userId: 'tech-1' })).toMatchObject({ number: 'PO-new-0000bb', createdById: 'tech-1', rev: 0 });
  });
});
