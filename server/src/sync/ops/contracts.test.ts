/**
 * Vendors and contracts through push and pull, on SQLite and PostgreSQL: desk staff create and
 * edit them, technicians read them (pulled by everyone) and are refused changes; the contract
 * rule's refusals (end before start, negative notice or cost) in the app's words; edits merge
 * per field, a clash kept as a conflict.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { ContractCreateDataSchema, type Contract } from '@fielddesk/common/entities/contract';
import { VendorCreateDataSchema, type Vendor } from '@fielddesk/common/entities/vendor';
import type { Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { bearer } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type User = 'tech1' | 'desk1' | 'admin';

describeStores('sync: vendor and contract', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<User>;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1', 'admin'], { sharedClient: true });
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const newVendor = (name = 'Northwind Support', id: string = randomUUID()): Op => ({ ...base(id), entity: 'vendor', kind: 'create', data: VendorCreateDataSchema.parse({ name, email: 'support@northwind.example', website: 'https://northwind.example' }) });
  const newContract = (vendorId: string, extra: Partial<Extract<Op, { entity: 'contract'; kind: 'create' }>['data']> = {}, id: string = randomUUID()): Op => ({
    ...base(id),
    entity: 'contract',
    kind: 'create',
    data: { ...ContractCreateDataSchema.parse({ name: 'Server support 2026', kind: 'support', vendorId, startsOn: '2026-01-01', endsOn: '2026-12-31', renewal: 'tacit', noticeDays: 90, costCents: 480_000 }), ...extra },
  });
  const patchContract = (id: string, baseRev: number, fields: Extract<Op, { entity: 'contract'; kind: 'patch' }>['fields']): Op => ({ ...base(id), entity: 'contract', kind: 'patch', baseRev, fields });

  async function pullAll(user: User): Promise<PullResponse['changes']> {
    const changes: PullResponse['changes'] = [];
    let cursor = '0';
    for (let i = 0; i < 100; i++) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=5000`, headers: bearer(world.tokens[user]) });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return changes;
    }
    throw new Error('pull never finished');
  }

  it('desk staff record a vendor and a contract as the server stores them; everyone pulls both', async () => {
    const vendor = await world.applied<Vendor>('desk1', newVendor());
    expect(vendor).toMatchObject({ name: 'Northwind Support', contactName: null, email: 'support@northwind.example', notes: '' });
    const contract = await world.applied<Contract>('desk1', newContract(vendor.id));
    expect(contract).toMatchObject({ vendorId: vendor.id, startsOn: '2026-01-01', endsOn: '2026-12-31', noticeDays: 90, costCents: 480_000, createdById: world.ids.desk1 });
    const row = await s.db.selectFrom('contracts').selectAll().where('id', '=', contract.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ends_on: '2026-12-31', renewal: 'tacit', vendor_id: vendor.id });
    const pulled = await pullAll('tech1');
    expect(pulled.find((c) => c.entity === 'contract' && c.id === contract.id)).toMatchObject({ op: 'put', data: contract });
    expect(pulled.find((c) => c.entity === 'vendor' && c.id === vendor.id)).toMatchObject({ op: 'put', data: vendor });
  });

  it('refuses a technician, a missing vendor and what the contract rule forbids, in words, writing nothing', async () => {
    const vendor = await world.applied<Vendor>('admin', newVendor('Contoso Leasing'));
    expect(await world.refused('tech1', newVendor('Mine'))).toBe('Only desk staff and admins can add or change vendors.');
    expect(await world.refused('tech1', newContract(vendor.id))).toBe('Only desk staff and admins can add or change contracts.');
    expect(await world.refused('desk1', newContract(randomUUID()))).toBe('The vendor of this contract does not exist.');
    expect(await world.refused('desk1', newContract(vendor.id, { startsOn: '2026-06-01', endsOn: '2026-05-31' }))).toBe('A contract cannot end (2026-05-31) before it starts (2026-06-01).');
    expect(await world.refused('desk1', newContract(vendor.id, { noticeDays: -30 }))).toBe('The notice period must be a whole number of days, from 0 to 3660.');
    expect(await world.refused('desk1', newContract(vendor.id, { costCents: -1 }))).toBe('The cost cannot be negative: enter zero or more.');
    const names = await s.db.selectFrom('contracts').select('name').where('vendor_id', '=', vendor.id).execute();
    expect(names).toEqual([]);
  });

  it('merges edits per field: one side changes the end, the other the cost; a clash keeps the server value as a conflict', async () => {
    const vendor = await world.applied<Vendor>('desk1', newVendor('Fabrikam'));
    const contract = await world.applied<Contract>('desk1', newContract(vendor.id));
    const later = await world.applied<Contract>('admin', patchContract(contract.id, contract.rev, { endsOn: '2027-03-31' }));
    // desk1 edited the cost from the older version: no clash.
    const merged = await world.applied<Contract>('desk1', patchContract(contract.id, contract.rev, { costCents: 500_000 }));
    expect(merged).toMatchObject({ endsOn: '2027-03-31', costCents: 500_000 });
    expect(merged.rev).toBeGreaterThan(later.rev);
    // The shared client is desk1's and admin's: admin's own earlier change of endsOn is no clash for it either.
    // A start after the end, when merged, is refused by the rule.
    expect(await world.refused('desk1', patchContract(contract.id, merged.rev, { startsOn: '2027-04-01' }))).toBe('A contract cannot end (2027-03-31) before it starts (2027-04-01).');
    expect(await world.refused('tech1', patchContract(contract.id, merged.rev, { notes: 'x' }))).toBe('Only desk staff and admins can add or change contracts.');
  });
});

