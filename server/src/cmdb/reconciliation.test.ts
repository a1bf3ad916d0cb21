/**
 * The CMDB reconciliation lists over HTTP on SQLite and PostgreSQL: each caller's lists cover
 * only what they may see, and a bad query says what is wrong.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { CMDB_RECONCILIATION_PATH, type ReconciliationResponse } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop } from '../../test/http';
import { describeStores } from '../../test/stores';

describeStores('CMDB reconciliation', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  let hq: string;
  let dc: string;

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'admin']) tokens[user] = (await loginDesktop(s.app, user)).token;
    hq = (await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    dc = (await s.db.selectFrom('sites').select('id').where('code', '=', 'DC').executeTakeFirstOrThrow()).id;
    // Two assets with one serial at HQ, one more at DC with the same serial; an HQ asset never inventoried with a CI.
    await s.store.write(async (tx) => {
      const asset = async (tag: string, siteId: string, serial: string | null, inventoriedAt: string | null) => {
        const id = randomUUID();
        await tx.db
          .insertInto('assets')
          .values({ id, tag, serial, name: tag.toLowerCase(), model: null, manufacturer: null, type: 'laptop', state: 'in_use', site_id: siteId, location_id: null, assigned_to_id: null, uuid: null, macs: '[]', inventoried_at: inventoriedAt, rev: await tx.nextRev() })
          .execute();
        return id;
      };
      await asset('RC-1', hq, 'DUP-SERIAL-1', new Date().toISOString());
      await asset('RC-2', hq, 'dup-serial-1', null);
      await asset('RC-3', dc, 'DUP-SERIAL-1', null);
      const stale = await asset('RC-4', hq, 'RC4-SERIAL', null);
      await tx.db.insertInto('configuration_items').values({ id: randomUUID(), name: 'rc-4', ci_type: 'workstation', status: 'active', asset_id: stale, site_id: hq, description: '', rev: await tx.nextRev() }).execute();
    });
  });

  const get = (user: string | null, query = '') => s.app.inject({ method: 'GET', url: `${CMDB_RECONCILIATION_PATH}${query}`, headers: user ? bearer(tokens[user]!) : {} });

  it('lists stale CIs, assets without a CI and likely duplicates among what the caller may see', async () => {
    const tech = (await get('tech1', '?days=30')).json<ReconciliationResponse>();
    expect(tech.days).toBe(30);
    expect(tech.staleCis.find((c) => c.assetTag === 'RC-4')).toMatchObject({ ciName: 'rc-4', days: null });
    expect(tech.assetsWithoutCi.map((a) => a.assetTag)).toEqual(expect.arrayContaining(['RC-1', 'RC-2']));
    expect(tech.assetsWithoutCi.map((a) => a.assetTag)).not.toContain('RC-3');
    const techGroup = tech.duplicates.find((g) => g.assets.some((a) => a.assetTag === 'RC-1'));
    expect(techGroup?.assets.map((a) => a.assetTag)).toEqual(['RC-1', 'RC-2']);
    expect(techGroup?.shared).toEqual([{ reason: 'serial', value: 'DUP-SERIAL-1' }]);
    const admin = (await get('admin')).json<ReconciliationResponse>();
    expect(admin.duplicates.find((g) => g.assets.some((a) => a.assetTag === 'RC-1'))?.assets.map((a) => a.assetTag)).toEqual(['RC-1', 'RC-2', 'RC-3']);
  });

  it('refuses a bad number of days and a caller who is not signed in', async () => {
    for (const q of ['?days=0', '?days=x', '?days=99999', '?colour=red']) {
      const res = await get('admin', q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().message).toMatch(/^The query is malformed: /);
    }
    expect((await get(null)).statusCode).toBe(401);
  });
});
