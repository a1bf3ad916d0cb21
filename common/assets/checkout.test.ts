import { describe, expect, it } from 'vitest';
import {
  awaitingAcceptance,
  checkCheckin,
  checkCheckout,
  CheckoutRequestSchema,
  CheckoutSchema,
  overdue,
  type Checkout,
  type CheckoutFacts,
  type CheckoutRequest,
  type CheckoutTarget,
} from './checkout';
import { DEFAULT_ASSET_LIFECYCLE, type AssetLifecycleConfig, type AssetStateFields } from './lifecycle';

const uuid = (n: number) => `0190a4b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const LAPTOP = uuid(1);
const MONITOR = uuid(2);
const DOCK = uuid(3);
const HUB = uuid(4);
const ALICE = uuid(10);
const GHOST = uuid(11);
const ROOM = uuid(20);

const NAMES: Record<string, string> = { [LAPTOP]: 'LT-0042', [MONITOR]: 'MON-7', [DOCK]: 'DOCK-1', [HUB]: 'HUB-2', [ALICE]: 'Alice Martin', [ROOM]: 'Room 2.14' };
const person = (id: string): CheckoutTarget => ({ kind: 'person', id });
const asset = (id: string): CheckoutTarget => ({ kind: 'asset', id });
const location = (id: string): CheckoutTarget => ({ kind: 'location', id });

/** The facts for LT-0042 in a state, with the open check-outs given as asset id -> target. */
function facts(state: AssetStateFields, open: Record<string, CheckoutTarget> = {}, config?: AssetLifecycleConfig): CheckoutFacts {
  return {
    asset: { id: LAPTOP, name: 'LT-0042', ...state },
    openCheckoutOf: (id) => (open[id] ? { target: open[id] } : null),
    nameOf: (t) => NAMES[t.id] ?? null,
    ...(config ? { config } : {}),
  };
}
const ready: AssetStateFields = { state: 'in_stock', substate: 'available' };
const ask = (target: CheckoutTarget, expectedReturnOn: string | null = null, checkedOutOn = '2026-03-05') => ({ target, checkedOutOn, expectedReturnOn });

describe('checkCheckout', () => {
  const cases: [string, ReturnType<typeof ask>, CheckoutFacts, string | null][] = [
    ['to a person', ask(person(ALICE)), facts(ready), null],
    ['to a location, back the same day', ask(location(ROOM), '2026-03-05'), facts(ready), null],
    ['to another asset', ask(asset(MONITOR), '2026-04-01'), facts(ready), null],
    ['to an asset checked out to someone else', ask(asset(MONITOR)), facts(ready, { [MONITOR]: person(ALICE) }), null],
    ['to an asset at the end of a chain that does not come back', ask(asset(MONITOR)), facts(ready, { [MONITOR]: asset(DOCK), [DOCK]: location(ROOM) }), null],

    ['to a person who does not exist', ask(person(GHOST)), facts(ready), 'The person to check out to does not exist or is not visible to you.'],
    ['to a location that does not exist', ask(location(GHOST)), facts(ready), 'The location to check out to does not exist or is not visible to you.'],
    ['to an asset that does not exist', ask(asset(GHOST)), facts(ready), 'The asset to check out to does not exist or is not visible to you.'],
    ['already checked out', ask(person(ALICE)), facts({ state: 'in_use', substate: null }, { [LAPTOP]: person(ALICE) }), 'LT-0042 is already checked out to Alice Martin: check it in first.'],
    ['already checked out to a room', ask(person(ALICE)), facts({ state: 'in_use', substate: null }, { [LAPTOP]: location(ROOM) }), 'LT-0042 is already checked out to Room 2.14: check it in first.'],
    ['already checked out to someone unseen', ask(person(ALICE)), facts({ state: 'in_use', substate: null }, { [LAPTOP]: person(GHOST) }), 'LT-0042 is already checked out to a person you cannot see: check it in first.'],
    ['in maintenance', ask(person(ALICE)), facts({ state: 'in_maintenance', substate: null }), 'LT-0042 is "In maintenance": only an asset that is "In stock: Available" can be checked out.'],
    ['retired', ask(person(ALICE)), facts({ state: 'retired', substate: 'sold' }), 'LT-0042 is "Retired: Sold": only an asset that is "In stock: Available" can be checked out.'],
    ['in stock but reserved', ask(person(ALICE)), facts({ state: 'in_stock', substate: 'reserved' }), 'LT-0042 is "In stock: Reserved": only an asset that is "In stock: Available" can be checked out.'],
    ['in stock, no substate (migrated data)', ask(person(ALICE)), facts({ state: 'in_stock', substate: null }), 'LT-0042 is "In stock": only an asset that is "In stock: Available" can be checked out.'],
    ['still on order', ask(person(ALICE)), facts({ state: 'ordered', substate: null }), 'LT-0042 is "On order": only an asset that is "In stock: Available" can be checked out.'],
    [
      'with the admin\'s labels',
      ask(person(ALICE)),
      facts({ state: 'in_stock', substate: 'reserved' }, {}, { substates: { ...DEFAULT_ASSET_LIFECYCLE.substates, in_stock: [{ key: 'available', label: 'Ready to deploy' }, { key: 'reserved', label: 'Held back' }] } }),
      'LT-0042 is "In stock: Held back": only an asset that is "In stock: Ready to deploy" can be checked out.',
    ],
    ['to itself', ask(asset(LAPTOP)), facts(ready), 'An asset cannot be checked out to itself.'],
    ['to an asset checked out to it', ask(asset(MONITOR)), facts(ready, { [MONITOR]: asset(LAPTOP) }), 'LT-0042 cannot be checked out to MON-7: MON-7 is itself checked out to LT-0042, which would make a loop.'],
    [
      'round a longer loop',
      ask(asset(MONITOR)),
      facts(ready, { [MONITOR]: asset(DOCK), [DOCK]: asset(HUB), [HUB]: asset(LAPTOP) }),
      'LT-0042 cannot be checked out to MON-7: MON-7 is itself checked out to LT-0042 through DOCK-1 and HUB-2, which would make a loop.',
    ],
    ['along a chain that already loops elsewhere (bad data)', ask(asset(MONITOR)), facts(ready, { [MONITOR]: asset(DOCK), [DOCK]: asset(MONITOR) }), null],
    ['back before it goes', ask(person(ALICE), '2026-03-04'), facts(ready), 'The expected return date 2026-03-04 is before the check-out date 2026-03-05.'],
    ['back a year before', ask(person(ALICE), '2025-12-31', '2026-01-01'), facts(ready), 'The expected return date 2025-12-31 is before the check-out date 2026-01-01.'],
  ];
  it.each(cases)('%s', (_, request, world, reason) => {
    expect(checkCheckout(request, world)).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });
});

describe('checkCheckin', () => {
  it.each([
    ['checked out', { [LAPTOP]: person(ALICE) }, null],
    ['checked out to another asset', { [LAPTOP]: asset(DOCK) }, null],
    ['not checked out', {}, 'LT-0042 is not checked out, so it cannot be checked in.'],
    ['not checked out, though something is checked out to it', { [MONITOR]: asset(LAPTOP) }, 'LT-0042 is not checked out, so it cannot be checked in.'],
  ] as const)('%s', (_, open, reason) => {
    expect(checkCheckin(facts({ state: 'in_use', substate: null }, open))).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });
});

const checkout = (id: number, expectedReturnOn: string | null, over: Partial<Checkout> = {}): Checkout => ({
  id: uuid(100 + id),
  assetId: uuid(id),
  target: person(ALICE),
  checkedOutOn: '2026-01-01',
  checkedOutAt: '2026-01-01T09:00:00.000Z',
  expectedReturnOn,
  acceptanceRequired: false,
  acceptedAt: null,
  checkedInAt: null,
  ...over,
});

describe('overdue', () => {
  const list = [
    checkout(1, '2026-03-09'),
    checkout(2, '2026-03-10'),
    checkout(3, '2026-03-11'),
    checkout(4, null),
    checkout(5, '2026-02-28'),
    checkout(6, '2026-01-10', { checkedInAt: '2026-01-09T16:00:00.000Z' }),
  ];

  it('lists the open check-outs past their expected return, most overdue first, with the days', () => {
    expect(overdue(list, '2026-03-10').map((o) => [o.checkout.assetId, o.daysOverdue])).toEqual([
      [uuid(5), 10],
      [uuid(1), 1],
    ]);
  });

  it.each([
    ['due today', '2026-03-10', '2026-03-10', 0],
    ['due tomorrow', '2026-03-11', '2026-03-10', 0],
    ['due yesterday', '2026-03-09', '2026-03-10', 1],
    ['due at the end of February, on 1 March', '2026-02-28', '2026-03-01', 1],
    ['due a year before, across a leap day', '2027-03-10', '2028-03-10', 366],
  ])('%s', (_, expected, today, days) => {
    const [found] = overdue([checkout(2, expected)], today);
    expect(found?.daysOverdue ?? 0).toBe(days);
  });

  it('never lists a check-out without an expected return, or one checked in', () => {
    expect(overdue([checkout(4, null), checkout(6, '2026-01-10', { checkedInAt: '2026-03-01T00:00:00.000Z' })], '2030-01-01')).toEqual([]);
  });
});

describe('acceptance', () => {
  it('lists the open check-outs waiting for a signature', () => {
    const list = [
      checkout(1, null, { acceptanceRequired: true }),
      checkout(2, null, { acceptanceRequired: true, acceptedAt: '2026-01-02T10:00:00.000Z' }),
      checkout(3, null, { acceptanceRequired: false }),
      checkout(4, null, { acceptanceRequired: true, checkedInAt: '2026-01-03T10:00:00.000Z' }),
    ];
    expect(awaitingAcceptance(list).map((c) => c.assetId)).toEqual([uuid(1)]);
  });
});

describe('schemas', () => {
  const request: CheckoutRequest = { assetId: LAPTOP, target: person(ALICE), checkedOutOn: '2026-03-05', expectedReturnOn: null, acceptanceRequired: true };
  it('accepts a request and a record', () => {
    expect(CheckoutRequestSchema.parse(request)).toEqual(request);
    expect(CheckoutSchema.parse(checkout(1, '2026-04-01'))).toEqual(checkout(1, '2026-04-01'));
  });

  it.each([
    ['an unknown target kind', { ...request, target: { kind: 'group', id: ALICE } }],
    ['a target that is not an id', { ...request, target: { kind: 'person', id: 'alice' } }],
    ['a date that is not one', { ...request, expectedReturnOn: '2026-02-30' }],
    ['a timestamp for a date', { ...request, checkedOutOn: '2026-03-05T10:00:00Z' }],
    ['no acceptance flag', { ...request, acceptanceRequired: undefined }],
    ['an extra field', { ...request, signature: 'x' }],
  ])('refuses %s', (_, value) => {
    expect(CheckoutRequestSchema.safeParse(value).success).toBe(false);
  });
});
