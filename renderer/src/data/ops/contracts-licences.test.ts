import { describe, expect, it } from 'vitest';
import type { Contract } from '@fielddesk/common/entities/contract';
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { applyOpTo } from '../apply';

const at = '2026-03-02T09:00:00.000Z';
const ctx = { userId: 'desk-1' };

describe('vendor, contract, contract_asset, licence and licence_seat ops on the replica', () => {
  it('a contract shows at once with its defaults; a patch changes only its fields', () => {
    const create = { opId: 'op-1', entity: 'contract', kind: 'create', id: 'c-1', clientTime: at, data: { name: 'Support', reference: null, kind: 'support', vendorId: 'v-1', startsOn: '2026-01-01', endsOn: '2026-12-31', renewal: 'none', noticeDays: 0, costCents: 0, currency: 'EUR', notes: '' } } as const satisfies OpInput;
    const made = applyOpTo('contract', 'c-1', undefined, create, ctx) as Contract;
    expect(made).toMatchObject({ name: 'Support', renewal: 'none', createdById: 'desk-1', createdAt: at, updatedAt: at, rev: 0 });
    const patch = { opId: 'op-2', entity: 'contract', kind: 'patch', id: 'c-1', baseRev: 0, clientTime: '2026-03-03T09:00:00.000Z', fields: { endsOn: '2027-01-31' } } as const satisfies OpInput;
    expect(applyOpTo('contract', 'c-1', made, patch, ctx)).toEqual({ ...made, endsOn: '2027-01-31', updatedAt: patch.clientTime });
    expect(applyOpTo('contract', 'c-1', undefined, patch, ctx)).toBeUndefined();
  });

  it('a licence, a seat given and taken back, a covered asset added and removed, a vendor', () => {
    const licence = applyOpTo('licence', 'l-1', undefined, { opId: 'o', entity: 'licence', kind: 'create', id: 'l-1', clientTime: at, data: { name: 'Visio', publisher: null, seats: 2, kind: 'per_user', vendorId: null, contractId: null, productKey: null, purchasedOn: null, expiresOn: null, costCents: null, currency: 'EUR', notes: '' } }, ctx) as LicenceRecord;
    expect(licence).toMatchObject({ name: 'Visio', publisher: null, seats: 2, kind: 'per_user', productKey: null, costCents: null });
    const seat = applyOpTo('licence_seat', 's-1', undefined, { opId: 'o2', entity: 'licence_seat', kind: 'create', id: 's-1', clientTime: at, data: { licenceId: 'l-1', target: { kind: 'person', id: 'p-1' } } }, ctx) as LicenceSeat;
    expect(seat).toEqual({ id: 's-1', licenceId: 'l-1', targetKind: 'person', targetId: 'p-1', assignedById: 'desk-1', createdAt: at, rev: 0 });
    expect(applyOpTo('licence_seat', 's-1', seat, { opId: 'o3', entity: 'licence_seat', kind: 'delete', id: 's-1', clientTime: at }, ctx)).toBeUndefined();
    const link = applyOpTo('contract_asset', 'ca-1', undefined, { opId: 'o4', entity: 'contract_asset', kind: 'create', id: 'ca-1', clientTime: at, data: { contractId: 'c-1', assetId: 'a-1' } }, ctx);
    expect(link).toMatchObject({ contractId: 'c-1', assetId: 'a-1', addedById: 'desk-1' });
    expect(applyOpTo('vendor', 'v-1', undefined, { opId: 'o5', entity: 'vendor', kind: 'create', id: 'v-1', clientTime: at, data: { name: 'Litware', contactName: null, email: null, phone: null, website: null, notes: '' } }, ctx)).toMatchObject({ name: 'Litware', rev: 0 });
  });
});
