/**
 * recordInventory on SQLite and PostgreSQL: GLPI's matching rules one by one through the
 * database (serial+uuid, serial, uuid, MAC, name; junk ignored; ambiguous refused with
 * nothing written), what a match updates and what it keeps, new assets (tag numbering, CI),
 * every document kept, software replaced, partial inventories merged, and the records' revs.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { FieldDeskServer } from '../app';
import { assetFromRow, assetInventoryFromRow } from '../db/records';
import { makeSummary, received, software } from '../../test/inventory';
import { describeStores } from '../../test/stores';
import {
  AmbiguousInventoryError,
  glpiPartialSections,
  InventoryInputError,
  mergePartialSummary,
  recordInventory,
  type InventoryContext,
} from './record';

describe('partial sections', () => {
  it('reads which sections a partial GLPI inventory carries', () => {
    expect(glpiPartialSections({ content: { cpus: [] } })).toBeNull();
    expect(glpiPartialSections({ partial: true, content: { bios: {}, hardware: {}, cpus: [], softwares: [] } })).toEqual(['cpus', 'software']);
    const before = makeSummary({ name: 'pc1', software: software('a'), cpus: [{ name: 'old', manufacturer: null, cores: 2, speedMhz: null }] });
    const partial = makeSummary({ name: 'pc1', cpus: [{ name: 'new', manufacturer: null, cores: 8, speedMhz: null }] });
    const merged = mergePartialSummary(before, partial, ['cpus']);
    expect(merged.cpus[0]?.name).toBe('new');
    expect(merged.software).toEqual(software('a'));
  });
});

describeStores('recordInventory', (h) => {
  let s: FieldDeskServer;
  let ctx: InventoryContext;
  let siteId: string;

  beforeAll(async () => {
    s = await h.start({ seedDemoData: false });
    ctx = { store: s.store, changes: s.changes, config: { now: () => Date.now() } };
    siteId = randomUUID();
    await s.store.write(async (tx) => {
      await tx.db.insertInto('sites').values({ id: siteId, code: 'HQ', name: 'Head office', time_zone: 'UTC', address: '', rev: await tx.nextRev() }).execute();
    });
  });

  /** An asset as people recorded it (not from an inventory). */
  async function insertAsset(fields: { tag: string; serial?: string | null; uuid?: string | null; macs?: string[]; name?: string }): Promise<string> {
    const id = randomUUID();
    await s.store.write(async (tx) => {
      await tx.db
        .insertInto('assets')
        .values({
          id,
          tag: fields.tag,
          serial: fields.serial ?? null,
          name: fields.name ?? fields.tag,
          model: 'Model',
          manufacturer: 'Maker',
          type: 'laptop',
          state: 'in_use',
          site_id: siteId,
          location_id: null,
          assigned_to_id: null,
          uuid: fields.uuid ?? null,
          macs: JSON.stringify(fields.macs ?? []),
          inventoried_at: null,
          rev: await tx.nextRev(),
        })
        .execute();
      if (fields.macs?.length) await tx.db.insertInto('asset_macs').values(fields.macs.map((mac) => ({ asset_id: id, mac }))).execute();
    });
    return id;
  }

  const asset = async (id: string) => assetFromRow(await s.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const count = async (table: 'assets' | 'inventory_documents' | 'asset_inventories' | 'software_installs' | 'configuration_items', assetId?: string) => {
    let q = s.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (assetId) q = q.where(table === 'assets' || table === 'asset_inventories' ? 'id' : 'asset_id', '=', assetId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;

  it('creates an asset, its CI, inventory, document and software for an unknown device', async () => {
    const serial = unique('SN');
    const summary = makeSummary({
      name: 'glpixps',
      serial,
      uuid: randomUUID(),
      macs: ['00:E0:4C:68:01:DB'],
      manufacturer: 'Dell Inc.',
      model: 'XPS 13 9350',
      chassisType: 'Laptop',
      software: software('7zip', 'Firefox'),
    });
    const before = await s.store.currentRev();
    const result = await recordInventory(ctx, received(summary), { assetHint: { siteId } });
    expect(result).toMatchObject({ created: true, rule: null });
    const a = await asset(result.assetId);
    expect(a).toMatchObject({
      serial,
      uuid: summary.uuid,
      macs: ['00:e0:4c:68:01:db'],
      name: 'glpixps',
      model: 'XPS 13 9350',
      manufacturer: 'Dell Inc.',
      type: 'laptop',
      state: 'in_use',
      substate: null,
      siteId,
    });
    expect(a.tag).toMatch(/^FD-\d{6}$/);
    expect(a.rev).toBeGreaterThan(before);
    expect(a.inventoriedAt).not.toBeNull();
    const ci = await s.db.selectFrom('configuration_items').selectAll().where('asset_id', '=', a.id).executeTakeFirstOrThrow();
    expect(ci).toMatchObject({ id: result.configurationItemId, ci_type: 'computer', status: 'active', site_id: siteId, name: 'glpixps' });
    const inventory = assetInventoryFromRow(await s.db.selectFrom('asset_inventories').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow());
    expect(inventory).toMatchObject({ id: a.id, assetId: a.id, configurationItemId: ci.id, source: 'glpi_agent', scannedAt: '2026-11-20T08:00:00.000Z', summary });
    expect(inventory.rev).toBeGreaterThan(before);
    const doc = await s.db.selectFrom('inventory_documents').selectAll().where('id', '=', result.inventoryId).executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ asset_id: a.id, source: 'glpi_agent', itemtype: 'Computer', document: received(summary).document });
    expect(Number(doc.bytes)).toBe(Buffer.byteLength(received(summary).document));
    expect(await count('software_installs', a.id)).toBe(2);
    expect(await s.store.currentRev()).toBeGreaterThan(before);
  });

  it('leaves the model and manufacturer unknown (null, not empty) when the agent reports neither', async () => {
    const summary = makeSummary({ name: 'bare-vm', serial: unique('VM') });
    expect(summary.model ?? null).toBeNull();
    const result = await recordInventory(ctx, received(summary), { assetHint: { siteId } });
    expect(await asset(result.assetId)).toMatchObject({ model: null, manufacturer: null });
  });

  it("puts a new device at the site whose code is the agent's tag (any case); an unknown tag or a matched device leaves the site alone", async () => {
    const placed = await recordInventory(ctx, received(makeSummary({ name: 'tagged-1', serial: `TAG${randomUUID().slice(0, 8)}` }), { agentTag: ' hq ' }));
    expect((await asset(placed.assetId)).siteId).toBe(siteId);
    const unknown = await recordInventory(ctx, received(makeSummary({ name: 'tagged-2', serial: `TAG${randomUUID().slice(0, 8)}` }), { agentTag: 'warehouse-9' }));
    expect((await asset(unknown.assetId)).siteId).toBeNull();
    const again = await recordInventory(ctx, received(makeSummary({ name: 'tagged-2', serial: (await asset(unknown.assetId)).serial }), { agentTag: 'HQ' }));
    expect(again).toMatchObject({ created: false, assetId: unknown.assetId });
    expect((await asset(unknown.assetId)).siteId).toBeNull();
  });

  it('matches by serial and uuid before serial alone', async () => {
    const serial = unique('SU');
    const uuid = randomUUID();
    await insertAsset({ tag: unique('T-'), serial });
    const both = await insertAsset({ tag: unique('T-'), serial, uuid });
    const result = await recordInventory(ctx, received(makeSummary({ serial, uuid, name: 'x' })));
    expect(result).toMatchObject({ created: false, rule: 'serial+uuid', assetId: both });
  });

  it('matches by serial (case and spaces aside), and refreshes the uuid, model and manufacturer but keeps the name', async () => {
    const serial = unique('SE');
    const id = await insertAsset({ tag: unique('T-'), serial, name: 'LT-HQ-001' });
    const uuid = randomUUID();
    const result = await recordInventory(ctx, received(makeSummary({ serial: ` ${serial.toLowerCase()} `, uuid, name: 'desktop-abc', model: 'New model', manufacturer: 'New maker' })));
    expect(result).toMatchObject({ created: false, rule: 'serial', assetId: id });
    const a = await asset(id);
    expect(a).toMatchObject({ name: 'LT-HQ-001', uuid, model: 'New model', manufacturer: 'New maker', type: 'laptop', siteId });
    // The CI the asset lacked is created.
    expect(result.configurationItemId).not.toBeNull();
    expect(await count('configuration_items', id)).toBe(1);
  });

  it('matches by uuid when the serial is junk, and keeps the recorded serial', async () => {
    const uuid = randomUUID();
    const serial = unique('UU');
    const id = await insertAsset({ tag: unique('T-'), serial, uuid });
    const result = await recordInventory(ctx, received(makeSummary({ serial: 'To Be Filled By O.E.M.', uuid: uuid.toUpperCase(), name: 'y' })));
    expect(result).toMatchObject({ rule: 'uuid', assetId: id });
    expect((await asset(id)).serial).toBe(serial);
  });

  it('matches by a shared MAC, whatever its spelling', async () => {
    const mac = `02:11:22:${randomUUID().slice(0, 2)}:${randomUUID().slice(0, 2)}:${randomUUID().slice(0, 2)}`;
    const id = await insertAsset({ tag: unique('T-'), macs: [mac] });
    const result = await recordInventory(ctx, received(makeSummary({ macs: [mac.toUpperCase().replace(/:/g, '-'), '00:00:00:00:00:00'], name: unique('mac-') })));
    expect(result).toMatchObject({ rule: 'mac', assetId: id });
  });

  it('matches by name last', async () => {
    const name = unique('KIOSK-');
    const id = await insertAsset({ tag: unique('T-'), name });
    const result = await recordInventory(ctx, received(makeSummary({ name: name.toLowerCase() })));
    expect(result).toMatchObject({ rule: 'name', assetId: id });
  });

  it('ignores junk: two boards "To Be Filled By O.E.M." with all-F uuids are not one asset', async () => {
    const junk = { serial: 'To Be Filled By O.E.M.', uuid: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' };
    const first = await recordInventory(ctx, received(makeSummary({ ...junk, name: unique('junk-') })));
    const second = await recordInventory(ctx, received(makeSummary({ ...junk, name: unique('junk-') })));
    expect(first.created && second.created).toBe(true);
    expect(first.assetId).not.toBe(second.assetId);
    expect((await asset(first.assetId)).serial).toBeNull();
    expect((await asset(first.assetId)).uuid).toBeNull();
  });

  it('refuses an ambiguous match with the rule and the asset tags, and writes nothing', async () => {
    const serial = unique('AM');
    const tags = [unique('T-'), unique('T-')];
    for (const tag of tags) await insertAsset({ tag, serial });
    const rev = await s.store.currentRev();
    const counts = await Promise.all((['assets', 'inventory_documents', 'asset_inventories', 'software_installs', 'configuration_items'] as const).map((t) => count(t)));
    const error = await recordInventory(ctx, received(makeSummary({ serial, name: 'z', software: software('a') }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousInventoryError);
    expect((error as AmbiguousInventoryError).rule).toBe('serial');
    expect((error as AmbiguousInventoryError).assets.map((a) => a.tag).sort()).toEqual([...tags].sort());
    expect((error as Error).message).toContain('serial number');
    for (const tag of tags) expect((error as Error).message).toContain(tag);
    expect(await s.store.currentRev()).toBe(rev);
    expect(await Promise.all((['assets', 'inventory_documents', 'asset_inventories', 'software_installs', 'configuration_items'] as const).map((t) => count(t)))).toEqual(counts);
  });

  it('updates on re-recording (no duplicates), keeps every document, replaces the software', async () => {
    const summary = makeSummary({ serial: unique('RR'), uuid: randomUUID(), name: unique('re-'), software: software('a', 'b', 'c') });
    const first = await recordInventory(ctx, received(summary));
    const assets = await count('assets');
    const firstRev = (await asset(first.assetId)).rev;
    const second = await recordInventory(ctx, received(summary));
    expect(second).toMatchObject({ assetId: first.assetId, created: false, rule: 'serial+uuid', configurationItemId: first.configurationItemId });
    expect(second.inventoryId).not.toBe(first.inventoryId);
    expect(await count('assets')).toBe(assets);
    expect(await count('asset_inventories', first.assetId)).toBe(1);
    expect(await count('configuration_items', first.assetId)).toBe(1);
    expect(await count('inventory_documents', first.assetId)).toBe(2);
    expect(await count('software_installs', first.assetId)).toBe(3);
    expect((await asset(first.assetId)).rev).toBeGreaterThan(firstRev);

    await recordInventory(ctx, received({ ...summary, software: software('a', 'd') }));
    const names = await s.db.selectFrom('software_installs').select('name').where('asset_id', '=', first.assetId).orderBy('name').execute();
    expect(names.map((r) => r.name)).toEqual(['a', 'd']);
    expect(await count('inventory_documents', first.assetId)).toBe(3);
  });

  it('merges a partial inventory: carried sections replace, the rest is kept', async () => {
    const summary = makeSummary({
      serial: unique('PA'),
      name: unique('part-'),
      macs: ['02:aa:bb:cc:dd:ee'],
      cpus: [{ name: 'Old CPU', manufacturer: 'Intel', cores: 2, speedMhz: 2000 }],
      software: software('kept'),
    });
    const first = await recordInventory(ctx, received(summary));
    const partial = makeSummary({ serial: summary.serial, name: summary.name, cpus: [{ name: 'New CPU', manufacturer: 'AMD', cores: 16, speedMhz: 4000 }] });
    const second = await recordInventory(ctx, received(partial, { partialSections: ['cpus'] }));
    expect(second.assetId).toBe(first.assetId);
    const stored = assetInventoryFromRow(await s.db.selectFrom('asset_inventories').selectAll().where('id', '=', first.assetId).executeTakeFirstOrThrow());
    expect(stored.summary.cpus[0]?.name).toBe('New CPU');
    expect(stored.summary.software).toEqual(software('kept'));
    expect(stored.summary.macs).toEqual(['02:aa:bb:cc:dd:ee']);
    expect((await asset(first.assetId)).macs).toEqual(['02:aa:bb:cc:dd:ee']);
    expect(await count('software_installs', first.assetId)).toBe(1);
  });

  it('numbers new assets after the highest FD- tag, skipping tags typed in by hand', async () => {
    await insertAsset({ tag: 'FD-090000' });
    await insertAsset({ tag: 'FD-090002' });
    // The counter may already exist from earlier tests; a fresh store shows the rule plainly.
    const other = await h.start({ seedDemoData: false });
    const otherCtx: InventoryContext = { store: other.store, changes: other.changes, config: { now: () => Date.now() } };
    await other.store.write(async (tx) => {
      for (const tag of ['FD-000041', 'FD-000043']) {
        await tx.db
          .insertInto('assets')
          .values({ id: randomUUID(), tag, serial: null, name: tag, model: '', manufacturer: '', type: 'laptop', state: 'in_use', site_id: null, location_id: null, assigned_to_id: null, rev: await tx.nextRev() })
          .execute();
      }
    });
    const tags = [];
    for (let i = 0; i < 2; i++) {
      const r = await recordInventory(otherCtx, received(makeSummary({ serial: unique('NU'), name: unique('n-') })));
      tags.push((await other.db.selectFrom('assets').select('tag').where('id', '=', r.assetId).executeTakeFirstOrThrow()).tag);
    }
    expect(tags).toEqual(['FD-000044', 'FD-000045']);
    // Existing assets (written without the inventory columns) read as never inventoried.
    const old = assetFromRow(await other.db.selectFrom('assets').selectAll().where('tag', '=', 'FD-000041').executeTakeFirstOrThrow());
    expect(old).toMatchObject({ uuid: null, macs: [], inventoriedAt: null });
  });

  it('refuses an unusable summary with the reason, writing nothing', async () => {
    const rev = await s.store.currentRev();
    const bad = { ...makeSummary({ name: 'bad' }), memoryMb: -5 } as InventorySummary;
    await expect(recordInventory(ctx, received(bad))).rejects.toThrow(InventoryInputError);
    await expect(recordInventory(ctx, received(makeSummary({ name: 'bad' }), { scannedAt: 'yesterday' }))).rejects.toThrow(/scan time/);
    expect(await s.store.currentRev()).toBe(rev);
  });
});
