/**
 * How purchase order, line and receipt ops change the local replica (the repository ran the
 * order rules of common/assets/orders.ts first).
 *
 * A receipt also makes the line's assets on this device at once, as related records whose ids
 * are the op's `assetIds`: in stock, available, with a provisional tag until the server gives
 * the pattern's. They are built from the op alone (its `preview`, the same fields the server
 * computes from the order, line and model), so a replica reset rebuilds them too; the sync
 * engine keeps the server's copies once pulled and drops these if the server refuses.
 */
import type { Asset } from '@fielddesk/common/domain/entities';
import type { OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import { recordKey } from '../db';
import { provisionalAssetTag } from './asset-inventory';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const purchaseOrderOps: LocalOpApplier<OpOf<'purchase_order'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'create') {
      if (record) return record;
      const order: PurchaseOrder = {
        id: op.id,
        number: provisionalNumber('purchase_order', op.id),
        ...op.data,
        createdById: ctx.userId,
        createdAt: op.clientTime,
        updatedAt: op.clientTime,
        rev: 0,
      };
      return order;
    }
    if (!record) return undefined;
    const order = record as PurchaseOrder;
    return { ...order, ...op.fields, updatedAt: maxTime(order.updatedAt, op.clientTime) };
  },
};

export const purchaseOrderLineOps: LocalOpApplier<OpOf<'purchase_order_line'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'delete') return undefined;
    if (op.kind === 'create') {
      if (record) return record;
      const line: PurchaseOrderLine = { id: op.id, ...op.data, rev: 0 };
      return line;
    }
    return record ? { ...(record as PurchaseOrderLine), ...op.fields } : undefined;
  },
};

/** One asset a receipt makes, as this device shows it until the server's copy arrives. */
export function receivedAsset(op: OpOf<'order_receipt'>, assetId: string): Asset {
  const { preview } = op.data;
  return {
    id: assetId,
    tag: provisionalAssetTag(assetId),
    serial: null,
    ...preview,
    model: null,
    manufacturer: null,
    state: 'in_stock',
    substate: 'available',
    locationId: op.data.locationId,
    checkedOutTo: null,
    assignedToId: null,
    uuid: null,
    macs: [],
    inventoriedAt: null,
    orderLineId: op.data.lineId,
    notes: '',
    rev: 0,
  };
}

export const orderReceiptOps: LocalOpApplier<OpOf<'order_receipt'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (record) return record;
    const { preview: _preview, ...data } = op.data;
    const receipt: OrderReceipt = { id: op.id, ...data, receivedById: ctx.userId, createdAt: op.clientTime, rev: 0 };
    return receipt;
  },
  related: {
    keysOf: (op) => op.data.assetIds.map((id) => recordKey('asset', id)),
    // A copy the server already holds stays as it is; a missing one is the provisional asset.
    apply: (entity, id, record, op) => (entity === 'asset' && op.data.assetIds.includes(id) && !record ? receivedAsset(op, id) : record),
  },
};
