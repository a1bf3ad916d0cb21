/**
 * Purchase orders through push, on SQLite and PostgreSQL: an order numbered by the server, a
 * line of ten laptops received once into ten assets in stock tagged from its pattern with the
 * order's money and a 'received' history line each; a second receipt, another site, a wrong
 * count, a location elsewhere and edits of a received line refused in the app's words, with
 * nothing written.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import type { Op } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { assetFromRow } from '../../db/records';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type Users = 'tech1' | 'tech2' | 'desk1';
type LineData = Extract<Op, { entity: 'purchase_order_line'; kind: 'create' }>['data'];

describeStores('sync: purchase orders', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<Users>;
  let hqStore: string;
  let dcStore: string;
  let vendor: Vendor;
  let laptop: AssetModel;
  let seq = 0;

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const newOrder = (siteId: string, extra: Record<string, unknown> = {}): Op => ({
    ...base(randomUUID()),
    entity: 'purchase_order',
    kind: 'create',
    data: { vendorId: vendor.id, siteId, orderedOn: '2026-11-02', expectedOn: '2026-11-16', reference: 'SO-88123', notes: '', ...extra },
  });
  const newLine = (orderId: string, data: Partial<LineData> = {}): Op => ({
    ...base(randomUUID()),
    entity: 'purchase_order_line',
    kind: 'create',
    data: { orderId, modelId: laptop.id, description: 'Latitude 5440, 16 GB', quantity: 10, unitCostCents: 129_900, tagPattern: 'LAP-{####}', ...data },
  });
  const receive = (line: PurchaseOrderLine, extra: { assetIds?: string[]; locationId?: string | null } = {}): Op => ({
    ...base(randomUUID()),
    entity: 'order_receipt',
    kind: 'create',
    data: {
      orderId: line.orderId,
      lineId: line.id,
      assetIds: extra.assetIds ?? Array.from({ length: line.quantity }, () => randomUUID()),
      locationId: extra.locationId === undefined ? hqStore : extra.locationId,
      receivedOn: '2026-11-14',
      preview: { name: 'anything', kind: 'hardware', type: 'laptop', modelId: null, siteId: world.ids.hq, vendorId: null, purchasedOn: null, costCents: null, warrantyEndsOn: null },
    },
  });

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech2', 'desk1']);
    const at = async (siteId: string) => (await s.db.selectFrom('locations').select('id').where('site_id', '=', siteId).orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
    hqStore = await at(world.ids.hq);
    dcStore = await at(world.ids.dc);
    vendor = await world.applied<Vendor>('desk1', { ...base(randomUUID()), entity: 'vendor', kind: 'create', data: { name: 'Northwind Laptops', contactName: null, email: null, phone: null, website: null, notes: '' } });
    laptop = await world.applied<AssetModel>('desk1', {
      ...base(randomUUID()),
      entity: 'asset_model',
      kind: 'create',
      data: { name: 'Latitude 5440', manufacturer: 'Dell', category: 'Laptops', kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: {} },
    });
  });

  const assetsOfLine = async (lineId: string) =>
    (await s.db.selectFrom('assets').selectAll().where('order_line_id', '=', lineId).orderBy('tag').execute()).map(assetFromRow);

  it('numbers orders, and receives a line of ten laptops into ten assets in stock tagged from its pattern, with the order’s money', async () => {
    const order = await world.applied<PurchaseOrder>('tech1', newOrder(world.ids.hq));
    expect(order.number).toMatch(/^PO-\d{4}$/);
    const second = await world.applied<PurchaseOrder>('desk1', newOrder(world.ids.dc));
    expect(Number(second.number.slice(3))).toBe(Number(order.number.slice(3)) + 1);
    const line = await world.applied<PurchaseOrderLine>('tech1', newLine(order.id));

    const op = receive(line);
    const receipt = await world.applied<OrderReceipt>('tech1', op);
    const ids = (op as Extract<Op, { entity: 'order_receipt' }>).data.assetIds;
    expect(receipt).toMatchObject({ lineId: line.id, orderId: order.id, assetIds: ids, receivedById: world.ids.tech1, receivedOn: '2026-11-14' });

    const assets = await assetsOfLine(line.id);
    expect(assets.map((a) => a.tag)).toEqual(Array.from({ length: 10 }, (_, i) => `LAP-${String(i + 1).padStart(4, '0')}`));
    expect(new Set(assets.map((a) => a.id))).toEqual(new Set(ids));
    for (const a of assets) {
      expect(a).toMatchObject({
        name: 'Latitude 5440', kind: 'hardware', type: 'laptop', modelId: laptop.id, state: 'in_stock', substate: 'available',
        siteId: world.ids.hq, locationId: hqStore, vendorId: vendor.id, purchasedOn: '2026-11-02', costCents: 129_900, warrantyEndsOn: '2029-11-01', orderLineId: line.id,
      });
    }
    const events = await s.db.selectFrom('asset_events').select(['asset_id', 'kind', 'to_state', 'actor_id']).where('asset_id', 'in', ids).execute();
    expect(events).toHaveLength(10);
    expect(events.every((e) => e.kind === 'received' && e.to_state === 'in_stock' && e.actor_id === world.ids.tech1)).toBe(true);

    // Received once: a second receipt, by anyone, is refused in words, and nothing more is made.
    const before = await world.snapshot();
    expect(await world.refused('desk1', receive(line))).toBe(`This line was already received on 2026-11-14 by ${await nameOf(world.ids.tech1)}.`);
    expect(await assetsOfLine(line.id)).toHaveLength(10);
    expect((await world.snapshot()).rev).toBe(before.rev);

    // A received line is neither edited nor removed.
    const received = `This line was already received on 2026-11-14 by ${await nameOf(world.ids.tech1)}.`;
    expect(await world.refused('tech1', { ...base(line.id), entity: 'purchase_order_line', kind: 'patch', baseRev: line.rev, fields: { quantity: 12 } })).toBe(`${received} A received line can no longer be changed.`);
    expect(await world.refused('tech1', { ...base(line.id), entity: 'purchase_order_line', kind: 'delete' })).toBe(`${received} A received line can no longer be removed.`);
  });

  it('refuses another site’s order to a technician, a wrong count, repeated ids, a location elsewhere, and bad lines, with nothing written', async () => {
    const order = await world.applied<PurchaseOrder>('desk1', newOrder(world.ids.hq));
    const line = await world.applied<PurchaseOrderLine>('desk1', newLine(order.id, { quantity: 3, modelId: null, description: 'USB-C docks', tagPattern: null, unitCostCents: 18_000 }));
    const before = await world.snapshot();
    const otherSite = "Technicians handle their own site's purchase orders only.";
    expect(await world.refused('tech2', receive(line))).toBe(otherSite);
    expect(await world.refused('tech2', newOrder(world.ids.hq))).toBe(otherSite);
    expect(await world.refused('tech2', newLine(order.id))).toBe(otherSite);
    expect(await world.refused('tech1', receive(line, { assetIds: [randomUUID(), randomUUID()] }))).toBe('Receiving this line makes 3 assets, one per unit ordered; 2 asset ids were given.');
    const twice = randomUUID();
    expect(await world.refused('tech1', receive(line, { assetIds: [twice, twice, randomUUID()] }))).toBe('Each new asset needs its own id; an id was given twice.');
    const dcName = (await s.db.selectFrom('locations').select('name').where('id', '=', dcStore).executeTakeFirstOrThrow()).name;
    expect(await world.refused('desk1', receive(line, { locationId: dcStore }))).toBe(`The location ${dcName} is at another site than the order's delivery site.`);
    expect(await world.refused('tech1', newLine(order.id, { quantity: 0 }))).toBe('A line orders between 1 and 500 units (got 0).');
    expect(await world.refused('tech1', newLine(order.id, { quantity: 501 }))).toBe('A line orders between 1 and 500 units (got 501).');
    expect(await world.refused('tech1', newLine(order.id, { unitCostCents: -1 }))).toBe('A unit cost cannot be negative.');
    expect(await world.refused('tech1', newOrder(world.ids.hq, { expectedOn: '2026-10-01' }))).toBe('The expected date 2026-10-01 is before the order date 2026-11-02.');
    expect((await world.snapshot()).rev).toBe(before.rev);
    expect(await assetsOfLine(line.id)).toHaveLength(0);

    // Without a pattern the server's own numbering tags them; without a model the line's description names them.
    await world.applied('tech1', receive(line, { locationId: null }));
    const assets = await assetsOfLine(line.id);
    expect(assets.map((a) => a.tag).every((t) => /^FD-\d{6}$/.test(t))).toBe(true);
    expect(assets[0]).toMatchObject({ name: 'USB-C docks', type: 'other', modelId: null, locationId: null, warrantyEndsOn: null, costCents: 18_000 });
  });

  it('edits a line not yet received, and its order, merged per field', async () => {
    const order = await world.applied<PurchaseOrder>('tech1', newOrder(world.ids.hq));
    const line = await world.applied<PurchaseOrderLine>('tech1', newLine(order.id, { quantity: 2 }));
    const edited = await world.applied<PurchaseOrderLine>('tech1', { ...base(line.id), entity: 'purchase_order_line', kind: 'patch', baseRev: line.rev, fields: { quantity: 4, tagPattern: 'NB-{###}' } });
    expect(edited).toMatchObject({ quantity: 4, tagPattern: 'NB-{###}' });
    const moved = await world.applied<PurchaseOrder>('desk1', { ...base(order.id), entity: 'purchase_order', kind: 'patch', baseRev: order.rev, fields: { expectedOn: '2026-12-01', reference: 'SO-9' } });
    expect(moved).toMatchObject({ expectedOn: '2026-12-01', reference: 'SO-9', number: order.number });
    await world.applied('tech1', { ...base(line.id), entity: 'purchase_order_line', kind: 'delete' });
    expect(await s.db.selectFrom('purchase_order_lines').select('id').where('id', '=', line.id).executeTakeFirst()).toBeUndefined();
  });

  const nameOf = async (personId: string) => (await s.db.selectFrom('persons').select('display_name').where('id', '=', personId).executeTakeFirstOrThrow()).display_name;
});
