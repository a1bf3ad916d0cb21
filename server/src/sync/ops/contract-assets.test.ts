/**
 * The assets a contract covers, through push and pull on SQLite and PostgreSQL: a technician
 * adds their site's assets (not another site's), the same asset twice is refused in words,
 * two people adding different assets both arrive, a removal leaves a tombstone; a technician
 * pulls the links of the assets they see only.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { ContractCreateDataSchema, type Contract } from '@fielddesk/common/entities/contract';
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import { VendorCreateDataSchema, type Vendor } from '@fielddesk/common/entities/vendor';
import type { Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { bearer } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type User = 'tech1' | 'desk1';

describeStores('sync: contract_asset', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<User>;
  let seq = 0;
  let hq: { id: string; name: string; tag: string }[];
  let dc: string;
  let contract: Contract;

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const cover = (assetId: string, id: string = randomUUID()): Op => ({ ...base(id), entity: 'contract_asset', kind: 'create', data: { contractId: contract.id, assetId } });
  const uncover = (id: string): Op => ({ ...base(id), entity: 'contract_asset', kind: 'delete' });

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1'], { sharedClient: true });
    const tech1 = await s.db.selectFrom('persons').select('site_id').where('username', '=', 'tech1').executeTakeFirstOrThrow();
    hq = await s.db.selectFrom('assets').select(['id', 'name', 'tag']).where('site_id', '=', tech1.site_id!).orderBy('tag').limit(3).execute();
    dc = (await s.db.selectFrom('assets').select('id').where('site_id', '=', world.ids.dc).orderBy('tag').limit(1).executeTakeFirstOrThrow()).id;
    const vendor = await world.applied<Vendor>('desk1', { ...base(randomUUID()), entity: 'vendor', kind: 'create', data: VendorCreateDataSchema.parse({ name: 'Litware' }) });
    contract = await world.applied<Contract>('desk1', {
      ...base(randomUUID()),
      entity: 'contract',
      kind: 'create',
      data: ContractCreateDataSchema.parse({ name: 'Laptop warranty', kind: 'warranty', vendorId: vendor.id, startsOn: '2025-01-01', endsOn: '2027-12-31' }),
    });
  });

  async function pulledLinks(user: User): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor = '0';
    for (;;) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=5000`, headers: bearer(world.tokens[user]) });
      const page = res.json<PullResponse>();
      for (const c of page.changes) {
        if (c.entity !== 'contract_asset') continue;
        if (c.op === 'put') ids.add(c.id);
        else ids.delete(c.id);
      }
      cursor = page.cursor;
      if (!page.hasMore) return ids;
    }
  }

  it('adds the technician\'s assets; both of two people\'s additions arrive; the same asset twice is refused', async () => {
    const a = await world.applied<ContractAsset>('tech1', cover(hq[0]!.id));
    expect(a).toMatchObject({ contractId: contract.id, assetId: hq[0]!.id, addedById: world.ids.tech1 });
    const b = await world.applied<ContractAsset>('desk1', cover(hq[1]!.id));
    expect(await world.refused('desk1', cover(hq[0]!.id))).toBe(`${hq[0]!.name} (${hq[0]!.tag}) is already covered by Laptop warranty.`);
    expect(await world.refused('tech1', cover(dc))).toBe('The asset does not exist or is not visible to you.');
    const rows = await s.db.selectFrom('contract_assets').select('asset_id').where('contract_id', '=', contract.id).orderBy('asset_id').execute();
    expect(rows.map((r) => r.asset_id).sort()).toEqual([a.assetId, b.assetId].sort());
  });

  it('a technician pulls only the links of their site\'s assets; a removal reaches them as a delete', async () => {
    const other = await world.applied<ContractAsset>('desk1', cover(dc));
    const mine = await world.applied<ContractAsset>('tech1', cover(hq[2]!.id));
    let seen = await pulledLinks('tech1');
    expect(seen.has(mine.id)).toBe(true);
    expect(seen.has(other.id)).toBe(false);
    expect((await pulledLinks('desk1')).has(other.id)).toBe(true);
    await world.applied('tech1', uncover(mine.id));
    seen = await pulledLinks('tech1');
    expect(seen.has(mine.id)).toBe(false);
    expect(await world.refused('tech1', cover(hq[2]!.id, mine.id))).toBe('This asset was removed from the contract; add it again to restore it.');
  });
});
