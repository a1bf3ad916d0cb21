/**
 * Consumables through push and pull, on SQLite and PostgreSQL: the catalog created and patched
 * (reorder rules only at a technician's own site); movements recorded as they happened, never
 * refused for taking the stock below zero (two technicians issuing the last toner offline are
 * both recorded: -1), refused with a reason for bad input; pulled by the sites they touch.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { consumableStock } from '@fielddesk/common/assets/consumables';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { stockMovementOf, type ConsumableMovement, type ConsumableMovementCreateData } from '@fielddesk/common/entities/consumable-movement';
import type { Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { bearer, push } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type Users = 'tech1' | 'tech4' | 'tech2' | 'desk1' | 'admin';

describeStores('sync: consumables', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<Users>;
  /** Two locations at HQ (tech1's and tech4's site), one at DC (tech2's). */
  let hq: [string, string];
  let dc: string;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech4', 'tech2', 'desk1', 'admin']);
    const at = async (siteId: string, n: number) =>
      (await s.db.selectFrom('locations').select('id').where('site_id', '=', siteId).orderBy('id').limit(n).execute()).map((r) => r.id);
    hq = (await at(world.ids.hq, 2)) as [string, string];
    [dc] = (await at(world.ids.dc, 1)) as [string];
    expect(hq).toHaveLength(2);
    expect(dc).toBeDefined();
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const newItem = (data: Partial<Extract<Op, { entity: 'consumable'; kind: 'create' }>['data']> = {}, id = randomUUID()): Op => ({
    ...base(id),
    entity: 'consumable',
    kind: 'create',
    data: { name: 'HP 59A toner', category: 'Toner', manufacturer: 'HP', partNumber: 'CF259A', unit: 'cartridge', reorderRules: [], ...data },
  });
  const patchItem = (id: string, baseRev: number, fields: Extract<Op, { entity: 'consumable'; kind: 'patch' }>['fields']): Op => ({ ...base(id), entity: 'consumable', kind: 'patch', baseRev, fields });
  const move = (data: ConsumableMovementCreateData, id = randomUUID()): Op => ({ ...base(id), entity: 'consumable_movement', kind: 'create', data });

  async function pullAll(user: Users): Promise<Map<string, unknown>> {
    const records = new Map<string, unknown>();
    let cursor = '0';
    for (let i = 0; i < 100; i++) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=5000`, headers: bearer(world.tokens[user]) });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      for (const c of page.changes) if (c.op === 'put') records.set(`${c.entity}:${c.id}`, c.data);
      cursor = page.cursor;
      if (!page.hasMore) return records;
    }
    throw new Error('pull never finished');
  }

  async function stockAt(itemId: string, locationId: string): Promise<number> {
    const all = await pullAll('admin');
    const item = all.get(`consumable:${itemId}`) as Consumable;
    const rows = [...all.entries()].filter(([k]) => k.startsWith('consumable_movement:')).map(([, v]) => v as ConsumableMovement);
    const [stock] = consumableStock([item], rows.filter((m) => m.itemId === itemId).map(stockMovementOf));
    return stock!.locations.find((l) => l.locationId === locationId)?.quantity ?? 0;
  }

  describe('the catalog', () => {
    it('is created by a technician with reorder rules at their site, seen by everyone, and patched per field', async () => {
      const item = await world.applied<Consumable>('tech1', newItem({ reorderRules: [{ locationId: hq[0], reorderPoint: 2, reorderQuantity: 10 }] }));
      expect(item).toMatchObject({ name: 'HP 59A toner', unit: 'cartridge', reorderRules: [{ locationId: hq[0], reorderPoint: 2, reorderQuantity: 10 }] });
      const row = await s.db.selectFrom('consumables').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
      expect(JSON.parse(row.reorder_rules)).toEqual(item.reorderRules);
      expect((await pullAll('tech2')).get(`consumable:${item.id}`)).toEqual(item);

      const renamed = await world.applied<Consumable>('tech4', patchItem(item.id, item.rev, { name: 'HP 59A black toner' }));
      expect(renamed.rev).toBeGreaterThan(item.rev);
      // tech1, still on the first version, changes the rules: no clash with the name.
      const ruled = await world.applied<Consumable>('tech1', patchItem(item.id, item.rev, { reorderRules: [{ locationId: hq[0], reorderPoint: 3, reorderQuantity: 12 }] }));
      expect(ruled).toMatchObject({ name: 'HP 59A black toner', reorderRules: [{ reorderPoint: 3 }] });
      // desk1, on the first version too, changes the name again: a conflict, the server's name stays.
      const clash = await world.one('desk1', patchItem(item.id, item.rev, { name: 'Toner 59A' }));
      expect(clash).toMatchObject({ status: 'conflict', fields: ['name'], server: { name: 'HP 59A black toner' } });
    });

    it("refuses a technician's reorder rule at another site, and lets the desk set rules anywhere", async () => {
      expect(await world.refused('tech1', newItem({ reorderRules: [{ locationId: dc, reorderPoint: 1, reorderQuantity: 5 }] }))).toMatch(
        /is at another site: technicians set reorder rules only for their own site's locations\.$/,
      );
      const item = await world.applied<Consumable>('tech2', newItem({ name: 'USB-C cable 1 m', unit: 'piece', reorderRules: [{ locationId: dc, reorderPoint: 5, reorderQuantity: 20 }] }));
      // tech1 may add a rule at HQ, not change DC's.
      await world.applied('tech1', patchItem(item.id, item.rev, { reorderRules: [...item.reorderRules, { locationId: hq[1], reorderPoint: 1, reorderQuantity: 4 }] }));
      expect(await world.refused('tech1', patchItem(item.id, item.rev, { reorderRules: [{ locationId: dc, reorderPoint: 9, reorderQuantity: 20 }] }))).toMatch(/another site/);
      // The desk sets rules anywhere.
      await world.applied('desk1', newItem({ name: 'A4 paper', unit: 'ream', reorderRules: [{ locationId: dc, reorderPoint: 10, reorderQuantity: 50 }] }));
      expect(await world.refused('tech1', patchItem(randomUUID(), 1, { name: 'Ghost' }))).toBe('Consumable not found.');
    });
  });

  describe('movements', () => {
    it('records two issues of the last toner made offline by two technicians: both arrive, stock -1', async () => {
      const item = await world.applied<Consumable>('desk1', newItem({ name: 'Brother TN-2420', reorderRules: [{ locationId: hq[0], reorderPoint: 1, reorderQuantity: 6 }] }));
      await world.applied('tech1', move({ kind: 'received', itemId: item.id, locationId: hq[0], quantity: 1 }));
      const a = await world.applied<ConsumableMovement>('tech1', move({ kind: 'issued', itemId: item.id, locationId: hq[0], quantity: 1, to: { kind: 'person', id: world.ids.desk1 } }));
      const b = await world.applied<ConsumableMovement>('tech4', move({ kind: 'issued', itemId: item.id, locationId: hq[0], quantity: 1, to: { kind: 'person', id: world.ids.tech1 } }));
      expect(a).toMatchObject({ kind: 'issued', quantity: 1, siteId: world.ids.hq, toSiteId: null, authorId: world.ids.tech1, issuedTo: { kind: 'person', id: world.ids.desk1 } });
      expect(b.authorId).toBe(world.ids.tech4);
      expect(await stockAt(item.id, hq[0])).toBe(-1);
      const pulled = await pullAll('tech1');
      expect(pulled.get(`consumable_movement:${a.id}`)).toEqual(a);
      expect(pulled.get(`consumable_movement:${b.id}`)).toEqual(b);
      // A recount puts it right, as a movement with its reason.
      await world.applied('tech4', move({ kind: 'adjusted', itemId: item.id, locationId: hq[0], quantity: 1, direction: 'add', reason: 'Found one on the shelf' }));
      expect(await stockAt(item.id, hq[0])).toBe(0);
    });

    it('refuses bad input with a reason and writes nothing', async () => {
      const item = await world.applied<Consumable>('desk1', newItem({ name: 'Logitech M90 mouse', unit: 'piece' }));
      const before = await s.db.selectFrom('consumable_movements').select('id').execute();
      expect(await world.refused('tech1', move({ kind: 'received', itemId: randomUUID(), locationId: hq[0], quantity: 3 }))).toBe('This consumable does not exist.');
      expect(await world.refused('tech1', move({ kind: 'received', itemId: item.id, locationId: randomUUID(), quantity: 3 }))).toBe('The location does not exist.');
      const dcName = (await s.db.selectFrom('locations').select('name').where('id', '=', dc).executeTakeFirstOrThrow()).name;
      expect(await world.refused('tech1', move({ kind: 'issued', itemId: item.id, locationId: dc, quantity: 1, to: { kind: 'person', id: world.ids.tech2 } }))).toBe(
        `${dcName} is at another site: technicians record stock movements only at their own site's locations.`,
      );
      expect(await world.refused('tech1', move({ kind: 'issued', itemId: item.id, locationId: hq[0], quantity: 1, to: { kind: 'person', id: randomUUID() } }))).toBe(
        'The person it is issued to does not exist.',
      );
      const dcAsset = (await s.db.selectFrom('assets').select('id').where('site_id', '=', world.ids.dc).limit(1).executeTakeFirstOrThrow()).id;
      expect(await world.refused('tech1', move({ kind: 'issued', itemId: item.id, locationId: hq[0], quantity: 1, to: { kind: 'asset', id: dcAsset } }))).toBe(
        'The asset it is issued to does not exist or is not visible to you.',
      );
      expect(await world.refused('tech1', move({ kind: 'transferred', itemId: item.id, fromLocationId: hq[0], toLocationId: randomUUID(), quantity: 1 }))).toBe(
        'The location the stock goes to does not exist.',
      );
      // A negative quantity or a blank reason never reaches a handler: the op's schema refuses the push.
      for (const data of [
        { kind: 'issued', itemId: item.id, locationId: hq[0], quantity: -1, to: { kind: 'person', id: world.ids.tech1 } },
        { kind: 'adjusted', itemId: item.id, locationId: hq[0], quantity: 1, direction: 'remove', reason: '   ' },
      ]) {
        const { res } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [move(data as ConsumableMovementCreateData)]);
        expect(res.statusCode).toBe(400);
      }
      expect(await s.db.selectFrom('consumable_movements').select('id').execute()).toHaveLength(before.length);
    });

    it('issues to an asset of the site; a transfer between two sites is in both ledgers, not a third', async () => {
      const item = await world.applied<Consumable>('admin', newItem({ name: 'Cat6 patch cable 2 m', unit: 'piece' }));
      const hqAsset = (await s.db.selectFrom('assets').select('id').where('site_id', '=', world.ids.hq).limit(1).executeTakeFirstOrThrow()).id;
      await world.applied('tech1', move({ kind: 'received', itemId: item.id, locationId: hq[0], quantity: 10 }));
      await world.applied('tech1', move({ kind: 'issued', itemId: item.id, locationId: hq[0], quantity: 2, to: { kind: 'asset', id: hqAsset } }));
      const sent = await world.applied<ConsumableMovement>('tech1', move({ kind: 'transferred', itemId: item.id, fromLocationId: hq[0], toLocationId: dc, quantity: 3 }));
      expect(sent).toMatchObject({ locationId: hq[0], toLocationId: dc, siteId: world.ids.hq, toSiteId: world.ids.dc });
      expect((await pullAll('tech1')).has(`consumable_movement:${sent.id}`)).toBe(true);
      expect((await pullAll('tech2')).has(`consumable_movement:${sent.id}`)).toBe(true);
      const dcOnly = await world.applied<ConsumableMovement>('tech2', move({ kind: 'received', itemId: item.id, locationId: dc, quantity: 1 }));
      expect((await pullAll('tech1')).has(`consumable_movement:${dcOnly.id}`)).toBe(false);
      expect(await stockAt(item.id, hq[0])).toBe(5);
      expect(await stockAt(item.id, dc)).toBe(4);
      // The same op sent again is a duplicate, not a second movement.
      const op = move({ kind: 'received', itemId: item.id, locationId: hq[1], quantity: 1 });
      await world.applied('tech1', op);
      expect(await world.one('tech1', op)).toMatchObject({ status: 'duplicate' });
      expect(await stockAt(item.id, hq[1])).toBe(1);
    });
  });
});
