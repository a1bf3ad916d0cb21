import { describe, expect, it } from 'vitest';
import type { Consumable } from '../entities/consumable';
import { checkMovementFor, checkRuleChange, consumableStock, type MovementFacts } from './consumables';
import type { StockMovement } from './stock';

const uuid = (n: number) => `0190a4b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const HQ = uuid(1);
const DC = uuid(2);
const STORE = uuid(10);
const CAGE = uuid(11);
const TONER = uuid(20);
const ALICE = uuid(30);
const at = '2026-03-10T09:00:00.000Z';

const toner: Consumable = {
  id: TONER,
  name: 'HP 59A',
  category: 'Toner',
  manufacturer: 'HP',
  partNumber: 'CF259A',
  unit: 'cartridge',
  reorderRules: [{ locationId: STORE, reorderPoint: 1, reorderQuantity: 5 }],
  createdAt: at,
  updatedAt: at,
  rev: 1,
};
const locations: Record<string, { name: string; siteId: string }> = { [STORE]: { name: 'HQ store room', siteId: HQ }, [CAGE]: { name: 'DC cage 4', siteId: DC } };
const facts: MovementFacts = {
  consumable: (id) => (id === TONER ? toner : null),
  location: (id) => locations[id] ?? null,
  person: (id) => (id === ALICE ? { displayName: 'Alice' } : null),
  asset: () => null,
};
const tech = { role: 'technician' as const, siteId: HQ };
let n = 100;
const issue = (locationId: string, quantity = 1): StockMovement => ({ id: uuid(++n), itemId: TONER, quantity, at, kind: 'issued', locationId, to: { kind: 'person', id: ALICE } });

describe('checkMovementFor', () => {
  it('lets a technician issue at their site, whatever the stock, and refuses another site in words', async () => {
    expect(await checkMovementFor(issue(STORE, 40), tech, facts)).toEqual({ ok: true });
    expect(await checkMovementFor(issue(CAGE), tech, facts)).toEqual({ ok: false, reason: "DC cage 4 is at another site: technicians record stock movements only at their own site's locations." });
    expect(await checkMovementFor(issue(CAGE), { role: 'agent', siteId: HQ }, facts)).toEqual({ ok: true });
    expect(await checkMovementFor(issue(STORE), { role: 'technician', siteId: null }, facts)).toMatchObject({ ok: false, reason: expect.stringMatching(/^You have no site/) });
  });

  it('sends stock from the own site to another one, never takes it from there', async () => {
    const send = (from: string, to: string): StockMovement => ({ id: uuid(++n), itemId: TONER, quantity: 2, at, kind: 'transferred', fromLocationId: from, toLocationId: to });
    expect(await checkMovementFor(send(STORE, CAGE), tech, facts)).toEqual({ ok: true });
    expect(await checkMovementFor(send(CAGE, STORE), tech, facts)).toMatchObject({ ok: false, reason: expect.stringMatching(/^DC cage 4 is at another site/) });
  });
});

describe('checkRuleChange', () => {
  it("looks only at the rules that change, and refuses a technician's change at another site", async () => {
    const cage = { locationId: CAGE, reorderPoint: 2, reorderQuantity: 4 };
    const location = (id: string) => locations[id] ?? null;
    expect(await checkRuleChange(tech, [cage], [cage, { locationId: STORE, reorderPoint: 1, reorderQuantity: 3 }], location)).toEqual({ ok: true });
    expect(await checkRuleChange(tech, [cage], [], location)).toMatchObject({ ok: false });
    expect(await checkRuleChange(tech, [], [{ locationId: uuid(99), reorderPoint: 1, reorderQuantity: 1 }], location)).toEqual({
      ok: false,
      reason: 'A reorder rule names a location that does not exist.',
    });
  });
});

describe('consumableStock', () => {
  it('sums the movements per location, flags below zero, and says what to reorder', () => {
    const received: StockMovement = { id: uuid(1000), itemId: TONER, quantity: 1, at, kind: 'received', locationId: STORE };
    const [stock] = consumableStock([toner], [received, issue(STORE), issue(STORE)]);
    expect(stock).toEqual({
      item: toner,
      locations: [{ locationId: STORE, quantity: -1, negative: true, rule: toner.reorderRules[0], reorder: 5 }],
      total: -1,
      low: true,
      negative: true,
    });
    // An item that never moved shows its rule's location at zero, due for reorder.
    expect(consumableStock([toner], [])[0]?.locations).toEqual([{ locationId: STORE, quantity: 0, negative: false, rule: toner.reorderRules[0], reorder: 5 }]);
  });
});
