/**
 * The software compliance endpoints on SQLite and PostgreSQL: titles with installs counted
 * per distinct asset and per version, sorted and paged, searched; scoped to the assets the
 * user may see; one asset's software and received inventories; 400/401/403/404 as due.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { API, assetInventoriesPath, assetSoftwarePath, type AssetInventoriesResponse, type AssetSoftwareResponse, type SoftwareListResponse } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop } from '../../test/http';
import { makeSummary, received } from '../../test/inventory';
import { describeStores } from '../../test/stores';
import { recordInventory, type InventoryContext } from './record';

describeStores('software compliance endpoints', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  const assets: Record<string, string> = {};

  const sw = (name: string, version: string | null, publisher: string | null = 'Mozilla') => ({ name, version, publisher });

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'tech2', 'desk1']) tokens[user] = (await loginDesktop(s.app, user)).token;
    // These tests count the installs of their own four machines: the demo's inventories go first.
    for (const table of ['software_installs', 'inventory_documents', 'asset_inventories'] as const) await s.db.deleteFrom(table).execute();
    const site = async (code: string) => (await s.db.selectFrom('sites').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    // A clock that moves 1 s per recording, so "newest first" has one answer.
    let clock = Date.now();
    const ctx: InventoryContext = { store: s.store, changes: s.changes, config: { now: () => (clock += 1000) } };
    const machines: [string, string, ReturnType<typeof sw>[]][] = [
      ['hq1', 'HQ', [sw('Firefox', '120.0'), sw('7-Zip', '23.01', 'Igor Pavlov'), sw('100% Tool', '1', null)]],
      ['hq2', 'HQ', [sw('Firefox', '121.0'), sw('Firefox', '120.0')]],
      ['dc1', 'DC', [sw('Firefox', '121.0'), sw('Thunderbird', '115.5')]],
      ['dc2', 'DC', [sw('Thunderbird', '115.5'), sw('Firefox', '121.0', 'Other Vendor')]],
    ];
    for (const [name, code, software] of machines) {
      const summary = makeSummary({ name: `${name}-${randomUUID().slice(0, 6)}`, serial: `SW${randomUUID().slice(0, 10).toUpperCase()}`, software });
      const r = await recordInventory(ctx, received(summary), { assetHint: { siteId: await site(code) } });
      assets[name] = r.assetId;
    }
    // hq1 inventoried twice: its software is replaced, not added to; both documents are kept.
    const hq1 = await s.db.selectFrom('assets').select(['name', 'serial']).where('id', '=', assets.hq1 as string).executeTakeFirstOrThrow();
    await recordInventory(
      ctx,
      received(makeSummary({ name: hq1.name, serial: hq1.serial, software: [sw('Firefox', '121.0'), sw('7-Zip', '23.01', 'Igor Pavlov'), sw('100% Tool', '1', null)] }), {
        scannedAt: '2026-11-21T08:00:00.000Z',
        document: '{"second":true}',
      }),
    );
  });

  const get = (user: string | null, url: string) => s.app.inject({ method: 'GET', url, headers: user ? bearer(tokens[user] as string) : {} });
  const list = async (user: string, query = '') => {
    const res = await get(user, `${API.software}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SoftwareListResponse>();
  };

  it('lists titles by installs (distinct assets) then name, with installs per version, for desk agents', async () => {
    const body = await list('desk1');
    expect(body.inventoriedAssets).toBe(4);
    expect(body.total).toBe(5);
    expect(body.software).toEqual([
      // hq2 has two versions of Firefox: one install of the title, one per version.
      { name: 'Firefox', publisher: 'Mozilla', installs: 3, versions: [{ version: '121.0', installs: 3 }, { version: '120.0', installs: 1 }] },
      { name: 'Thunderbird', publisher: 'Mozilla', installs: 2, versions: [{ version: '115.5', installs: 2 }] },
      { name: '100% Tool', publisher: null, installs: 1, versions: [{ version: '1', installs: 1 }] },
      { name: '7-Zip', publisher: 'Igor Pavlov', installs: 1, versions: [{ version: '23.01', installs: 1 }] },
      { name: 'Firefox', publisher: 'Other Vendor', installs: 1, versions: [{ version: '121.0', installs: 1 }] },
    ]);
  });

  it('counts only the assets of the technician site', async () => {
    const body = await list('tech2');
    expect(body.inventoriedAssets).toBe(2);
    expect(body.software.map((t) => [t.name, t.publisher, t.installs])).toEqual([
      ['Thunderbird', 'Mozilla', 2],
      ['Firefox', 'Mozilla', 1],
      ['Firefox', 'Other Vendor', 1],
    ]);
  });

  it('searches name and publisher regardless of case (wildcards taken literally), and pages', async () => {
    expect((await list('desk1', '?q=IGOR')).software.map((t) => t.name)).toEqual(['7-Zip']);
    expect((await list('desk1', '?q=100%25')).software.map((t) => t.name)).toEqual(['100% Tool']);
    expect((await list('desk1', '?q=_')).software).toEqual([]);
    const page = await list('desk1', '?limit=2&offset=1');
    expect(page.total).toBe(5);
    expect(page.software.map((t) => t.name)).toEqual(['Thunderbird', '100% Tool']);
  });

  it('refuses a malformed query and an anonymous caller', async () => {
    expect((await get('desk1', `${API.software}?limit=0`)).statusCode).toBe(400);
    expect((await get('desk1', `${API.software}?sort=name`)).statusCode).toBe(400);
    expect((await get(null, API.software)).statusCode).toBe(401);
  });

  it("answers one asset's software and inventories, 403 for another site's, 404 for none", async () => {
    const res = await get('tech1', assetSoftwarePath(assets.hq1 as string));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AssetSoftwareResponse>()).toEqual({
      assetId: assets.hq1,
      software: [sw('100% Tool', '1', null), sw('7-Zip', '23.01', 'Igor Pavlov'), sw('Firefox', '121.0')],
    });
    const inv = await get('tech1', assetInventoriesPath(assets.hq1 as string));
    expect(inv.statusCode, inv.body).toBe(200);
    const { inventories } = inv.json<AssetInventoriesResponse>();
    expect(inventories).toHaveLength(2);
    expect(inventories[0]).toMatchObject({ source: 'glpi_agent', bytes: '{"second":true}'.length });
    expect(inventories[0]!.receivedAt >= inventories[1]!.receivedAt).toBe(true);

    expect((await get('tech1', assetSoftwarePath(assets.dc1 as string))).statusCode).toBe(403);
    expect((await get('tech1', assetInventoriesPath(assets.dc1 as string))).statusCode).toBe(403);
    expect((await get('desk1', assetSoftwarePath(assets.dc1 as string))).statusCode).toBe(200);
    const missing = await get('desk1', assetSoftwarePath(randomUUID()));
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toMatch(/no asset/);
  });
});
