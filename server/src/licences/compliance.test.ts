/**
 * GET /api/licences/compliance on SQLite and PostgreSQL: a licence's seats against the installs
 * inventories recorded, per title; desk staff count every device, a technician their site's
 * (and only the seats given there or to people); a query it does not know is 400.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { LICENCE_COMPLIANCE_PATH, type LicenceComplianceResponse } from '@fielddesk/common/api/licences';
import { LicenceCreateDataSchema, type LicenceRecord } from '@fielddesk/common/entities/licence';
import type { FieldDeskServer } from '../app';
import { bearer } from '../../test/http';
import { pushWorld, type PushWorld } from '../../test/push';
import { describeStores } from '../../test/stores';

type User = 'tech1' | 'desk1';

describeStores('GET /api/licences/compliance', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<User>;
  let seq = 0;
  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1'], { sharedClient: true });
  });

  async function compliance(user: User, query = ''): Promise<LicenceComplianceResponse> {
    const res = await s.app.inject({ method: 'GET', url: `${LICENCE_COMPLIANCE_PATH}${query}`, headers: bearer(world.tokens[user]) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<LicenceComplianceResponse>();
  }

  it('counts a title\'s installs against its seats: everything for desk staff, their site for a technician', async () => {
    const tech1 = await s.db.selectFrom('persons').select('site_id').where('username', '=', 'tech1').executeTakeFirstOrThrow();
    const [a, b] = (await s.db.selectFrom('assets').select('id').where('site_id', '=', tech1.site_id!).orderBy('tag').limit(2).execute()).map((r) => r.id);
    const [c, d] = (await s.db.selectFrom('assets').select('id').where('site_id', '=', world.ids.dc).orderBy('tag').limit(2).execute()).map((r) => r.id);
    // Three devices have it (two spellings and a second version on one), at two sites.
    await s.db
      .insertInto('software_installs')
      .values([
        { asset_id: a!, name: 'Compliance Test Studio', version: '1.0', publisher: 'Testware Inc.' },
        { asset_id: a!, name: 'Compliance Test Studio', version: '2.0', publisher: 'Testware Inc.' },
        { asset_id: b!, name: 'COMPLIANCE TEST STUDIO®', version: '2.0', publisher: 'Testware' },
        { asset_id: c!, name: 'Compliance Test Studio', version: '2.0', publisher: 'Testware Inc.' },
      ])
      .execute();
    const licence = await world.applied<LicenceRecord>('desk1', {
      ...base(randomUUID()),
      entity: 'licence',
      kind: 'create',
      data: LicenceCreateDataSchema.parse({ name: 'Compliance Test Studio', publisher: 'Testware Inc.', seats: 3, kind: 'per_device' }),
    });
    for (const target of [a!, d!]) await world.applied('desk1', { ...base(randomUUID()), entity: 'licence_seat', kind: 'create', data: { licenceId: licence.id, target: { kind: 'asset', id: target } } });

    const desk = await compliance('desk1');
    const all = desk.titles.find((t) => t.licenceIds.includes(licence.id));
    expect(all).toMatchObject({ kind: 'per_device', seatsOwned: 3, seatsAssigned: 2, installs: 3, licensedInstalls: 1, unlicensedInstalls: 2, used: 3, overUsed: 0, unusedSeats: 0, assignedNotInstalled: 1 });
    expect(desk.seatsLeftOut).toBe(0);

    const tech = await compliance('tech1');
    const site = tech.titles.find((t) => t.licenceIds.includes(licence.id));
    expect(site).toMatchObject({ seatsOwned: 3, seatsAssigned: 1, installs: 2, licensedInstalls: 1, unlicensedInstalls: 1, used: 2, unusedSeats: 1, assignedNotInstalled: 0 });
    expect(tech.seatsLeftOut).toBeGreaterThanOrEqual(1);
    expect(tech.inventoriedAssets).toBeLessThan(desk.inventoriedAssets + 1);
    // q keeps the titles whose name or publisher contain it.
    expect((await compliance('desk1', '?q=testware')).titles.map((t) => t.name)).toEqual(['Compliance Test Studio']);
  });

  it('refuses a query it does not know, and a caller who is not signed in', async () => {
    const res = await s.app.inject({ method: 'GET', url: `${LICENCE_COMPLIANCE_PATH}?limit=5`, headers: bearer(world.tokens.tech1) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('The query is malformed') });
    expect((await s.app.inject({ method: 'GET', url: LICENCE_COMPLIANCE_PATH })).statusCode).toBe(401);
  });
});
