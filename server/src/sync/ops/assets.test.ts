/**
 * Assets, asset models and asset actions through push, on SQLite and PostgreSQL: assets made
 * one at a time or ten from a tag pattern (the server gives the tags, once each), details
 * merged per field, and each action checked by the rules the app runs offline, in the same
 * words, with the asset, its check-out and its history event written together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssetAction, AssetCheckout, AssetEvent } from '@fielddesk/common/assets/actions';
import type { CheckoutTarget } from '@fielddesk/common/assets/checkout';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import type { Op } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { assetFromRow } from '../../db/records';
import { API } from '@fielddesk/common/api/http';
import { bearer, push } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type Users = 'tech1' | 'tech2' | 'desk1' | 'admin';

/** A 1×1 PNG, as a signature pad's data URL. */
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describeStores('sync: assets', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<Users>;
  let hqLocations: [string, string];
  let dcLocation: string;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech2', 'desk1', 'admin']);
    const at = async (siteId: string, n: number) => (await s.db.selectFrom('locations').select('id').where('site_id', '=', siteId).orderBy('id').limit(n).execute()).map((r) => r.id);
    hqLocations = (await at(world.ids.hq, 2)) as [string, string];
    [dcLocation] = (await at(world.ids.dc, 1)) as [string];
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  type CreateData = Extract<Op, { entity: 'asset'; kind: 'create' }>['data'];
  const create = (data: Partial<CreateData> = {}, id = randomUUID()): Op => ({
    ...base(id),
    entity: 'asset',
    kind: 'create',
    data: {
      tag: null, tagPattern: null, name: 'Latitude 5440', kind: 'hardware', modelId: null, type: 'laptop', serial: null, siteId: world.ids.hq, locationId: hqLocations[0],
      state: 'in_stock', substate: 'available', vendorId: null, purchasedOn: '2026-11-02', costCents: 129_900, warrantyEndsOn: '2029-11-01', notes: '', ...data,
    },
  });
  const act = (action: AssetAction, id = randomUUID()): Op => ({ ...base(id), entity: 'asset_event', kind: 'create', data: action });
  const asset = async (id: string) => assetFromRow(await s.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const events = async (assetId: string) => (await s.db.selectFrom('asset_events').select(['kind', 'from_state', 'to_state', 'reason']).where('asset_id', '=', assetId).orderBy('rev').execute()).map((e) => [e.kind, e.from_state, e.to_state, e.reason]);
  const checkOut = (assetId: string, target: CheckoutTarget, extra: { acceptanceRequired?: boolean; expectedReturnOn?: string | null } = {}): AssetAction => ({
    action: 'check_out', assetId, target, checkedOutOn: '2026-12-07', expectedReturnOn: extra.expectedReturnOn ?? null, acceptanceRequired: extra.acceptanceRequired ?? false, reason: '',
  });
  const newStock = async (user: Users = 'tech1', data: Partial<CreateData> = {}) => world.applied<Asset>(user, create(data));

  describe('creating', () => {
    it('numbers ten laptops from a tag pattern in one push, once each, and a second push continues the pattern', async () => {
      const ops = Array.from({ length: 10 }, () => create({ tagPattern: 'LAP-{####}' }));
      const { body } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, ops);
      const answers = body!.results;
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill('applied'));
      const tags = answers.map((r) => (r as { record: Asset }).record.tag);
      expect(tags).toEqual(Array.from({ length: 10 }, (_, i) => `LAP-${String(i + 1).padStart(4, '0')}`));
      const next = await newStock('tech1', { tagPattern: 'LAP-{####}' });
      expect(next.tag).toBe('LAP-0011');
      // A tag typed by hand in the pattern's range is skipped.
      await newStock('tech1', { tag: 'LAP-0012' });
      expect((await newStock('tech1', { tagPattern: 'LAP-{####}' })).tag).toBe('LAP-0013');
      expect(await events(next.id)).toEqual([['created', null, 'in_stock', '']]);
    });

    it('refuses a tag already used, a substate the state does not have, and another site for a technician (requesters cannot sign in at all)', async () => {
      const first = await newStock('tech1', { tag: 'OFF-0001', kind: 'non_it', name: 'Standing desk', type: 'desk' });
      expect(first).toMatchObject({ tag: 'OFF-0001', kind: 'non_it', state: 'in_stock', substate: 'available', costCents: 129_900 });
      expect(await world.refused('tech1', create({ tag: 'OFF-0001' }))).toBe('The asset tag OFF-0001 is already used by another asset.');
      expect(await world.refused('tech1', create({ substate: 'sold' }))).toBe('"Sold" is not a substate of "In stock": choose Available, Reserved, Defective or Pending disposal.');
      expect(await world.refused('tech1', create({ siteId: world.ids.dc, locationId: dcLocation }))).toBe('Technicians add assets at their own site only.');
      expect(await world.refused('tech1', create({ modelId: randomUUID() }))).toBe('The asset model does not exist.');
      // A negative cost is malformed input: the whole push is answered 400, naming the field.
      const negative = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [create({ costCents: -1 })]);
      expect(negative.res.statusCode).toBe(400);
      expect(negative.res.json().message).toBe('The push is malformed: ops[0].data.costCents: cannot be negative');
    });

    it('takes the server’s FD- numbering with no tag and no pattern, and links a model', async () => {
      const model = await world.applied<AssetModel>('desk1', {
        ...base(randomUUID()), entity: 'asset_model', kind: 'create',
        data: { name: 'Latitude 5440', manufacturer: 'Dell', category: 'Laptops', kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: { RAM: '16 GB' } },
      });
      const a = await newStock('tech1', { modelId: model.id });
      expect(a.tag).toMatch(/^FD-\d{6}$/);
      expect(a.modelId).toBe(model.id);
    });
  });

  describe('editing', () => {
    it('merges details per field and records what changed in the history; the state is not a patch field', async () => {
      const a = await newStock();
      const patch = (fields: Record<string, unknown>, baseRev: number): Op => ({ ...base(a.id), entity: 'asset', kind: 'patch', baseRev, fields } as Op);
      await world.applied('tech1', patch({ serial: 'ABC123', notes: 'Spare for the front desk' }, a.rev));
      const clash = await world.one('desk1', patch({ serial: 'XYZ' }, a.rev));
      expect(clash).toMatchObject({ status: 'conflict', fields: ['serial'] });
      expect((await asset(a.id)).serial).toBe('ABC123');
      expect((await events(a.id)).at(-1)).toEqual(['edited', 'in_stock', 'in_stock', 'Changed serial, notes.']);
      const statePatch = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [patch({ state: 'retired' }, a.rev)]);
      expect(statePatch.res.statusCode).toBe(400);
      expect(statePatch.res.json().message).toMatch(/Unrecognized key: "state"/);
      expect(await world.refused('tech2', patch({ name: 'x' }, a.rev))).toBe('Asset not found or not visible to you.');
    });
  });

  describe('actions', () => {
    it('checks out to a person who signs, checks in as defective: asset, check-out and history agree', async () => {
      const a = await newStock();
      const out = await world.applied<AssetEvent>('tech1', act(checkOut(a.id, { kind: 'person', id: world.ids.tech2 }, { acceptanceRequired: true, expectedReturnOn: '2026-12-20' })));
      expect(await asset(a.id)).toMatchObject({ state: 'in_use', substate: null, checkedOutTo: { kind: 'person', id: world.ids.tech2 }, assignedToId: world.ids.tech2 });
      const checkout = await s.db.selectFrom('asset_checkouts').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow();
      expect(checkout).toMatchObject({ asset_id: a.id, acceptance_required: 1, expected_return_on: '2026-12-20', checked_in_at: null, accepted_at: null });

      await world.applied('tech1', act({ action: 'accept', assetId: a.id, checkoutId: out.id, signature: SIGNATURE, signedName: 'Sam Rivera' }));
      const signed = await s.db.selectFrom('asset_checkouts').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow();
      expect(signed).toMatchObject({ signature: SIGNATURE, signed_name: 'Sam Rivera' });
      expect(signed.accepted_at).not.toBeNull();
      expect(await world.refused('tech1', act({ action: 'accept', assetId: a.id, checkoutId: out.id, signature: SIGNATURE, signedName: 'Sam Rivera' }))).toMatch(/was already accepted on \d{4}-\d{2}-\d{2}\.$/);

      await world.applied('tech1', act({ action: 'check_in', assetId: a.id, checkoutId: out.id, substate: 'defective', locationId: hqLocations[1], reason: 'Cracked hinge' }));
      expect(await asset(a.id)).toMatchObject({ state: 'in_stock', substate: 'defective', checkedOutTo: null, assignedToId: null, locationId: hqLocations[1] });
      expect((await s.db.selectFrom('asset_checkouts').select('checked_in_at').where('id', '=', out.id).executeTakeFirstOrThrow()).checked_in_at).not.toBeNull();
      expect(await events(a.id)).toEqual([
        ['created', null, 'in_stock', ''],
        ['check_out', 'in_stock', 'in_use', ''],
        ['accept', 'in_use', 'in_use', ''],
        ['check_in', 'in_use', 'in_stock', 'Cracked hinge'],
      ]);
      // Defective is not available: it cannot be checked out again.
      expect(await world.refused('tech1', act(checkOut(a.id, { kind: 'person', id: world.ids.tech1 })))).toBe('Latitude 5440 is "In stock: Defective": only an asset that is "In stock: Available" can be checked out.');
    });

    it('refuses what the issue names, in the app’s words, and writes nothing', async () => {
      const a = await newStock();
      await world.applied('tech1', act(checkOut(a.id, { kind: 'location', id: hqLocations[1] })));
      expect((await asset(a.id)).locationId).toBe(hqLocations[1]);
      const before = await events(a.id);
      // Retiring an asset that is checked out.
      expect(await world.refused('tech1', act({ action: 'state', assetId: a.id, to: 'retired', substate: 'sold', reason: 'Sold to staff' }))).toBe('An asset that is checked out cannot be retired: check it in first.');
      // Checked out twice (two technicians offline).
      expect(await world.refused('tech1', act(checkOut(a.id, { kind: 'person', id: world.ids.tech1 })))).toMatch(/^Latitude 5440 is already checked out to .+: check it in first\.$/);
      expect(await events(a.id)).toEqual(before);

      // Checking out an asset in maintenance.
      const b = await newStock();
      await world.applied('tech1', act({ action: 'state', assetId: b.id, to: 'in_maintenance', substate: null, reason: 'Battery swap' }));
      expect(await world.refused('tech1', act(checkOut(b.id, { kind: 'person', id: world.ids.tech1 })))).toBe('Latitude 5440 is "In maintenance": only an asset that is "In stock: Available" can be checked out.');
      // Retiring needs a reason; disposing needs retiring first.
      expect(await world.refused('tech1', act({ action: 'state', assetId: b.id, to: 'retired', substate: null, reason: ' ' }))).toBe('Retiring an asset needs a reason.');
      expect(await world.refused('tech1', act({ action: 'state', assetId: b.id, to: 'disposed', substate: null, reason: 'Shredded' }))).toBe('Only a retired asset can be disposed of, and this one is "In maintenance": retire it first.');
      // A technician acting on another site's asset, or moving one to another site's location.
      expect(await world.refused('tech2', act({ action: 'state', assetId: b.id, to: 'missing', substate: 'lost', reason: 'Not found' }))).toBe('Asset not found or not visible to you.');
      expect(await world.refused('tech1', act({ action: 'move', assetId: b.id, locationId: dcLocation, reason: '' }))).toBe('That location does not exist or is not visible to you.');
      // A loop of assets: a dock checked out to a monitor that is checked out to the dock.
      const monitor = await newStock('tech1', { name: 'Monitor' });
      const dock = await newStock('tech1', { name: 'Dock' });
      await world.applied('tech1', act(checkOut(monitor.id, { kind: 'asset', id: dock.id })));
      expect(await world.refused('tech1', act(checkOut(dock.id, { kind: 'asset', id: monitor.id })))).toBe('Dock cannot be checked out to Monitor: Monitor is itself checked out to Dock, which would make a loop.');
      // A check-in of an asset that is not checked out.
      expect(await world.refused('tech1', act({ action: 'check_in', assetId: dock.id, checkoutId: null, substate: 'available', locationId: null, reason: '' }))).toBe('Dock is not checked out, so it cannot be checked in.');
    });

    it('moves, reports missing and finds again, retires and disposes, each in the history', async () => {
      const a = await newStock();
      await world.applied('tech1', act({ action: 'move', assetId: a.id, locationId: hqLocations[1], reason: 'Shelf B' }));
      await world.applied('tech1', act({ action: 'state', assetId: a.id, to: 'missing', substate: 'stolen', reason: 'Car break-in' }));
      await world.applied('tech1', act({ action: 'state', assetId: a.id, to: 'in_stock', substate: 'available', reason: 'Recovered by police' }));
      await world.applied('desk1', act({ action: 'state', assetId: a.id, to: 'retired', substate: 'donated', reason: 'Donated to school' }));
      await world.applied('desk1', act({ action: 'state', assetId: a.id, to: 'disposed', substate: null, reason: 'Certificate 2026-113' }));
      expect(await asset(a.id)).toMatchObject({ state: 'disposed', locationId: hqLocations[1] });
      expect((await events(a.id)).map((e) => e[0] + ':' + e[2])).toEqual(['created:in_stock', 'move:in_stock', 'state:missing', 'state:in_stock', 'state:retired', 'state:disposed']);
      expect(await world.refused('desk1', act({ action: 'state', assetId: a.id, to: 'in_stock', substate: 'available', reason: 'x' }))).toBe('A disposed asset cannot change state (asked for "In stock").');
    });

    it('takes the substates an admin configured: a new one is accepted, one removed is refused, "available" cannot go', async () => {
      const get = await s.app.inject({ method: 'GET', url: API.itsmConfig, headers: bearer(world.tokens.admin) });
      const config = get.json<Record<string, unknown>>();
      const lifecycle = {
        substates: {
          ordered: [], in_use: [], in_maintenance: [], disposed: [], retired: [{ key: 'sold', label: 'Sold' }], missing: [{ key: 'lost', label: 'Lost' }],
          in_stock: [{ key: 'available', label: 'Ready to deploy' }, { key: 'quarantine', label: 'Quarantine' }],
        },
      };
      const put = (body: unknown) => s.app.inject({ method: 'PUT', url: API.adminItsmConfig, headers: { ...bearer(world.tokens.admin), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      const refused = await put({ ...config, assetLifecycle: { substates: { ...lifecycle.substates, in_stock: [{ key: 'quarantine', label: 'Quarantine' }] } } });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('must keep the substate \\"available\\"');
      expect((await put({ ...config, assetLifecycle: lifecycle })).statusCode).toBe(200);
      try {
        const a = await newStock();
        await world.applied('tech1', act({ action: 'state', assetId: a.id, to: 'in_stock', substate: 'quarantine', reason: 'Virus found' }));
        expect(await world.refused('tech1', act({ action: 'state', assetId: a.id, to: 'in_stock', substate: 'defective', reason: '' }))).toBe('"defective" is not a substate of "In stock": choose Ready to deploy or Quarantine.');
        expect(await world.refused('tech1', act(checkOut(a.id, { kind: 'person', id: world.ids.tech1 })))).toBe('Latitude 5440 is "In stock: Quarantine": only an asset that is "In stock: Ready to deploy" can be checked out.');
      } finally {
        expect((await put(config)).statusCode).toBe(200);
      }
    });

    it('pulls the asset, its check-out and its history to whoever sees the asset only', async () => {
      const a = await newStock();
      const out = await world.applied<AssetEvent>('tech1', act(checkOut(a.id, { kind: 'person', id: world.ids.tech1 })));
      const pulled = async (user: Users) => {
        const changes: { entity: string; id: string; data?: unknown }[] = [];
        for (let cursor = '0', i = 0; i < 100; i++) {
          const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=5000`, headers: bearer(world.tokens[user]) });
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json<{ changes: { entity: string; id: string; data?: unknown }[]; cursor: string; hasMore: boolean }>();
          changes.push(...page.changes);
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
        return changes;
      };
      const has = (changes: { entity: string; id: string }[], entity: string, id: string) => changes.some((c) => c.entity === entity && c.id === id);
      const tech1 = await pulled('tech1');
      expect(has(tech1, 'asset_event', out.id) && has(tech1, 'asset_checkout', out.id) && has(tech1, 'asset', a.id)).toBe(true);
      const tech2 = await pulled('tech2');
      expect(has(tech2, 'asset_event', out.id) || has(tech2, 'asset_checkout', out.id)).toBe(false);
      const checkout = (await s.db.selectFrom('asset_checkouts').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
      expect(checkout.asset_id).toBe(a.id);
      expect(((await pulled('desk1')) as unknown as { entity: string; id: string; data: AssetCheckout }[]).find((c) => c.entity === 'asset_checkout' && c.id === out.id)?.data).toMatchObject({ target: { kind: 'person', id: world.ids.tech1 } });
    });
  });
});
