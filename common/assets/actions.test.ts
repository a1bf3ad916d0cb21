import { describe, expect, it } from 'vitest';
import { applyAssetAction, assetAfter, AssetActionSchema, checkAssetAction, checkoutAfter, eventOf, gatherActionFacts, type ActionAsset, type ActionWorld, type AssetAction, type AssetCheckout } from './actions';
import type { CheckoutTarget } from './checkout';

const ID = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const [LAPTOP, DOCK, MONITOR, ALEX, SHELF_A, SHELF_B, DC_ROOM, EVENT] = [1, 2, 3, 4, 5, 6, 7, 8].map(ID) as [string, string, string, string, string, string, string, string];
const SITE = ID(100);
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

const asset = (over: Partial<ActionAsset> = {}): ActionAsset => ({ id: LAPTOP, name: 'LT-HQ-001', siteId: SITE, state: 'in_stock', substate: 'available', locationId: SHELF_A, checkedOutTo: null, assignedToId: null, ...over });

/** A small world: three assets, a person, two shelves at the asset's site and a room at another. */
function world(holders: Record<string, CheckoutTarget | null> = {}, open: AssetCheckout | null = null): ActionWorld {
  const names: Record<string, string> = { [LAPTOP]: 'LT-HQ-001', [DOCK]: 'DCK-HQ-004', [MONITOR]: 'MON-HQ-010' };
  return {
    asset: async (id) => (names[id] ? { name: names[id]!, checkedOutTo: holders[id] ?? null } : null),
    person: async (id) => (id === ALEX ? { name: 'Alex Morgan' } : null),
    location: async (id) => ({ [SHELF_A]: { name: 'Shelf A', siteId: SITE }, [SHELF_B]: { name: 'Shelf B', siteId: SITE }, [DC_ROOM]: { name: 'DC room', siteId: ID(101) } })[id] ?? null,
    openCheckout: async () => open,
  };
}

const check = async (a: ActionAsset, action: AssetAction, w = world()) => checkAssetAction(action, await gatherActionFacts(a, action, w, ALEX));
const checkOut = (target: CheckoutTarget, assetId = LAPTOP): AssetAction => ({ action: 'check_out', assetId, target, checkedOutOn: '2026-12-07', expectedReturnOn: '2026-12-21', acceptanceRequired: true, reason: '' });

