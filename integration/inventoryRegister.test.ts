/**
 * "This device" end to end through sync: the renderer's inventory repository registers the
 * device offline (asset + CI + inventory + op in one transaction), the real sync engine pushes
 * the asset_inventory op to the real server and pulls; the replica then holds the server's
 * asset (numbered tag), CI and recorded inventory, and nothing provisional. When the server
 * already knew the device as another asset (registered from elsewhere meanwhile), the answer
 * names that asset: the provisional records go and the real ones arrive.
 */
import 'fake-indexeddb/auto';
import { afterAll, expect, it } from 'vitest';
import type { LocalInventory } from '@fielddesk/common/ipc/contract';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { FieldDeskDb } from '../renderer/src/data/db';
import { createInventoryRepository } from '../renderer/src/data/repositories/inventory';
import { SyncEngine } from '../renderer/src/data/sync/engine';
import { InjectServerClient, injectPlatform, loginDesktop } from './support/injectPlatform';
import { describeStores } from '../server/test/stores';
import type { StoreKind } from '../server/src/db/database';
import { removeTempDirs, startWorld } from './support/world';

afterAll(() => removeTempDirs());

function deviceInventory(serial: string, memory = 16_384): LocalInventory {
  const name = `ws-${serial.toLowerCase()}`;
  return {
    document: {
      deviceid: `${name}-0123456789abcdef`,
      itemtype: 'Computer',
      action: 'inventory',
      content: {
        versionclient: 'FieldDesk-Inventory_v0.1.0',
        hardware: { name, uuid: crypto.randomUUID(), memory },
        bios: { ssn: serial, smanufacturer: 'HP', smodel: 'EliteBook 840 G8' },
        networks: [{ description: 'eth0', mac: '00:1a:2b:3c:4d:5e', ipaddress: '10.0.0.10', virtualdev: false }],
        softwares: [{ name: 'curl', version: '8.5.0', publisher: 'Debian' }],
      },
    },
    notes: [],
    scannedAt: new Date().toISOString(),
    durationMs: 400,
  };
}

async function setup(kind: StoreKind) {
  const world = await startWorld(kind);
  const { app } = world.server;
  const login = await loginDesktop(app, 'tech1');
  const server = new InjectServerClient(app, login.token);
  const db = new FieldDeskDb(`fielddesk-it-inventory-${crypto.randomUUID()}`);
  const engine = new SyncEngine({ db, platform: injectPlatform(server), userId: login.user.id, periodicMs: 0, retryMinMs: 3_600_000 });
  expect((await engine.syncNow()).state).toBe('idle');
  const scans: LocalInventory[] = [];
  const inventory = createInventoryRepository({
    db,
    userId: login.user.id,
    user: login.user,
    platform: { scanInventory: async () => scans.shift()!, onEvent: () => () => {} },
  });
  return {
    world,
    app,
    db,
    engine,
    inventory,
    user: login.user,
    scans,
    async close() {
      engine.stop();
      db.close();
      await db.delete();
      await world.close();
    },
  };
}

describeStores('registering this device through sync', (h) => {
  it('an offline registration becomes the server asset, CI and inventory; nothing provisional stays', async () => {
    const t = await setup(h.kind);
    try {
      const serial = `IT${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
      t.scans.push(deviceInventory(serial));
      const scan = await t.inventory.scan();
      expect(await t.inventory.matchDevice(scan.summary)).toEqual({ kind: 'new' });
      const result = await t.inventory.registerDevice({ scanId: scan.id, asset: { name: `ws-${serial.toLowerCase()}`, tag: null, type: 'laptop', state: 'in_use', substate: null, siteId: t.user.siteId, locationId: null } });
      if (!result.ok) throw new Error(result.reason);
      expect((await t.db.assets.get(result.id))?.tag).toMatch(/^AST-new-/);

      expect((await t.engine.syncNow()).state).toBe('idle');
      expect(await t.db.outbox.count()).toBe(0);
      const asset = await t.db.assets.get(result.id);
      expect(asset).toMatchObject({ serial, rev: expect.any(Number) as number, siteId: t.user.siteId });
      expect(asset!.rev).toBeGreaterThan(0);
      expect(asset!.tag).not.toMatch(/new/);
      const cis = await t.db.configurationItems.where('assetId').equals(result.id).toArray();
      expect(cis).toHaveLength(1);
      expect(cis[0]!.rev).toBeGreaterThan(0);
      const recorded = await t.db.assetInventories.get(result.id);
      expect(recorded).toMatchObject({ source: 'fielddesk', summary: { serial } });
      expect(recorded!.rev).toBeGreaterThan(0);

      const db = t.world.server.db;
      const row = await db.selectFrom('assets').select(['id', 'tag']).where('id', '=', result.id).executeTakeFirstOrThrow();
      expect(row.tag).toBe(asset!.tag);
      expect(await t.inventory.matchDevice(scan.summary)).toMatchObject({ kind: 'matched', rule: 'serial+uuid', asset: { id: result.id }, changes: [] });
    } finally {
      await t.close();
    }
  });

  it('when the server already knows the device as another asset, the provisional records go and the real ones arrive', async () => {
    const t = await setup(h.kind);
    try {
      const serial = `IT${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
      const local = deviceInventory(serial);
      t.scans.push(local);
      const scan = await t.inventory.scan();

      // Meanwhile a desk agent registers the same machine from elsewhere (same serial and UUID).
      const desk = new InjectServerClient(t.app, (await loginDesktop(t.app, 'admin')).token);
      const realId = crypto.randomUUID();
      const summary = summarizeGlpi(local.document);
      const answer = await desk.push({
        clientId: crypto.randomUUID(),
        ops: [
          {
            opId: crypto.randomUUID(),
            seq: 1,
            id: realId,
            clientTime: new Date().toISOString(),
            entity: 'asset_inventory',
            kind: 'create',
            data: {
              configurationItemId: crypto.randomUUID(),
              asset: { name: 'Registered by the desk', tag: null, type: 'laptop', state: 'in_use', substate: null, siteId: t.user.siteId, locationId: null },
              deviceId: local.document.deviceid,
              scannedAt: local.scannedAt,
              summary,
            },
          },
        ],
      });
      expect(answer.results.map((r) => r.status)).toEqual(['applied']);

      // tech1 has not synced: the replica does not know it, so it registers a new asset.
      const result = await t.inventory.registerDevice({ scanId: scan.id, asset: { name: 'mine', tag: null, type: 'laptop', state: 'in_use', substate: null, siteId: t.user.siteId, locationId: null } });
      if (!result.ok) throw new Error(result.reason);
      expect(result.id).not.toBe(realId);

      expect((await t.engine.syncNow()).state).toBe('idle');
      expect(await t.db.outbox.count()).toBe(0);
      // Recorded onto the real asset (applied), not refused.
      expect(await t.db.rejections.count()).toBe(0);
      expect(await t.db.assets.get(result.id)).toBeUndefined();
      expect(await t.db.assetInventories.get(result.id)).toBeUndefined();
      expect(await t.db.assets.where('serial').equals(serial).toArray()).toEqual([expect.objectContaining({ id: realId, name: 'Registered by the desk' })]);
      expect(await t.db.configurationItems.where('assetId').equals(realId).count()).toBe(1);
      expect(await t.db.assetInventories.get(realId)).toMatchObject({ assetId: realId });
      expect(await t.db.configurationItems.filter((c) => c.rev === 0).count()).toBe(0);
      expect(await t.world.server.db.selectFrom('assets').select('id').where('serial', '=', serial).execute()).toEqual([{ id: realId }]);
    } finally {
      await t.close();
    }
  });
});
