import { describe, expect, it } from 'vitest';
import { checkMovement, legsOf, lowStock, ReorderRuleSchema, stockByLocation, StockMovementSchema, type IssuedTo, type ReorderRule, type StockMovement } from './stock';

const uuid = (n: number) => `0190a4b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const TONER = uuid(1);
const CABLE = uuid(2);
const STORE = uuid(10);
const VAN = uuid(11);
const ALICE = uuid(20);
const PRINTER = uuid(21);

let n = 100;
const at = '2026-03-10T09:00:00.000Z';
const received = (itemId: string, locationId: string, quantity: number): StockMovement => ({ id: uuid(++n), itemId, quantity, at, kind: 'received', locationId });
const issued = (itemId: string, locationId: string, quantity: number, to: IssuedTo = { kind: 'person', id: ALICE }): StockMovement => ({ id: uuid(++n), itemId, quantity, at, kind: 'issued', locationId, to });
const adjusted = (itemId: string, locationId: string, direction: 'add' | 'remove', quantity: number, reason = 'Recount'): StockMovement => ({ id: uuid(++n), itemId, quantity, at, kind: 'adjusted', locationId, direction, reason });
const transferred = (itemId: string, fromLocationId: string, toLocationId: string, quantity: number): StockMovement => ({ id: uuid(++n), itemId, quantity, at, kind: 'transferred', fromLocationId, toLocationId });

describe('checkMovement', () => {
  const cases: [string, StockMovement, string | null][] = [
    ['a receipt', received(TONER, STORE, 10), null],
    ['an issue to an asset', issued(TONER, STORE, 1, { kind: 'asset', id: PRINTER }), null],
    ['an adjustment down with a reason', adjusted(TONER, STORE, 'remove', 2, 'Two cartridges crushed'), null],
    ['a transfer', transferred(TONER, STORE, VAN, 4), null],
    ['a negative quantity', issued(TONER, STORE, -2), 'The quantity must be more than zero (got -2): the kind of movement says whether stock comes in or goes out.'],
    ['a zero quantity', received(TONER, STORE, 0), 'The quantity must be more than zero (got 0): the kind of movement says whether stock comes in or goes out.'],
    ['a fraction', received(CABLE, STORE, 1.5), 'The quantity must be a whole number (got 1.5).'],
    ['not a number', received(CABLE, STORE, Number.NaN), 'The quantity must be a whole number (got NaN).'],
    ['an unsafe integer', received(CABLE, STORE, 2 ** 53), `The quantity must be a whole number (got ${2 ** 53}).`],
    ['an adjustment without a reason', adjusted(TONER, STORE, 'add', 1, '  '), 'An adjustment needs a reason.'],
    ['a transfer to where it is', transferred(TONER, STORE, STORE, 3), 'A transfer needs two different locations.'],
  ];
  it.each(cases)('%s', (_, m, reason) => {
    expect(checkMovement(m)).toEqual(reason === null ? { ok: true } : { ok: false, reason });
    expect(StockMovementSchema.safeParse(m).success).toBe(reason === null);
  });

  it.each([
    ['an unknown kind', { ...received(TONER, STORE, 1), kind: 'lent' }],
    ['an issue to a location', { ...issued(TONER, STORE, 1), to: { kind: 'location', id: VAN } }],
    ['an issue to nobody', { ...received(TONER, STORE, 1), kind: 'issued' }],
    ['an adjustment with no direction', { ...adjusted(TONER, STORE, 'add', 1), direction: undefined }],
    ['a count field', { ...received(TONER, STORE, 1), count: 12 }],
    ['a quantity as text', { ...received(TONER, STORE, 1), quantity: '3' }],
  ])('the schema refuses %s', (_, value) => {
    expect(StockMovementSchema.safeParse(value).success).toBe(false);
  });
});

describe('legsOf', () => {
  it.each([
    ['received', received(TONER, STORE, 5), [[STORE, 5]]],
    ['issued', issued(TONER, STORE, 2), [[STORE, -2]]],
    ['adjusted up', adjusted(TONER, STORE, 'add', 3), [[STORE, 3]]],
    ['adjusted down', adjusted(TONER, STORE, 'remove', 3), [[STORE, -3]]],
    ['transferred: out of one, into the other', transferred(TONER, STORE, VAN, 4), [[STORE, -4], [VAN, 4]]],
  ] as const)('%s', (_, m, legs) => {
    expect(legsOf(m).map((l) => [l.locationId, l.delta])).toEqual(legs);
  });
});

describe('stockByLocation', () => {
  const level = (itemId: string, locationId: string, quantity: number) => ({ itemId, locationId, quantity, negative: quantity < 0 });

  it('sums the movements per item and location', () => {
    const movements = [received(TONER, STORE, 10), issued(TONER, STORE, 3), transferred(TONER, STORE, VAN, 4), issued(TONER, VAN, 1), received(CABLE, VAN, 20), adjusted(CABLE, VAN, 'remove', 2)];
    expect(stockByLocation(movements)).toEqual([level(TONER, STORE, 3), level(TONER, VAN, 3), level(CABLE, VAN, 18)].sort((a, b) => a.itemId.localeCompare(b.itemId)));
  });

  it('two technicians who each issue the last toner offline both count: -1, flagged', () => {
    const last = [received(TONER, VAN, 1)];
    const alice = issued(TONER, VAN, 1);
    const bob = issued(TONER, VAN, 1, { kind: 'asset', id: PRINTER });
    expect(stockByLocation([...last, alice, bob])).toEqual([{ itemId: TONER, locationId: VAN, quantity: -1, negative: true }]);
    // The order they sync in does not matter.
    expect(stockByLocation([bob, ...last, alice])).toEqual(stockByLocation([...last, alice, bob]));
  });

  it('an empty shelf is 0, not negative, and stays listed', () => {
    expect(stockByLocation([received(TONER, STORE, 2), issued(TONER, STORE, 2)])).toEqual([level(TONER, STORE, 0)]);
  });

  it('a recount is an adjustment that brings a negative stock back, recorded', () => {
    const movements = [received(TONER, VAN, 1), issued(TONER, VAN, 1), issued(TONER, VAN, 1), adjusted(TONER, VAN, 'add', 1, 'Found one behind the seat')];
    expect(stockByLocation(movements)).toEqual([level(TONER, VAN, 0)]);
  });

  it('nothing moved, nothing listed', () => {
    expect(stockByLocation([])).toEqual([]);
  });

  it('throws, naming the movement, on one that could not have been recorded', () => {
    const bad = issued(TONER, STORE, -1);
    expect(() => stockByLocation([received(TONER, STORE, 1), bad])).toThrow(`Stock movement ${bad.id}: The quantity must be more than zero (got -1)`);
  });
});

describe('lowStock', () => {
  const stock = stockByLocation([received(TONER, STORE, 5), received(TONER, VAN, 1), issued(TONER, VAN, 2), received(CABLE, STORE, 40)]);
  const rule = (itemId: string, locationId: string | null, reorderPoint: number, reorderQuantity: number): ReorderRule => ({ itemId, locationId, reorderPoint, reorderQuantity });
  const cases: [string, ReorderRule, { onHand: number; order: number } | null][] = [
    ['above the point: nothing to order', rule(CABLE, STORE, 10, 50), null],
    ['at the point: reorder', rule(TONER, STORE, 5, 10), { onHand: 5, order: 10 }],
    ['negative stock: enough to get back above the point', rule(TONER, VAN, 2, 2), { onHand: -1, order: 4 }],
    ['negative stock, a large reorder quantity', rule(TONER, VAN, 2, 12), { onHand: -1, order: 12 }],
    ['across every location', rule(TONER, null, 4, 6), { onHand: 4, order: 6 }],
    ['across every location, above the point', rule(CABLE, null, 39, 6), null],
    ['an item never received, at a location', rule(CABLE, VAN, 0, 5), { onHand: 0, order: 5 }],
    ['an item never received anywhere', rule(uuid(3), null, 1, 5), { onHand: 0, order: 5 }],
  ];
  it.each(cases)('%s', (_, r, expected) => {
    const [found] = lowStock([r], stock);
    expect(found ? { onHand: found.onHand, order: found.order } : null).toEqual(expected);
    expect(ReorderRuleSchema.parse(r)).toEqual(r);
  });

  it('keeps the order of the rules given, and hands each rule back', () => {
    const rules = [rule(TONER, VAN, 2, 2), rule(CABLE, STORE, 10, 50), rule(TONER, STORE, 5, 10)];
    expect(lowStock(rules, stock).map((r) => r.rule)).toEqual([rules[0], rules[2]]);
  });

  it.each([
    ['a negative reorder point', { itemId: TONER, locationId: null, reorderPoint: -1, reorderQuantity: 5 }],
    ['a zero reorder quantity', { itemId: TONER, locationId: null, reorderPoint: 1, reorderQuantity: 0 }],
    ['a fractional reorder quantity', { itemId: TONER, locationId: null, reorderPoint: 1, reorderQuantity: 2.5 }],
  ])('the rule schema refuses %s', (_, value) => {
    expect(ReorderRuleSchema.safeParse(value).success).toBe(false);
  });
});
