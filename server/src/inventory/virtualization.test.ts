/**
 * Hosts and their guests on SQLite and PostgreSQL: a hypervisor's inventory that lists a guest
 * FieldDesk knows (by UUID, in either byte order) relates the guest's CI to the host's ("is
 * virtualized by"), at a rev every replica pulls; a guest the host stops reporting loses the
 * relation the server made, with a tombstone; a person's relation and an inventory without a
 * guest section are left alone.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { SummaryVirtualMachine } from '@fielddesk/common/inventory/summary';
import type { FieldDeskServer } from '../app';
import { makeSummary, received } from '../../test/inventory';
import { describeStores } from '../../test/stores';
import { mergePartialSummary, recordInventory, type InventoryContext } from './record';

describeStores('inventory: hosts and their guests', (h) => {
  let s: FieldDeskServer;
  let ctx: InventoryContext;

  beforeAll(async () => {
    s = await h.start({ seedDemoData: false });
    ctx = { store: s.store, changes: s.changes, config: { now: () => Date.now() } };
  });

  const vm = (name: string, uuid: string | null): SummaryVirtualMachine => ({ name, uuid, vmtype: 'vmware', status: 'running' });
  /** Records a machine's inventory; answers its CI id. */
  async function machine(name: string, uuid: string, virtualMachines?: SummaryVirtualMachine[]): Promise<string> {
    const summary = makeSummary({ name, uuid, serial: `SN-${name}`, ...(virtualMachines && { virtualMachines }) });
    const { configurationItemId } = await recordInventory(ctx, received(summary));
    if (!configurationItemId) throw new Error(`${name} got no configuration item`);
    return configurationItemId;
  }
  const relationsTo = (ci: string) => s.db.selectFrom('ci_relations').selectAll().where('to_id', '=', ci).orderBy('from_id').execute();

  it('relates the guests a host reports, whichever byte order it prints their UUIDs in', async () => {
    const web = await machine('web01', '564d9a5b-1c2d-3e4f-8a9b-0c1d2e3f4a5b');
    const db = await machine('db01', '11111111-2222-3333-4444-555555555555');
    const before = await s.store.currentRev();
    // The host prints web01's first three groups swapped, db01's as the guest reports it; a container matches nothing.
    const host = await machine('esx01', 'aaaaaaaa-0000-0000-0000-000000000001', [vm('web01', '5B9A4D56-2D1C-4F3E-8A9B-0C1D2E3F4A5B'), vm('db01', '11111111-2222-3333-4444-555555555555'), vm('redis', '5506c9cf948e')]);
    const rows = await relationsTo(host);
    expect(rows.map((r) => [r.from_id, r.type, r.author_id]).sort()).toEqual([[db, 'virtualized_by', null], [web, 'virtualized_by', null]].sort());
    expect(rows.every((r) => Number(r.rev) > before)).toBe(true);
    // Reported again: nothing new.
    await machine('esx01', 'aaaaaaaa-0000-0000-0000-000000000001', [vm('web01', '564d9a5b-1c2d-3e4f-8a9b-0c1d2e3f4a5b'), vm('db01', '11111111-2222-3333-4444-555555555555')]);
    expect((await relationsTo(host)).map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('drops the relation it made when the guest is no longer reported, keeps a person\'s, and ignores an inventory without guests', async () => {
    const app = await machine('app02', '22222222-3333-4444-5555-666666666666');
    const old = await machine('old02', '33333333-4444-5555-6666-777777777777');
    const host = await machine('esx02', 'aaaaaaaa-0000-0000-0000-000000000002', [vm('app02', '22222222-3333-4444-5555-666666666666')]);
    // A person recorded old02 on this host by hand.
    const mine = randomUUID();
    await s.store.write(async (tx) => {
      const person = randomUUID();
      await tx.db.insertInto('persons').values({ id: person, username: `tech-${person}`, display_name: 'Tech', email: 'tech@example.com', role: 'technician', site_id: null, rev: await tx.nextRev() }).execute();
      await tx.db.insertInto('ci_relations').values({ id: mine, from_id: old, to_id: host, type: 'virtualized_by', author_id: person, created_at: new Date().toISOString(), rev: await tx.nextRev() }).execute();
    });
    const made = (await relationsTo(host)).find((r) => r.from_id === app)!;
    // This app's own scan of the host has no guest section: nothing changes.
    await machine('esx02', 'aaaaaaaa-0000-0000-0000-000000000002');
    expect((await relationsTo(host)).map((r) => r.id)).toContain(made.id);
    // The host stops reporting app02 (and never reported old02): the server's relation goes, with a tombstone; the person's stays.
    await machine('esx02', 'aaaaaaaa-0000-0000-0000-000000000002', []);
    const after = await relationsTo(host);
    expect(after.map((r) => r.id)).not.toContain(made.id);
    expect(await s.db.selectFrom('tombstones').select('entity').where('id', '=', made.id).executeTakeFirst()).toEqual({ entity: 'ci_relation' });
    expect(after.map((r) => r.id)).toEqual([mine]);
  });

  it('a partial inventory without the guest section keeps the recorded guests', () => {
    const before = makeSummary({ virtualMachines: [vm('a', 'x')] });
    expect(mergePartialSummary(before, makeSummary({}), ['cpus']).virtualMachines).toEqual([vm('a', 'x')]);
    expect(mergePartialSummary(before, makeSummary({ virtualMachines: [] }), ['virtualMachines']).virtualMachines).toEqual([]);
  });
});
