import { describe, expect, it } from 'vitest';
import type { ItemStock } from '@fielddesk/common/assets/consumables';
import type { Location } from '@fielddesk/common/domain/entities';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import type { ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import { lowRows, quantityWords, stockForViewer, unitCount } from './stockView';

const at = '2026-03-02T09:00:00.000Z';
const item = (name: string): Consumable => ({ id: name, name, category: '', manufacturer: '', partNumber: '', unit: 'piece', reorderRules: [], createdAt: at, updatedAt: at, rev: 1 });
const level = (locationId: string, quantity: number, point: number | null) => ({
  locationId,
  quantity,
  negative: quantity < 0,
  rule: point === null ? null : { locationId, reorderPoint: point, reorderQuantity: 5 },
  reorder: point !== null && quantity <= point ? Math.max(5, point - quantity + 1) : null,
});
const stock = (name: string, ...locations: ReturnType<typeof level>[]): ItemStock => ({
  item: item(name),
  locations,
  total: locations.reduce((s, l) => s + l.quantity, 0),
  low: locations.some((l) => l.reorder !== null),
  negative: locations.some((l) => l.negative),
});
const locations = new Map<string, Location>([
  ['hq-store', { id: 'hq-store', siteId: 'hq', name: 'Store', rev: 1 }],
  ['dc-store', { id: 'dc-store', siteId: 'dc', name: 'Store', rev: 1 }],
]);

describe('stock as the screens show it', () => {
  it("keeps a technician to their own site's locations (another site's would read 0 and look low)", () => {
    const mice = stock('Mouse', level('hq-store', 4, 2), level('dc-store', 0, 2));
    const [mine] = stockForViewer([mice], { role: 'technician', siteId: 'hq' }, locations);
    expect(mine).toMatchObject({ total: 4, low: false, negative: false });
    expect(mine?.locations.map((l) => l.locationId)).toEqual(['hq-store']);
    expect(stockForViewer([mice], { role: 'agent', siteId: 'hq' }, locations)[0]).toBe(mice);
  });

  it('lists below zero first, then the furthest below its point', () => {
    const rows = lowRows([stock('Paper', level('hq-store', 3, 20)), stock('Toner', level('hq-store', -1, 2)), stock('Cable', level('hq-store', 9, 10), level('dc-store', 50, 10))]);
    expect(rows.map((r) => `${r.stock.item.name}@${r.at.locationId}`)).toEqual(['Toner@hq-store', 'Paper@hq-store', 'Cable@hq-store']);
  });

  it('says quantities and units as people do', () => {
    const m = { kind: 'adjusted', quantity: 2, direction: 'remove' } as ConsumableMovement;
    expect(quantityWords(m)).toBe('−2');
    expect(quantityWords({ ...m, kind: 'received' })).toBe('+2');
    expect([unitCount(1, 'box'), unitCount(3, 'box'), unitCount(-1, 'cartridge'), unitCount(0, 'piece')]).toEqual(['1 box', '3 boxes', '-1 cartridge', '0 pieces']);
  });
});
