/**
 * The demo's purchase orders (issue 13 item 4), written last so every other demo record keeps
 * its rev:
 *
 * - PO-0001, to Dell for HQ, fully received five weeks ago: four WD19S docks tagged DOCK-001…
 *   DOCK-004 by their line's pattern, in stock at HQ's first location, each with its
 *   'received' history line and its order line;
 * - PO-0002, to Dell for HQ, due in two days and not received: ten Latitude 5440 laptops to be
 *   tagged LAP-{####} (the e2e receives this line) and two laptop bags without a model;
 * - PO-0003, to Cisco for DC, on order: two access points.
 *
 * Vendors and models are read from what the earlier demo layers wrote (by name), so this layer
 * needs nothing passed in but the sites, locations and people. Deterministic: its own seeded
 * generator.
 */
import type { AssetEvent } from '@fielddesk/common/assets/actions';
import { warrantyEnds } from '@fielddesk/common/assets/depreciation';
import { parseTagPattern, tagOf } from '@fielddesk/common/assets/tags';
import type { Asset, Location, Person, Site } from '@fielddesk/common/domain/entities';
import type { OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import type { WriteTx } from '../db/database';
import { createRng } from './prng';
import { fieldRevsAt } from './field-revs';

export const DEMO_ORDERS_SEED = 20261414;
const DAY = 86_400_000;

/** The pattern of the laptops line the e2e receives. */
export const DEMO_LAPTOP_PATTERN = 'LAP-{####}';

interface Input {
  sites: readonly Site[];
  locations: readonly Location[];
  persons: readonly Person[];
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function writeDemoOrders(tx: WriteTx, nowMs: number, data: Input): Promise<{ orders: number; lines: number; receipts: number; assets: number }> {
  const rng = createRng(DEMO_ORDERS_SEED);
  const day = (daysAgo: number) => isoDay(nowMs - daysAgo * DAY);
  const at = (daysAgo: number) => new Date(nowMs - daysAgo * DAY).toISOString();
  const site = (code: string) => data.sites.find((s) => s.code === code)!;
  const hq = site('HQ');
  const dc = site('DC');
  const hqStore = data.locations.find((l) => l.siteId === hq.id)!;
  const tech1 = data.persons.find((p) => p.username === 'tech1')!;
  const desk1 = data.persons.find((p) => p.username === 'desk1')!;
  const vendorId = async (name: string) => (await tx.db.selectFrom('vendors').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const model = async (name: string) => {
    const row = await tx.db.selectFrom('asset_models').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, kind: row.kind as 'hardware', type: row.type, warrantyMonths: row.warranty_months === null ? null : Number(row.warranty_months) };
  };
  const dell = await vendorId('Dell Technologies');
  const cisco = await vendorId('Cisco Systems');
  const dock = await model('WD19S');
  const laptop = await model('Latitude 5440');

  const order = (n: number, vendor: string, siteId: string, orderedAgo: number, expectedAgo: number, reference: string, notes: string): PurchaseOrder => ({
    id: rng.uuid(),
    number: formatTicketNumber('purchase_order', n),
    vendorId: vendor,
    siteId,
    orderedOn: day(orderedAgo),
    expectedOn: day(expectedAgo),
    reference,
    notes,
    createdById: desk1.id,
    createdAt: at(orderedAgo),
    updatedAt: at(orderedAgo),
    rev: 0,
  });
  const line = (o: PurchaseOrder, description: string, modelId: string | null, quantity: number, unitCostCents: number, tagPattern: string | null): PurchaseOrderLine => ({
    id: rng.uuid(),
    orderId: o.id,
    modelId,
    description,
    quantity,
    unitCostCents,
    tagPattern,
    rev: 0,
  });

  const received = order(1, dell, hq.id, 40, 33, 'DELL-SO-5571203', 'Docks for the second-floor hot desks.');
  const due = order(2, dell, hq.id, 12, -2, 'DELL-SO-5589410', 'Laptops for the new starters in January.');
  const onOrder = order(3, cisco, dc.id, 5, -20, 'CSCO-88-23117', '');
  const docks = line(received, 'Dell WD19S USB-C dock, 130 W', dock.id, 4, 21_900, 'DOCK-{###}');
  const lines = [
    docks,
    line(due, 'Latitude 5440, i5, 16 GB, 512 GB', laptop.id, 10, 129_900, DEMO_LAPTOP_PATTERN),
    line(due, 'Laptop sleeve 14-inch', null, 2, 2_450, null),
    line(onOrder, 'Catalyst 9120AXI access point', null, 2, 84_000, null),
  ];

  // The docks as their receipt made them: in stock at HQ, tagged from the line's pattern.
  const pattern = parseTagPattern(docks.tagPattern!);
  if (!pattern.ok) throw new Error(pattern.reason);
  const receivedOn = day(34);
  const assets: Asset[] = Array.from({ length: docks.quantity }, (_, i) => ({
    id: rng.uuid(),
    tag: tagOf(pattern.pattern, i + 1),
    serial: null,
    name: dock.name,
    kind: dock.kind,
    modelId: dock.id,
    model: null,
    manufacturer: null,
    type: dock.type,
    state: 'in_stock',
    substate: 'available',
    siteId: hq.id,
    locationId: hqStore.id,
    checkedOutTo: null,
    assignedToId: null,
    uuid: null,
    macs: [],
    inventoriedAt: null,
    vendorId: dell,
    purchasedOn: received.orderedOn,
    costCents: docks.unitCostCents,
    warrantyEndsOn: dock.warrantyMonths ? warrantyEnds(received.orderedOn, dock.warrantyMonths) : null,
    orderLineId: docks.id,
    notes: '',
    rev: 0,
  }));
  const receipt: OrderReceipt = {
    id: rng.uuid(),
    orderId: received.id,
    lineId: docks.id,
    assetIds: assets.map((a) => a.id),
    locationId: hqStore.id,
    receivedOn,
    receivedById: tech1.id,
    createdAt: at(34),
    rev: 0,
  };

  for (const o of [received, due, onOrder]) {
    const rev = await tx.nextRev();
    await tx.db.insertInto('purchase_orders').values({ ...rowFromRecord(entities.purchase_order, { ...o, rev }), field_revs: fieldRevsAt(o, rev) } as never).execute();
  }
  for (const l of lines) {
    const rev = await tx.nextRev();
    await tx.db.insertInto('purchase_order_lines').values({ ...rowFromRecord(entities.purchase_order_line, { ...l, rev }), field_revs: fieldRevsAt(l, rev) } as never).execute();
  }
  for (const a of assets) {
    const rev = await tx.nextRev();
    await tx.db.insertInto('assets').values(rowFromRecord(entities.asset, { ...a, rev }) as never).execute();
    const event: AssetEvent = {
      id: rng.uuid(),
      assetId: a.id,
      kind: 'received',
      actorId: tech1.id,
      at: receipt.createdAt,
      fromState: null,
      fromSubstate: null,
      toState: 'in_stock',
      toSubstate: 'available',
      fromLocationId: null,
      toLocationId: hqStore.id,
      target: null,
      checkoutId: null,
      reason: '',
      rev: await tx.nextRev(),
    };
    await tx.db.insertInto('asset_events').values(rowFromRecord(entities.asset_event, event) as never).execute();
  }
  await tx.db.insertInto('order_receipts').values(rowFromRecord(entities.order_receipt, { ...receipt, rev: await tx.nextRev() }) as never).execute();
  await tx.db.insertInto('ticket_counters').values({ kind: 'purchase_order', last_number: 3 }).execute();
  return { orders: 3, lines: lines.length, receipts: 1, assets: assets.length };
}
