/**
 * What the consumables screens show of the stock, as plain data: the locations a viewer can
 * judge (a technician's replica holds the movements of their own site only, so another site's
 * store would read 0 and look low), the low-stock rows, and a movement's words in the ledger.
 */
import type { ItemStock, LocationStock } from '@fielddesk/common/assets/consumables';
import { MOVEMENT_KIND_LABELS } from '@fielddesk/common/assets/stock';
import type { Location } from '@fielddesk/common/domain/entities';
import type { ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';

/** The stock as one viewer can judge it: technicians see their site's locations only. */
export function stockForViewer(stock: readonly ItemStock[], viewer: { role: string; siteId: string | null }, locations: ReadonlyMap<string, Location>): ItemStock[] {
  if (viewer.role !== 'technician') return [...stock];
  return stock.map((s) => {
    const here = s.locations.filter((l) => locations.get(l.locationId)?.siteId === viewer.siteId);
    return {
      ...s,
      locations: here,
      total: here.reduce((sum, l) => sum + l.quantity, 0),
      low: here.some((l) => l.reorder !== null),
      negative: here.some((l) => l.negative),
    };
  });
}

export interface LowRow {
  stock: ItemStock;
  at: LocationStock;
}

/** Every location at or below its reorder point, or below zero: below zero first, then the furthest below its point. */
export function lowRows(stock: readonly ItemStock[]): LowRow[] {
  const rows = stock.flatMap((s) => s.locations.filter((l) => l.reorder !== null || l.negative).map((at) => ({ stock: s, at })));
  const gap = (r: LowRow) => r.at.quantity - (r.at.rule?.reorderPoint ?? 0);
  return rows.sort((a, b) => Number(b.at.negative) - Number(a.at.negative) || gap(a) - gap(b) || a.stock.item.name.localeCompare(b.stock.item.name));
}

/** How a movement changes the stock where it is read: "+5", "−1", "−3 → +3" for a transfer. */
export function quantityWords(m: ConsumableMovement): string {
  switch (m.kind) {
    case 'received':
      return `+${m.quantity}`;
    case 'issued':
      return `−${m.quantity}`;
    case 'adjusted':
      return m.direction === 'remove' ? `−${m.quantity}` : `+${m.quantity}`;
    case 'transferred':
      return `${m.quantity}`;
  }
}

export const kindWords = (m: ConsumableMovement): string => MOVEMENT_KIND_LABELS[m.kind];

/** "3 cartridges", "1 cartridge", "-1 cartridge": a unit said naturally. */
export function unitCount(n: number, unit: string): string {
  const plural = Math.abs(n) === 1 ? unit : unit.endsWith('s') || unit.endsWith('x') ? `${unit}es` : `${unit}s`;
  return `${n} ${plural}`;
}
