/**
 * The estate bench:assets' assets_filter_ms filters: asset models (the demo's hardware and a
 * few non-IT ones) and any number of assets across every site and location the replica holds,
 * every lifecycle state and substate, holders, warranties that ended, end soon or run for
 * years, and assets with no model chosen (only the inventoried model text). Deterministic (the
 * server's mulberry32), and every record schema-checked by the page that writes it.
 */
import { newAsset } from '@fielddesk/common/assets/new-asset';
import type { Asset, Location, Person, Site } from '@fielddesk/common/domain/entities';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { HARDWARE } from '../../server/src/seed/catalog';
import { createRng } from '../../server/src/seed/prng';

export const LIST_SEED = 20_261_207;
const REV_BASE = 900_000_000;

const NON_IT: { name: string; manufacturer: string; category: string; type: string }[] = [
  { name: 'Aeron chair', manufacturer: 'Herman Miller', category: 'Office furniture', type: 'chair' },
  { name: 'Ology standing desk', manufacturer: 'Steelcase', category: 'Office furniture', type: 'desk' },
  { name: 'Transit Custom van', manufacturer: 'Ford', category: 'Vehicles', type: 'van' },
  { name: 'GSR 18V-60 drill', manufacturer: 'Bosch', category: 'Tools', type: 'tool' },
];

/** State (and substate) weights: most assets are in use, a fair share in stock, the rest spread. */
const STATES: readonly (readonly [[AssetState, string | null], number])[] = [
  [['in_use', null], 55],
  [['in_stock', 'available'], 12],
  [['in_stock', 'reserved'], 3],
  [['in_stock', 'defective'], 2],
  [['in_stock', 'pending_disposal'], 2],
  [['ordered', null], 3],
  [['in_maintenance', null], 6],
  [['retired', 'sold'], 3],
  [['retired', 'donated'], 2],
  [['retired', 'returned_to_vendor'], 2],
  [['disposed', null], 4],
  [['missing', 'lost'], 4],
  [['missing', 'stolen'], 2],
];

export function generateModels(seed = LIST_SEED): AssetModel[] {
  const rng = createRng(seed);
  const hardware = HARDWARE.map(
    (h): AssetModel => ({
      id: rng.uuid(),
      name: h.model,
      manufacturer: h.manufacturer,
      category: h.type,
      kind: 'hardware',
      type: h.type,
      lifeMonths: 48,
      warrantyMonths: 36,
      fields: {},
      rev: REV_BASE,
    }),
  );
  const other = NON_IT.map((m): AssetModel => ({ id: rng.uuid(), ...m, kind: 'non_it', lifeMonths: 120, warrantyMonths: null, fields: {}, rev: REV_BASE }));
  return [...hardware, ...other];
}

export interface ListReference {
  sites: readonly Site[];
  locations: readonly Location[];
  persons: readonly Person[];
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `count` assets tagged from FD-<firstTag>; warranties around `nowMs`. */
export function generateListAssets(count: number, ref: ListReference, models: readonly AssetModel[], firstTag: number, nowMs: number, seed = LIST_SEED + 1): Asset[] {
  const rng = createRng(seed);
  const DAY = 86_400_000;
  const locationsBySite = new Map<string, Location[]>();
  for (const l of ref.locations) locationsBySite.set(l.siteId, [...(locationsBySite.get(l.siteId) ?? []), l]);
  const sites = ref.sites.filter((s) => (locationsBySite.get(s.id) ?? []).length > 0);
  const holdersBySite = new Map<string, Person[]>();
  for (const p of ref.persons) if (p.siteId) holdersBySite.set(p.siteId, [...(holdersBySite.get(p.siteId) ?? []), p]);
  const hardware = models.filter((m) => m.kind === 'hardware');
  const nonIt = models.filter((m) => m.kind === 'non_it');
  const counters = new Map<string, number>();
  const assets: Asset[] = [];
  for (let i = 0; i < count; i++) {
    const model = rng.chance(0.06) ? rng.pick(nonIt) : rng.pick(hardware);
    const site = rng.pick(sites);
    const location = rng.pick(locationsBySite.get(site.id)!);
    const [state, substate] = rng.weighted(STATES);
    const holders = holdersBySite.get(site.id) ?? [];
    // In use: checked out to a person of its site (or, without one, to where it is).
    const holder = state === 'in_use' && holders.length > 0 && rng.chance(0.9) ? rng.pick(holders) : null;
    const checkedOutTo = state !== 'in_use' ? null : holder ? { kind: 'person' as const, id: holder.id } : { kind: 'location' as const, id: location.id };
    const prefix = model.kind === 'hardware' ? model.type.slice(0, 3).toUpperCase() : 'FAC';
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    // A tenth with no model chosen: only what an inventory reported.
    const chosen = model.kind === 'non_it' || rng.chance(0.9);
    const warranty = model.warrantyMonths === null || rng.chance(0.15) ? null : isoDate(nowMs + rng.int(-3 * 365, 2 * 365) * DAY);
    assets.push(
      newAsset({
        id: rng.uuid(),
        tag: `FD-${String(firstTag + i).padStart(6, '0')}`,
        serial: model.kind === 'hardware' ? `${model.manufacturer.slice(0, 2).toUpperCase()}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null,
        name: `${prefix}-${String(n).padStart(5, '0')}`,
        kind: model.kind,
        modelId: chosen ? model.id : null,
        model: model.kind === 'hardware' ? model.name : null,
        manufacturer: model.kind === 'hardware' ? model.manufacturer : null,
        type: model.type,
        state,
        substate,
        siteId: site.id,
        locationId: state === 'missing' ? null : location.id,
        checkedOutTo,
        assignedToId: holder?.id ?? null,
        warrantyEndsOn: warranty,
        rev: REV_BASE + i,
      }),
    );
  }
  return assets;
}