describe('asset actions: the rules', () => {
  it.each<[string, ActionAsset, AssetAction, string]>([
    ['retiring a checked-out asset', asset({ state: 'in_use', substate: null, checkedOutTo: { kind: 'person', id: ALEX } }), { action: 'state', assetId: LAPTOP, to: 'retired', substate: 'sold', reason: 'Sold' }, 'An asset that is checked out cannot be retired: check it in first.'],
    ['checking out an asset in maintenance', asset({ state: 'in_maintenance', substate: null }), checkOut({ kind: 'person', id: ALEX }), 'LT-HQ-001 is "In maintenance": only an asset that is "In stock: Available" can be checked out.'],
    ['checking out to nobody known', asset(), checkOut({ kind: 'person', id: ID(99) }), 'The person to check out to does not exist or is not visible to you.'],
    ['checking out to itself', asset(), checkOut({ kind: 'asset', id: LAPTOP }), 'An asset cannot be checked out to itself.'],
    ['checking out to a location of another site', asset(), checkOut({ kind: 'location', id: DC_ROOM }), "LT-HQ-001 belongs to another site than that location: move it to that site first."],
    ['checking in what is not checked out', asset(), { action: 'check_in', assetId: LAPTOP, checkoutId: null, substate: 'available', locationId: null, reason: '' }, 'LT-HQ-001 is not checked out, so it cannot be checked in.'],
    ['moving to where it is', asset(), { action: 'move', assetId: LAPTOP, locationId: SHELF_A, reason: '' }, 'LT-HQ-001 is already at that location.'],
    ['moving to another site', asset(), { action: 'move', assetId: LAPTOP, locationId: DC_ROOM, reason: '' }, 'That location is at another site than LT-HQ-001: an asset moves between sites through a transfer by the desk.'],
    ['signing for nothing', asset(), { action: 'accept', assetId: LAPTOP, checkoutId: EVENT, signature: PNG, signedName: 'Alex' }, 'LT-HQ-001 is no longer checked out on that check-out: there is nothing to sign for.'],
  ])('refuses %s, in words', async (_what, a, action, reason) => {
    expect(await check(a, action)).toEqual({ ok: false, reason });
  });

  it('refuses a loop of assets checked out to each other, naming the chain', async () => {
    const w = world({ [MONITOR]: { kind: 'asset', id: DOCK }, [DOCK]: { kind: 'asset', id: LAPTOP } });
    expect(await check(asset(), checkOut({ kind: 'asset', id: MONITOR }), w)).toEqual({
      ok: false,
      reason: 'LT-HQ-001 cannot be checked out to MON-HQ-010: MON-HQ-010 is itself checked out to LT-HQ-001 through DCK-HQ-004, which would make a loop.',
    });
    expect(await check(asset(), checkOut({ kind: 'asset', id: MONITOR }), world({ [MONITOR]: { kind: 'asset', id: DOCK } }))).toEqual({ ok: true });
  });

  it('accepts only a signature drawn on the pad (a PNG data URL)', () => {
    const accept = (signature: string) => AssetActionSchema.safeParse({ action: 'accept', assetId: LAPTOP, checkoutId: EVENT, signature, signedName: 'Alex' }).success;
    expect(accept(PNG)).toBe(true);
    expect(accept('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(accept('javascript:alert(1)')).toBe(false);
  });
});

describe('asset actions: what they leave', () => {
  it('a check-out puts the asset in use with its holder, opens a check-out with the event’s id, and records both states', () => {
    const before = asset();
    const done = applyAssetAction(checkOut({ kind: 'person', id: ALEX }), { asset: before, openCheckout: null, actorId: ALEX }, EVENT, '2026-12-07T10:00:00.000Z', 42);
    expect(done.asset).toEqual({ ...before, state: 'in_use', substate: null, checkedOutTo: { kind: 'person', id: ALEX }, assignedToId: ALEX });
    expect(done.checkout).toMatchObject({ id: EVENT, assetId: LAPTOP, acceptanceRequired: true, checkedOutAt: '2026-12-07T10:00:00.000Z', checkedInAt: null, rev: 42 });
    expect(done.event).toMatchObject({ id: EVENT, kind: 'check_out', fromState: 'in_stock', fromSubstate: 'available', toState: 'in_use', target: { kind: 'person', id: ALEX }, checkoutId: EVENT, rev: 42 });
  });

  it('a check-out to a location puts the asset there; a check-in closes the open check-out and shelves it', () => {
    const out = assetAfter(asset(), checkOut({ kind: 'location', id: SHELF_B }));
    expect(out).toMatchObject({ locationId: SHELF_B, assignedToId: null });
    const open = checkoutAfter(null, checkOut({ kind: 'location', id: SHELF_B }), { eventId: EVENT, at: 't1', actorId: ALEX, rev: 1 })!;
    const checkIn: AssetAction = { action: 'check_in', assetId: LAPTOP, checkoutId: EVENT, substate: 'defective', locationId: SHELF_A, reason: 'Cracked' };
    expect(assetAfter(out, checkIn)).toMatchObject({ state: 'in_stock', substate: 'defective', checkedOutTo: null, locationId: SHELF_A });
    expect(checkoutAfter(open, checkIn, { eventId: ID(9), at: 't2', actorId: ALEX, rev: 2 })).toMatchObject({ id: EVENT, checkedInAt: 't2', checkedInById: ALEX, rev: 2 });
  });

  it('an event made on a device that does not hold the asset says what the action says', () => {
    expect(eventOf({ action: 'state', assetId: LAPTOP, to: 'retired', substate: 'sold', reason: 'Sold to staff' }, null, null, { eventId: EVENT, at: 't', actorId: ALEX, rev: 0 }, null)).toMatchObject({
      fromState: null, toState: 'retired', toSubstate: 'sold', reason: 'Sold to staff', checkoutId: null,
    });
    expect(eventOf({ action: 'accept', assetId: LAPTOP, checkoutId: EVENT, signature: PNG, signedName: 'A' }, null, null, { eventId: ID(9), at: 't', actorId: ALEX, rev: 0 }, null)).toMatchObject({ toState: null, checkoutId: EVENT });
  });
});
