/**
 * Licences and their seats through push and pull, on SQLite and PostgreSQL: desk staff record
 * licences, technicians give seats to their site's assets and to people; a seat beyond the
 * licence's count is refused in the app's words (also when two are given in one push, as two
 * technicians offline would), a licence may not drop below its seats given, a seat is taken
 * back with a tombstone.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { LicenceCreateDataSchema, type LicenceRecord } from '@fielddesk/common/entities/licence';
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import type { Op } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { push } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type User = 'tech1' | 'tech2' | 'desk1';

describeStores('sync: licence and licence_seat', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<User, 'tech5'>;
  let seq = 0;
  let hq: { id: string; name: string; tag: string }[];
  let dc: { id: string; name: string; tag: string };

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech2', 'desk1'], { sharedClient: true, people: ['tech5'] });
    const tech1 = await s.db.selectFrom('persons').select('site_id').where('username', '=', 'tech1').executeTakeFirstOrThrow();
    hq = await s.db.selectFrom('assets').select(['id', 'name', 'tag']).where('site_id', '=', tech1.site_id!).orderBy('tag').limit(4).execute();
    dc = await s.db.selectFrom('assets').select(['id', 'name', 'tag']).where('site_id', '=', world.ids.dc).orderBy('tag').limit(1).executeTakeFirstOrThrow();
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const newLicence = (seats: number, name = 'Visio Professional 2021', id: string = randomUUID()): Op => ({
    ...base(id),
    entity: 'licence',
    kind: 'create',
    data: LicenceCreateDataSchema.parse({ name, publisher: 'Microsoft Corporation', seats, kind: 'per_device', productKey: '<b>KEY-1234</b>' }),
  });
  const seat = (licenceId: string, kind: 'asset' | 'person', targetId: string, id: string = randomUUID()): Op => ({ ...base(id), entity: 'licence_seat', kind: 'create', data: { licenceId, target: { kind, id: targetId } } });
  const unseat = (id: string): Op => ({ ...base(id), entity: 'licence_seat', kind: 'delete' });

  it('desk staff record a licence; its product key is kept as text', async () => {
    const licence = await world.applied<LicenceRecord>('desk1', newLicence(5));
    expect(licence).toMatchObject({ seats: 5, kind: 'per_device', productKey: '<b>KEY-1234</b>', vendorId: null, contractId: null, currency: 'EUR' });
    expect(await world.refused('tech1', newLicence(5))).toBe('Only desk staff and admins can add or change licences.');
    expect(await world.refused('desk1', newLicence(-1))).toBe('The number of seats must be a whole number, zero or more.');
  });

  it('gives seats to the technician\'s assets and to people, up to the count, and refuses beyond in words', async () => {
    const licence = await world.applied<LicenceRecord>('desk1', newLicence(2, 'Acrobat Pro'));
    const first = await world.applied<LicenceSeat>('tech1', seat(licence.id, 'asset', hq[0]!.id));
    expect(first).toMatchObject({ licenceId: licence.id, targetKind: 'asset', targetId: hq[0]!.id, assignedById: world.ids.tech1 });
    expect(await world.refused('tech1', seat(licence.id, 'asset', hq[0]!.id))).toBe(`${hq[0]!.name} (${hq[0]!.tag}) already has a seat of Acrobat Pro.`);
    expect(await world.refused('tech1', seat(licence.id, 'asset', dc.id))).toBe('The asset does not exist or is not visible to you.');
    // Two technicians each give the last seat offline: they arrive in one push here, in order.
    const { body } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [seat(licence.id, 'person', world.ids.tech5), seat(licence.id, 'asset', hq[1]!.id)]);
    expect(body!.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(body!.results[1]).toMatchObject({ reason: 'All 2 seats of Acrobat Pro are assigned: unassign one or add seats to the licence first.' });
    expect(await s.db.selectFrom('licence_seats').select('id').where('licence_id', '=', licence.id).execute()).toHaveLength(2);
  });

  it('refuses fewer seats than given; a seat taken back leaves a tombstone and frees the seat', async () => {
    const licence = await world.applied<LicenceRecord>('desk1', newLicence(1, 'Project Standard'));
    const given = await world.applied<LicenceSeat>('tech1', seat(licence.id, 'asset', hq[2]!.id));
    expect(await world.refused('desk1', { ...base(licence.id), entity: 'licence', kind: 'patch', baseRev: licence.rev, fields: { seats: 0 } })).toBe(
      'Project Standard has 1 seat assigned, so it cannot have fewer than 1: unassign some first.',
    );
    // tech2 (DC) cannot take back a seat on an HQ asset.
    expect(await world.refused('tech2', unseat(given.id))).toBe('This seat is on an asset of another site: only its site, desk staff or an admin can take it back.');
    const gone = await world.applied<LicenceSeat>('tech1', unseat(given.id));
    expect(gone.rev).toBeGreaterThan(given.rev);
    expect(await s.db.selectFrom('tombstones').select('rev').where('id', '=', given.id).executeTakeFirst()).toBeDefined();
    expect(await world.one('tech1', unseat(given.id))).toMatchObject({ status: 'duplicate' });
    await world.applied<LicenceSeat>('tech1', seat(licence.id, 'asset', hq[3]!.id));
    const lowered = await world.applied<LicenceRecord>('desk1', { ...base(licence.id), entity: 'licence', kind: 'patch', baseRev: licence.rev, fields: { seats: 3, notes: 'Renewed' } });
    expect(lowered).toMatchObject({ seats: 3, notes: 'Renewed' });
  });
});
