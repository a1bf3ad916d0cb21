/**
 * The demo's consumables: a small catalog (toner for the demo's printers, paper, cables, mice,
 * keyboards, batteries, labels) with reorder rules at each site's store, and the stock
 * movements of the last two months (receipts, issues to people and printers, a few recounts and
 * transfers between sites), so the Consumables screens have a believable ledger and a low-stock
 * list: about a third of the (item, store) pairs end at or below their reorder point. HQ's
 * store holds exactly one HP 59A cartridge (the e2e "last toner" scenario starts from it).
 * Deterministic: its own seeded generator, so the rest of the demo is the same without it.
 */
import type { Asset, Location, Person, Site } from '@fielddesk/common/domain/entities';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import type { ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import type { WriteTx } from '../db/database';
import { createRng } from './prng';

export const DEMO_CONSUMABLES_SEED = 20261208;
const DAY = 86_400_000;

interface ItemSeed {
  name: string;
  category: string;
  manufacturer: string;
  partNumber: string;
  unit: string;
  reorderPoint: number;
  reorderQuantity: number;
  /** Issued to printers (toner) rather than to people. */
  toPrinters?: boolean;
}

const ITEMS: ItemSeed[] = [
  { name: 'HP 59A black toner', category: 'Toner', manufacturer: 'HP', partNumber: 'CF259A', unit: 'cartridge', reorderPoint: 2, reorderQuantity: 6, toPrinters: true },
  { name: 'Brother TN-3480 black toner', category: 'Toner', manufacturer: 'Brother', partNumber: 'TN-3480', unit: 'cartridge', reorderPoint: 2, reorderQuantity: 4, toPrinters: true },
  { name: 'A4 copier paper 80 g/m²', category: 'Paper', manufacturer: 'Navigator', partNumber: 'NAV-A4-80', unit: 'ream', reorderPoint: 20, reorderQuantity: 60 },
  { name: 'Cat6 patch cable 2 m', category: 'Cables', manufacturer: 'Startech', partNumber: 'N6PATCH2MBL', unit: 'piece', reorderPoint: 10, reorderQuantity: 40 },
  { name: 'USB-C to USB-C cable 1 m', category: 'Cables', manufacturer: 'Anker', partNumber: 'A8832', unit: 'piece', reorderPoint: 5, reorderQuantity: 20 },
  { name: 'HDMI cable 2 m', category: 'Cables', manufacturer: 'Belkin', partNumber: 'F3Y021bt2M', unit: 'piece', reorderPoint: 4, reorderQuantity: 12 },
  { name: 'Logitech M90 mouse', category: 'Peripherals', manufacturer: 'Logitech', partNumber: '910-001794', unit: 'piece', reorderPoint: 3, reorderQuantity: 10 },
  { name: 'Logitech K120 keyboard', category: 'Peripherals', manufacturer: 'Logitech', partNumber: '920-002479', unit: 'piece', reorderPoint: 3, reorderQuantity: 10 },
  { name: 'AA batteries, pack of 4', category: 'Batteries', manufacturer: 'Duracell', partNumber: 'MN1500B4', unit: 'pack', reorderPoint: 6, reorderQuantity: 24 },
  { name: 'Brother DK-11201 address labels', category: 'Labels', manufacturer: 'Brother', partNumber: 'DK-11201', unit: 'roll', reorderPoint: 1, reorderQuantity: 5 },
];

export interface DemoConsumables {
  items: Consumable[];
  movements: ConsumableMovement[];
}

interface Input {
  sites: readonly Site[];
  locations: readonly Location[];
  persons: readonly Person[];
  assets: readonly Asset[];
}

/** The catalog and its movements (rev 0: the seed numbers them), movements oldest first. */
export function buildDemoConsumables(nowMs: number, data: Input): DemoConsumables {
  const rng = createRng(DEMO_CONSUMABLES_SEED);
  const at = (daysAgo: number) => new Date(nowMs - daysAgo * DAY - rng.int(0, 8 * 60) * 60_000).toISOString();
  const stores = data.sites.map((site) => {
    const here = data.locations.filter((l) => l.siteId === site.id);
    return { site, store: here[0]!, closet: here[here.length - 1]! };
  });
  const created = new Date(nowMs - 90 * DAY).toISOString();
  const items: Consumable[] = ITEMS.map((s) => ({
    id: rng.uuid(),
    name: s.name,
    category: s.category,
    manufacturer: s.manufacturer,
    partNumber: s.partNumber,
    unit: s.unit,
    reorderRules: stores.map(({ store }) => ({ locationId: store.id, reorderPoint: s.reorderPoint, reorderQuantity: s.reorderQuantity })),
    createdAt: created,
    updatedAt: created,
    rev: 0,
  }));

  const movements: ConsumableMovement[] = [];
  const base = (item: Consumable, author: Person, daysAgo: number) => ({
    id: rng.uuid(),
    itemId: item.id,
    authorId: author.id,
    at: at(daysAgo),
    toLocationId: null,
    toSiteId: null,
    issuedTo: null,
    direction: null,
    reason: null,
    rev: 0,
  });
  for (const [i, seed] of ITEMS.entries()) {
    const item = items[i]!;
    for (const { site, store } of stores) {
      const techs = data.persons.filter((p) => p.role === 'technician' && p.siteId === site.id);
      const people = data.persons.filter((p) => p.siteId === site.id && p.role !== 'admin');
      const printers = data.assets.filter((a) => a.siteId === site.id && a.type === 'printer');
      if (techs.length === 0 || people.length === 0) continue;
      // Where this pair ends: the e2e's last HP 59A at HQ; else about a third at or below the point.
      const last = i === 0 && site.code === 'HQ' ? 1 : rng.chance(0.35) ? rng.int(0, seed.reorderPoint) : rng.int(seed.reorderPoint + 1, seed.reorderPoint + seed.reorderQuantity);
      const issues: number[] = [];
      for (let n = rng.int(2, 7); n > 0; n--) issues.push(rng.int(1, Math.max(1, Math.ceil(seed.reorderPoint / 2))));
      const out = issues.reduce((a, b) => a + b, 0);
      const damaged = rng.chance(0.2) ? 1 : 0;
      movements.push({ ...base(item, rng.pick(techs), rng.int(50, 60)), kind: 'received', quantity: last + out + damaged, locationId: store.id, siteId: site.id });
      let day = 48;
      for (const quantity of issues) {
        day -= rng.int(1, 7);
        const toPrinter = seed.toPrinters && printers.length > 0;
        const to = toPrinter ? { kind: 'asset' as const, id: rng.pick(printers).id } : { kind: 'person' as const, id: rng.pick(people).id };
        movements.push({ ...base(item, rng.pick(techs), Math.max(0, day)), kind: 'issued', quantity, locationId: store.id, siteId: site.id, issuedTo: to });
      }
      if (damaged) {
        movements.push({
          ...base(item, rng.pick(techs), rng.int(0, 3)),
          kind: 'adjusted',
          quantity: 1,
          locationId: store.id,
          siteId: site.id,
          direction: 'remove',
          reason: 'Recount: one found damaged in its box',
        });
      }
    }
  }
  // Cables go from HQ's store to the other sites' network closets now and then (received there, so
  // each leg shows in both sites' ledgers).
  const hq = stores.find((s) => s.site.code === 'HQ');
  for (const other of stores.filter((s) => s !== hq)) {
    if (!hq) break;
    const cable = items[ITEMS.findIndex((s) => s.partNumber === 'N6PATCH2MBL')]!;
    const author = data.persons.find((p) => p.role === 'technician' && p.siteId === hq.site.id)!;
    movements.push({ ...base(cable, author, rng.int(10, 20)), kind: 'received', quantity: 12, locationId: hq.store.id, siteId: hq.site.id });
    movements.push({ ...base(cable, author, rng.int(4, 9)), kind: 'transferred', quantity: 6, locationId: hq.store.id, siteId: hq.site.id, toLocationId: other.closet.id, toSiteId: other.site.id });
  }
  movements.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return { items, movements };
}

/** Writes the demo consumables in the seed's transaction, each at its own rev (items first). */
export async function writeDemoConsumables(tx: WriteTx, nowMs: number, data: Input): Promise<{ consumables: number; consumableMovements: number }> {
  const { items, movements } = buildDemoConsumables(nowMs, data);
  const rows = [];
  for (const item of items) {
    const rev = await tx.nextRev();
    const fieldRevs = Object.fromEntries(Object.keys(item).filter((k) => k !== 'id' && k !== 'rev').map((k) => [k, rev]));
    rows.push({ ...rowFromRecord(entities.consumable, { ...item, rev }), field_revs: JSON.stringify(fieldRevs) });
  }
  for (let i = 0; i < rows.length; i += 100) await tx.db.insertInto('consumables').values(rows.slice(i, i + 100) as never).execute();
  const moves = [];
  for (const m of movements) moves.push(rowFromRecord(entities.consumable_movement, { ...m, rev: await tx.nextRev() }));
  for (let i = 0; i < moves.length; i += 100) await tx.db.insertInto('consumable_movements').values(moves.slice(i, i + 100) as never).execute();
  return { consumables: rows.length, consumableMovements: moves.length };
}
