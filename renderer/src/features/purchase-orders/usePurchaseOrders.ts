/**
 * What the purchase order screens read from the replica, live: the orders with their lines and
 * receipts, and the names to show (vendors, sites, models, people, locations). Everything is on
 * this device, so the screens work offline.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { orderTotals } from '@fielddesk/common/assets/orders';
import type { Asset, Location, Person, Site } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import type { OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useWorkspace } from '../../app/workspaceContext';
import { orderTables } from '../../data/repositories/purchaseOrders';

/** Cents as an amount ("12,990.00"); orders carry no currency of their own, as assets' costs do not. */
export const money = (cents: number) => (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export interface OrderRow {
  order: PurchaseOrder;
  vendor: string;
  site: string;
  totals: ReturnType<typeof orderTotals>;
}

/** Every order on this device with its totals, newest order date first; undefined while loading. */
export function useOrderRows(): OrderRow[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    const { orders, lines, receipts, vendors } = orderTables(db);
    const [o, l, r, v, s] = await Promise.all([orders.toArray(), lines.toArray(), receipts.toArray(), vendors.toArray(), db.sites.toArray()]);
    const received = new Set(r.map((x) => x.lineId));
    const linesOf = new Map<string, PurchaseOrderLine[]>();
    for (const line of l) linesOf.set(line.orderId, [...(linesOf.get(line.orderId) ?? []), line]);
    const vendorName = new Map(v.map((x) => [x.id, x.name]));
    const siteName = new Map(s.map((x) => [x.id, x.name]));
    return o
      .map((order) => ({
        order,
        vendor: vendorName.get(order.vendorId) ?? 'a vendor not on this device',
        site: siteName.get(order.siteId) ?? '',
        totals: orderTotals(linesOf.get(order.id) ?? [], received),
      }))
      .sort((a, b) => b.order.orderedOn.localeCompare(a.order.orderedOn) || b.order.number.localeCompare(a.order.number));
  }, [db]);
}

export interface OrderView {
  order: PurchaseOrder;
  vendor: Vendor | null;
  site: Site | null;
  lines: PurchaseOrderLine[];
  receiptOf: Map<string, OrderReceipt>;
  models: Map<string, AssetModel>;
  people: Map<string, Person>;
  locations: Map<string, Location>;
  /** The assets each received line made, by line id (those on this device). */
  assetsOf: Map<string, Asset[]>;
}

/** One order with everything its screen shows; null when it is not on this device, undefined while loading. */
export function useOrder(id: string | undefined): OrderView | null | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    if (!id) return null;
    const { orders, lines, receipts, vendors } = orderTables(db);
    const order = await orders.get(id);
    if (!order) return null;
    const [l, r, vendor, site] = await Promise.all([lines.where('orderId').equals(id).toArray(), receipts.where('orderId').equals(id).toArray(), vendors.get(order.vendorId), db.sites.get(order.siteId)]);
    const modelIds = l.flatMap((x) => (x.modelId ? [x.modelId] : []));
    const [models, people, locations, assets] = await Promise.all([
      db.assetModels.bulkGet(modelIds),
      db.persons.bulkGet(r.flatMap((x) => (x.receivedById ? [x.receivedById] : []))),
      db.locations.where('siteId').equals(order.siteId).toArray(),
      db.assets.bulkGet(r.flatMap((x) => x.assetIds)),
    ]);
    const assetsOf = new Map<string, Asset[]>();
    for (const a of assets) if (a?.orderLineId) assetsOf.set(a.orderLineId, [...(assetsOf.get(a.orderLineId) ?? []), a]);
    for (const list of assetsOf.values()) list.sort((a, b) => a.tag.localeCompare(b.tag));
    return {
      order,
      vendor: vendor ?? null,
      site: site ?? null,
      // Lines in the order they were made (uuid v7 ids sort by time).
      lines: l.sort((a, b) => a.id.localeCompare(b.id)),
      receiptOf: new Map(r.map((x) => [x.lineId, x])),
      models: new Map(models.flatMap((m) => (m ? [[m.id, m] as const] : []))),
      people: new Map(people.flatMap((p) => (p ? [[p.id, p] as const] : []))),
      locations: new Map(locations.map((x) => [x.id, x])),
      assetsOf,
    };
  }, [db, id]);
}
