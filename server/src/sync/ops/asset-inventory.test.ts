/**
 * The asset_inventory push op (register or update a device from the app's own inventory) on
 * SQLite and PostgreSQL: who may do what, the server's own matching (the answer names the
 * matched asset), refusals with nothing written, and the pull that follows (asset, CI and
 * inventory arrive; the inventory follows its asset's site in and out of scope).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import type { AssetInventory } from '@fielddesk/common/domain/entities';
import { entitySchemas } from '@fielddesk/common/entities/registry';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { AssetInventoryCreateData, Change, Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { assetFromRow } from '../../db/records';
import { bearer, push } from '../../../test/http';
import { makeSummary, received, software } from '../../../test/inventory';
import { pushWorld, type PushWorld } from '../../../test/push';
import { recordInventory } from '../../inventory/record';
import { describeStores } from '../../../test/stores';
import { ASSET_NOT_VISIBLE } from './asset-inventory';

type User = 'tech1' | 'tech2' | 'desk1' | 'admin';

describeStores('sync push: asset_inventory', (h) => {
  let s: FieldDeskServer;
  /** Everyone pushes through one client: the ops below are built here, with their own seq. */
  let world: PushWorld<User>;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech2', 'desk1', 'admin'], { sharedClient: true });
  });

  const device = (over: Partial<InventorySummary> = {}) =>
    makeSummary({
      deviceId: `dev-${randomUUID()}`,
      name: `pc-${randomUUID().slice(0, 8)}`,
      serial: `SN${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      uuid: randomUUID(),
      manufacturer: 'LENOVO',
      model: '21HD',
      chassisType: 'Notebook',
      software: software('Firefox', 'LibreOffice'),
      ...over,
    });

  function op(summary: InventorySummary, id: string = randomUUID(), asset: Partial<AssetInventoryCreateData['asset']> = {}): Op {
    return {
      opId: randomUUID(),
      seq: ++seq,
      id,
      clientTime: new Date().toISOString(),
      entity: 'asset_inventory',
      kind: 'create',
      data: {
        configurationItemId: randomUUID(),
        asset: { name: summary.name ?? 'device', tag: null, type: 'laptop', status: 'deployed', siteId: null, locationId: null, ...asset },
        deviceId: summary.deviceId,
        scannedAt: new Date().toISOString(),
        summary,
      },
    };
  }

  /** Pushes one op that must be applied; the inventory record the server answers with. */
  const applied = (user: User, o: Op) => world.applied<AssetInventory>(user, o);
  const assetCount = async () => Number((await s.db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const asset = async (id: string) => assetFromRow(await s.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

  async function pullFrom(user: User, cursor: string): Promise<{ changes: Change[]; cursor: string }> {
    const changes: Change[] = [];
    for (let pages = 0; pages < 100; pages++) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=1000`, headers: bearer(world.tokens[user]) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<PullResponse>();
      changes.push(...body.changes);
      cursor = body.cursor;
      if (!body.hasMore) return { changes, cursor };
    }
    throw new Error('pull never finished');
  }

  it('registers a new device at the technician site: asset numbered by the server, CI with the given id, pulled with its inventory', async () => {
    const { cursor } = await pullFrom('tech1', '0');
    const summary = device();
    const o = op(summary);
    const record = await applied('tech1', o);
    expect(record).toMatchObject({ id: o.id, assetId: o.id, source: 'fielddesk', deviceId: summary.deviceId, summary });
    expect(entitySchemas.asset_inventory.parse(record)).toEqual(record);
    const a = await asset(o.id);
    expect(a).toMatchObject({ siteId: world.ids.hq, type: 'laptop', state: 'in_use', substate: null, checkedOutTo: null, serial: summary.serial, uuid: summary.uuid, model: '21HD', manufacturer: 'LENOVO' });
    expect(a.tag).toBe('FD-000401'); // after the demo seed's FD-000001 … FD-000400
    const data = (o as Extract<Op, { entity: 'asset_inventory' }>).data;
    expect(record.configurationItemId).toBe(data.configurationItemId);

    const { changes } = await pullFrom('tech1', cursor);
    const puts = (entity: string) => changes.filter((c) => c.entity === entity && c.op === 'put' && c.id === (entity === 'configuration_item' ? data.configurationItemId : o.id));
    expect(puts('asset')).toHaveLength(1);
    expect(puts('configuration_item')).toHaveLength(1);
    const pulled = puts('asset_inventory')[0];
    expect(pulled && pulled.op === 'put' ? entitySchemas.asset_inventory.parse(pulled.data) : null).toEqual(record);
    const pulledAsset = puts('asset')[0];
    expect(pulledAsset && pulledAsset.op === 'put' ? entitySchemas.asset.parse(pulledAsset.data) : null).toEqual(a);
  });

  it('registers a device in the state the op names; an older app\'s status is mapped, a state a device is not registered in is refused', async () => {
    const inStock = op(device(), randomUUID(), { status: undefined, state: 'in_stock', substate: 'available' });
    await applied('tech1', inStock);
    expect(await asset(inStock.id)).toMatchObject({ state: 'in_stock', substate: 'available' });
    const legacy = op(device(), randomUUID(), { status: 'in_repair' });
    await applied('tech1', legacy);
    expect(await asset(legacy.id)).toMatchObject({ state: 'in_maintenance', substate: null });
    expect(await world.refused('tech1', op(device(), randomUUID(), { status: undefined, state: 'retired', substate: null }))).toBe('A device is registered on order, in stock, in use or in maintenance, not "Retired".');
    expect(await world.refused('tech1', op(device(), randomUUID(), { status: undefined, state: 'in_stock', substate: 'sold' }))).toBe('"Sold" is not a substate of "In stock": choose Available, Reserved, Defective or Pending disposal.');
  });

  it('updates the asset the server matches (the answer names it), and a replay is a duplicate', async () => {
    const summary = device();
    const first = await applied('tech1', op(summary));
    const before = await assetCount();
    const again = op({ ...summary, software: software('Firefox') });
    const record = await applied('tech1', again);
    expect(record.id).toBe(first.id);
    expect(record.id).not.toBe(again.id);
    expect(record.rev).toBeGreaterThan(first.rev);
    expect(record.configurationItemId).toBe(first.configurationItemId);
    expect(await assetCount()).toBe(before);
    const installs = await s.db.selectFrom('software_installs').select('name').where('asset_id', '=', first.id).execute();
    expect(installs.map((r) => r.name)).toEqual(['Firefox']);
    // The same op again: answered from sync_ops, nothing written twice.
    const { body } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [again]);
    expect(body?.results[0]).toMatchObject({ status: 'duplicate' });
    expect(Number((await s.db.selectFrom('inventory_documents').select((eb) => eb.fn.countAll<number>().as('n')).where('asset_id', '=', first.id).executeTakeFirstOrThrow()).n)).toBe(2);
  });

  it('records onto the asset named by op.id when the technician may see it', async () => {
    const summary = device();
    const first = await applied('tech1', op(summary));
    const changed = device(); // a different identity, but the client says which asset it is
    const record = await applied('tech1', op(changed, first.id));
    expect(record.id).toBe(first.id);
    expect((await asset(first.id)).serial).toBe(changed.serial);
  });

  it("refuses another site's asset, whether named or matched, and a new asset at another site", async () => {
    const summary = device();
    const hq = await applied('tech1', op(summary));
    const before = await assetCount();
    const rev = await s.store.currentRev();
    expect(await world.refused('tech2', op(device(), hq.id))).toBe(ASSET_NOT_VISIBLE);
    expect(await world.refused('tech2', op(summary))).toMatch(/already recorded as an asset of another site/);
    expect(await world.refused('tech1', op(device(), randomUUID(), { siteId: world.ids.dc }))).toMatch(/own site only/);
    expect(await assetCount()).toBe(before);
    expect(await s.store.currentRev()).toBe(rev);
  });

  it('refuses technicians an asset an agent recorded without a site; desk agents update it', async () => {
    const summary = device();
    const ctx = { store: s.store, changes: s.changes, config: { now: () => Date.now() } };
    const agent = await recordInventory(ctx, received(summary));
    expect(await world.refused('tech1', op(summary))).toMatch(/without a site/);
    expect((await applied('desk1', op(summary))).id).toBe(agent.assetId);
  });

  it('lets desk agents and admins register at any site and update any asset', async () => {
    const summary = device();
    const record = await applied('desk1', op(summary, randomUUID(), { siteId: world.ids.dc }));
    expect((await asset(record.id)).siteId).toBe(world.ids.dc);
    const again = await applied('admin', op(summary));
    expect(again.id).toBe(record.id);
  });

  it('refuses an ambiguous device with the rule and the tags, a tag already used, and a location of another site', async () => {
    const serial = `DUP${randomUUID().slice(0, 8).toUpperCase()}`;
    const tags = [`DUP-${randomUUID().slice(0, 6)}`, `DUP-${randomUUID().slice(0, 6)}`];
    await s.store.write(async (tx) => {
      for (const tag of tags) {
        await tx.db
          .insertInto('assets')
          .values({ id: randomUUID(), tag, serial, name: tag, model: '', manufacturer: '', type: 'laptop', state: 'in_use', site_id: world.ids.hq, location_id: null, assigned_to_id: null, rev: await tx.nextRev() })
          .execute();
      }
    });
    const before = await assetCount();
    const reason = await world.refused('tech1', op(device({ serial })));
    expect(reason).toContain('serial number');
    for (const tag of tags) expect(reason).toContain(tag);
    expect(await world.refused('tech1', op(device(), randomUUID(), { tag: 'FD-000001' }))).toMatch(/FD-000001 is already used/);
    const dcLocation = (await s.db.selectFrom('locations').select('id').where('site_id', '=', world.ids.dc).executeTakeFirstOrThrow()).id;
    expect(await world.refused('tech1', op(device(), randomUUID(), { locationId: dcLocation }))).toMatch(/location is not at the asset's site/);
    expect(await assetCount()).toBe(before);
  });

  it("sends an asset's inventory only to those who see its site, and moves it with its asset", async () => {
    const record = await applied('tech1', op(device()));
    const inventoryOf = (changes: Change[]) => changes.filter((c) => c.entity === 'asset_inventory' && c.id === record.id);
    const tech1 = await pullFrom('tech1', '0');
    const tech2 = await pullFrom('tech2', '0');
    expect(inventoryOf(tech1.changes).map((c) => c.op)).toEqual(['put']);
    expect(inventoryOf(tech2.changes)).toEqual([]);
    expect(inventoryOf((await pullFrom('desk1', '0')).changes).map((c) => c.op)).toEqual(['put']);

    // The asset moves to DC (as an admin tool would move it): the inventory follows.
    await s.store.write(async (tx) => {
      await tx.db.updateTable('assets').set({ site_id: world.ids.dc, location_id: null, rev: await tx.nextRev() }).where('id', '=', record.id).execute();
    });
    expect(inventoryOf((await pullFrom('tech1', tech1.cursor)).changes).map((c) => c.op)).toEqual(['delete']);
    const arrived = inventoryOf((await pullFrom('tech2', tech2.cursor)).changes);
    expect(arrived.map((c) => c.op)).toEqual(['put']);
    const put = arrived[0];
    expect(put && put.op === 'put' ? entitySchemas.asset_inventory.parse(put.data).summary : null).toEqual(record.summary);
  });
});
