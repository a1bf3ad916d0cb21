import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { createContractRepository, contractTables } from './contracts';
import { createLicenceRepository, licenceTables } from './licences';
import { freshDb, makeAsset, requester, site, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-05T12:00:00.000Z');
const at = NOW.toISOString();

async function setup(role: 'technician' | 'agent' = 'agent') {
  const db = freshDb('contracts-licences');
  const vendor: Vendor = { id: uuidv7(), name: 'Litware', contactName: null, email: null, phone: null, website: null, notes: '', createdAt: at, updatedAt: at, rev: 2 };
  const licence: LicenceRecord = {
    id: uuidv7(),
    name: 'Visio',
    publisher: 'Microsoft',
    seats: 1,
    kind: 'per_device',
    vendorId: null,
    contractId: null,
    productKey: null,
    purchasedOn: null,
    expiresOn: null,
    costCents: null,
    currency: 'EUR',
    notes: '',
    createdAt: at,
    updatedAt: at,
    rev: 3,
  };
  const laptop = makeAsset({ siteId: site.id });
  await db.persons.bulkPut([tech, requester]);
  await db.assets.put(laptop);
  await contractTables(db).vendors.put(vendor);
  await licenceTables(db).licences.put(licence);
  const user = { role };
  return {
    db,
    vendor,
    licence,
    laptop,
    contracts: createContractRepository({ db, userId: tech.id, user, now: () => NOW }),
    licences: createLicenceRepository({ db, userId: tech.id, user, now: () => NOW }),
  };
}

describe('contract and licence repositories', () => {
  it('records a contract and its covered asset with their ops; refuses what the rules forbid in the server\'s words', async () => {
    const { db, vendor, laptop, contracts } = await setup();
    const made = await contracts.createContract({ name: 'Support', kind: 'support', vendorId: vendor.id, startsOn: '2026-01-01', endsOn: '2026-12-31' });
    if (!made.ok) throw new Error(made.reason);
    expect(await contractTables(db).contracts.get(made.id)).toMatchObject({ name: 'Support', renewal: 'none', rev: 0 });
    expect(await contracts.createContract({ name: 'Bad', kind: 'lease', vendorId: vendor.id, startsOn: '2026-02-01', endsOn: '2026-01-31' })).toEqual({
      ok: false,
      reason: 'A contract cannot end (2026-01-31) before it starts (2026-02-01).',
    });
    expect(await contracts.updateContract(made.id, { costCents: -5 })).toEqual({ ok: false, reason: 'The cost cannot be negative: enter zero or more.' });
    expect((await contracts.coverAsset(made.id, laptop.id)).ok).toBe(true);
    expect(await contracts.coverAsset(made.id, laptop.id)).toEqual({ ok: false, reason: `${laptop.name} (${laptop.tag}) is already covered by Support.` });
    expect(await db.outbox.count()).toBe(2);
  });

  it('refuses a technician changing contracts or licences, but lets them give a seat', async () => {
    const { vendor, licence, laptop, contracts, licences } = await setup('technician');
    expect(await contracts.createVendor({ name: 'X' })).toEqual({ ok: false, reason: 'Only desk staff and admins can add or change vendors.' });
    expect(await contracts.createContract({ name: 'S', kind: 'support', vendorId: vendor.id, startsOn: '2026-01-01', endsOn: '2026-12-31' })).toEqual({
      ok: false,
      reason: 'Only desk staff and admins can add or change contracts.',
    });
    expect(await licences.updateLicence(licence.id, { seats: 3 })).toEqual({ ok: false, reason: 'Only desk staff and admins can add or change licences.' });
    expect((await licences.assignSeat(licence.id, { kind: 'asset', id: laptop.id })).ok).toBe(true);
  });

  it('gives seats up to the licence\'s count, offline, and refuses beyond in the server\'s words; fewer seats than given is refused', async () => {
    const { db, licence, laptop, licences } = await setup();
    const seat = await licences.assignSeat(licence.id, { kind: 'person', id: requester.id });
    if (!seat.ok) throw new Error(seat.reason);
    expect(await licences.assignSeat(licence.id, { kind: 'person', id: requester.id })).toEqual({ ok: false, reason: `${requester.displayName} already has a seat of Visio.` });
    expect(await licences.assignSeat(licence.id, { kind: 'asset', id: laptop.id })).toEqual({ ok: false, reason: 'All 1 seat of Visio are assigned: unassign one or add seats to the licence first.' });
    expect(await licences.updateLicence(licence.id, { seats: 0 })).toEqual({ ok: false, reason: 'Visio has 1 seat assigned, so it cannot have fewer than 1: unassign some first.' });
    expect((await licences.unassignSeat(seat.id)).ok).toBe(true);
    expect(await licenceTables(db).seats.count()).toBe(0);
    expect((await licences.assignSeat(licence.id, { kind: 'asset', id: laptop.id })).ok).toBe(true);
  });
});
