import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Location } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { createPurchaseOrderRepository, orderTables } from './purchaseOrders';
import { freshDb, site, tech } from '../../../test/fixtures';

const NOW = new Date('2026-11-14T09:00:00.000Z');

async function setup(user: { role: 'technician' | 'agent'; siteId: string | null } = { role: 'technician', siteId: site.id }) {
  const db = freshDb('purchase-orders');
  const store: Location = { id: uuidv7(), siteId: site.id, name: 'HQ store room', rev: 1 };
  const elsewhere: Location = { id: uuidv7(), siteId: uuidv7(), name: 'DC cage 4', rev: 1 };
  const vendor: Vendor = { id: uuidv7(), name: 'Northwind', contactName: null, email: null, phone: null, website: null, notes: '', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), rev: 2 };
  const model: AssetModel = { id: uuidv7(), name: 'Latitude 5440', manufacturer: 'Dell', category: 'Laptops', kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: {}, rev: 3 };
  await db.locations.bulkPut([store, elsewhere]);
  await db.persons.put(tech);
  await db.assetModels.put(model);
  await orderTables(db).vendors.put(vendor);
  const repo = createPurchaseOrderRepository({ db, userId: tech.id, user, now: () => NOW });
  return { db, store, elsewhere, vendor, model, repo };
}

describe('purchase order repository', () => {
  it('creates an order with its lines and receives a line into its assets at once, offline, once', async () => {
    const { db, store, vendor, model, repo } = await setup();
    const made = await repo.createOrder({ vendorId: vendor.id, siteId: site.id, orderedOn: '2026-11-02' }, [
      { modelId: model.id, description: 'Latitude 5440', quantity: 10, unitCostCents: 129_900, tagPattern: 'LAP-{####}' },
      { description: 'USB-C docks', quantity: 2, unitCostCents: 18_000 },
    ]);
    if (!made.ok) throw new Error(made.reason);
    const { orders, lines, receipts } = orderTables(db);
    expect((await orders.get(made.id))?.number).toMatch(/^PO-new-/);
    const line = (await lines.where('orderId').equals(made.id).toArray()).find((l) => l.quantity === 10)!;
    expect(await db.outbox.count()).toBe(3);

    const received = await repo.receive({ lineId: line.id, locationId: store.id, receivedOn: '2026-11-14' });
    if (!received.ok) throw new Error(received.reason);
    expect(received.assetIds).toHaveLength(10);
    const assets = await db.assets.bulkGet(received.assetIds);
    expect(assets.every((a) => a?.state === 'in_stock' && a.substate === 'available' && /^AST-new-/.test(a.tag) && a.orderLineId === line.id)).toBe(true);
    expect(assets[0]).toMatchObject({ name: 'Latitude 5440', modelId: model.id, siteId: site.id, locationId: store.id, vendorId: vendor.id, purchasedOn: '2026-11-02', costCents: 129_900, warrantyEndsOn: '2029-11-01' });
    expect(await receipts.get(received.id)).toMatchObject({ lineId: line.id, receivedById: tech.id });

    const again = await repo.receive({ lineId: line.id, locationId: store.id, receivedOn: '2026-11-15' });
    expect(again).toEqual({ ok: false, reason: 'This line was already received on 2026-11-14 by Alex Morgan.' });
    expect(await repo.updateLine(line.id, { quantity: 11 })).toEqual({ ok: false, reason: 'This line was already received on 2026-11-14 by Alex Morgan. A received line can no longer be changed.' });
    expect(await db.outbox.count()).toBe(4);
  });

  it("refuses in the server's words, writing nothing", async () => {
    const { db, elsewhere, vendor, repo } = await setup();
    expect(await repo.createOrder({ vendorId: vendor.id, siteId: uuidv7(), orderedOn: '2026-11-02' }, [{ description: 'x', quantity: 1 }])).toEqual({
      ok: false,
      reason: "Technicians handle their own site's purchase orders only.",
    });
    expect(await repo.createOrder({ vendorId: vendor.id, siteId: site.id, orderedOn: '2026-11-02' }, [{ description: 'x', quantity: 1 }, { description: 'y', quantity: 0 }])).toEqual({
      ok: false,
      reason: 'Line 2: A line orders between 1 and 500 units (got 0).',
    });
    expect(await db.outbox.count()).toBe(0);
    expect(await orderTables(db).orders.count()).toBe(0);
    const made = await repo.createOrder({ vendorId: vendor.id, siteId: site.id, orderedOn: '2026-11-02' }, [{ description: 'Chairs', quantity: 4, unitCostCents: 9_900 }]);
    if (!made.ok) throw new Error(made.reason);
    const line = (await orderTables(db).lines.toArray())[0]!;
    expect(await repo.receive({ lineId: line.id, locationId: elsewhere.id, receivedOn: '2026-11-14' })).toEqual({ ok: false, reason: "The location DC cage 4 is at another site than the order's delivery site." });
    expect(await repo.updateLine(line.id, { unitCostCents: -5 })).toEqual({ ok: false, reason: 'A unit cost cannot be negative.' });
    expect(await db.outbox.count()).toBe(2);
  });
});
