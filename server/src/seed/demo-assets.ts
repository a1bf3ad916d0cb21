/**
 * The demo's asset lifecycle: asset models for the demo's hardware and for non-IT assets
 * (desks, chairs, vans, tools); each seeded asset linked to its model with a purchase date, a
 * cost and a warranty end (a dozen ending within 30 days); every state and substate there is
 * (on order, in stock available / reserved / defective / pending disposal, in use, in
 * maintenance, retired sold / donated / returned / lease returned, disposed, missing lost /
 * stolen); the open check-out of every asset in use (some overdue, some still waiting for the
 * person's signature, most signed); thirty non-IT assets (NIT-0001…); and each asset's history
 * (created, checked out, moved to its state). Deterministic: its own seeded generator, written
 * after the rest of the demo, so the rest keeps its records.
 */
import type { AssetCheckout, AssetEvent } from '@fielddesk/common/assets/actions';
import { addDays, addMonths, type IsoDate } from '@fielddesk/common/assets/dates';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import type { Asset, Location, Person, Site } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import type { StoreKind, WriteTx } from '../db/database';
import { bulkInsert } from '../sync/bulk';
import { HARDWARE } from './catalog';
import { createRng } from './prng';

export const DEMO_ASSETS_SEED = 20261207;
const DAY = 86_400_000;

/** A signature as the pad gives it: a small PNG (a pen stroke on white). */
export const DEMO_SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAHgAAAAoCAIAAAC6iKlyAAAA40lEQVR42u3YQRqDIAyE0TmEh+j9L9huu1IJyRjhn8+lAr4oIvoSSwQB0EAToIEGmgANNNke+jg+/wfQ5cTduLU2cR9rrT1X9OHWMsrzpwF9wZdYEqCnlCev2hd6xuspa22l/KC1DCKJd5XVmt9aBuIU8f41O29NTuIwVtGaIbH2PujLLsPcpSuz+cJboYf4bo7P9lM31Ev41ZSTODbJGD5Zo1UPjEq2Z6H5flB14WV+kNNfSTN3/vLupNGeO+ul3IXr6Fds8r4oQWjgMudolLfeVAKaAA000ARooAnQQANNcvMDic3H9Uk/sT4AAAAASUVORK5CYII=';

const CATEGORY: Record<string, { category: string; lifeMonths: number; warrantyMonths: number; costCents: [number, number] }> = {
  laptop: { category: 'Laptops', lifeMonths: 36, warrantyMonths: 36, costCents: [95_000, 240_000] },
  desktop: { category: 'Desktops', lifeMonths: 48, warrantyMonths: 36, costCents: [70_000, 120_000] },
  monitor: { category: 'Monitors', lifeMonths: 60, warrantyMonths: 36, costCents: [18_000, 45_000] },
  dock: { category: 'Docking stations', lifeMonths: 48, warrantyMonths: 12, costCents: [15_000, 30_000] },
  phone: { category: 'Desk phones', lifeMonths: 60, warrantyMonths: 24, costCents: [12_000, 25_000] },
  mobile: { category: 'Mobile phones', lifeMonths: 24, warrantyMonths: 12, costCents: [80_000, 110_000] },
  scanner: { category: 'Handheld scanners', lifeMonths: 48, warrantyMonths: 36, costCents: [90_000, 140_000] },
  printer: { category: 'Printers', lifeMonths: 60, warrantyMonths: 12, costCents: [40_000, 250_000] },
  display: { category: 'Displays', lifeMonths: 72, warrantyMonths: 36, costCents: [60_000, 180_000] },
  switch: { category: 'Network', lifeMonths: 84, warrantyMonths: 60, costCents: [80_000, 400_000] },
  'access point': { category: 'Network', lifeMonths: 60, warrantyMonths: 60, costCents: [30_000, 90_000] },
};
const OTHER = { category: 'Other hardware', lifeMonths: 48, warrantyMonths: 12, costCents: [10_000, 50_000] as [number, number] };

const NON_IT: { name: string; manufacturer: string; category: string; type: string; lifeMonths: number; costCents: number; count: number; fields: Record<string, string>; toPerson: boolean }[] = [
  { name: 'Migration SE height-adjustable desk', manufacturer: 'Steelcase', category: 'Office furniture', type: 'desk', lifeMonths: 120, costCents: 89_000, count: 10, fields: { Width: '160 cm', Colour: 'White' }, toPerson: false },
  { name: 'Aeron chair', manufacturer: 'Herman Miller', category: 'Office furniture', type: 'chair', lifeMonths: 144, costCents: 139_000, count: 10, fields: { Size: 'B' }, toPerson: false },
  { name: 'Transit Custom van', manufacturer: 'Ford', category: 'Vehicles', type: 'van', lifeMonths: 72, costCents: 3_850_000, count: 4, fields: { Seats: '3', Fuel: 'Diesel' }, toPerson: true },
  { name: '1663 installation tester', manufacturer: 'Fluke', category: 'Tools', type: 'tester', lifeMonths: 96, costCents: 210_000, count: 6, fields: { Calibration: 'yearly' }, toPerson: true },
];

export interface DemoAssetLifecycle {
  models: AssetModel[];
  /** The seeded assets as they end (model, money, state and substate, holder), and the new non-IT ones. */
  assets: Asset[];
  newAssets: Asset[];
  checkouts: AssetCheckout[];
  events: AssetEvent[];
}

interface Input {
  sites: readonly Site[];
  locations: readonly Location[];
  persons: readonly Person[];
  assets: readonly Asset[];
}

const isoDay = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export function buildDemoAssetLifecycle(nowMs: number, data: Input): DemoAssetLifecycle {
  const rng = createRng(DEMO_ASSETS_SEED);
  const today = isoDay(nowMs);
  const models: AssetModel[] = [];
  const modelOf = new Map<string, AssetModel>();
  for (const h of HARDWARE) {
    const c = CATEGORY[h.type] ?? OTHER;
    const model: AssetModel = { id: rng.uuid(), name: h.model, manufacturer: h.manufacturer, category: c.category, kind: 'hardware', type: h.type, lifeMonths: c.lifeMonths, warrantyMonths: c.warrantyMonths, fields: {}, rev: 0 };
    models.push(model);
    modelOf.set(`${h.manufacturer}\u0000${h.model}`, model);
  }
  const staff = data.persons.filter((p) => p.role === 'technician' || p.role === 'agent');
  const checkouts: AssetCheckout[] = [];
  const events: AssetEvent[] = [];
  const event = (a: Asset, kind: AssetEvent['kind'], at: string, from: Pick<Asset, 'state' | 'substate'> | null, extra: Partial<AssetEvent> = {}): void => {
    events.push({
      id: rng.uuid(), assetId: a.id, kind, actorId: rng.pick(staff).id, at, fromState: from?.state ?? null, fromSubstate: from?.substate ?? null, toState: a.state, toSubstate: a.substate,
      fromLocationId: a.locationId, toLocationId: a.locationId, target: null, checkoutId: null, reason: '', rev: 0, ...extra,
    });
  };
  const checkOut = (a: Asset, outMs: number, overdueDays: number | null, signed: boolean | null): void => {
    const target = a.checkedOutTo!;
    const id = rng.uuid();
    const checkedOutAt = new Date(outMs).toISOString();
    const acceptanceRequired = target.kind === 'person' && signed !== null;
    const holder = target.kind === 'person' ? data.persons.find((p) => p.id === target.id) : undefined;
    checkouts.push({
      id, assetId: a.id, target, checkedOutOn: isoDay(outMs), expectedReturnOn: overdueDays === null ? null : addDays(today, -overdueDays), acceptanceRequired, checkedOutAt, checkedOutById: rng.pick(staff).id,
      acceptedAt: acceptanceRequired && signed ? new Date(outMs + 3_600_000).toISOString() : null, signature: acceptanceRequired && signed ? DEMO_SIGNATURE : null,
      signedName: acceptanceRequired && signed ? (holder?.displayName ?? null) : null, checkedInAt: null, checkedInById: null, rev: 0,
    });
    event(a, 'check_out', checkedOutAt, { state: 'in_stock', substate: 'available' }, { id, target, checkoutId: id });
  };

  let warrantiesEndingSoon = 0;
  const assets = data.assets.map((seeded, i) => {
    const model = modelOf.get(`${seeded.manufacturer ?? ''}\u0000${seeded.model ?? ''}`) ?? null;
    const c = CATEGORY[seeded.type] ?? OTHER;
    const purchaseMs = nowMs - rng.int(30, 4 * 365) * DAY;
    const purchasedOn = isoDay(purchaseMs);
    // A dozen warranties end within the next 30 days, for the dashboard and the list's filter.
    const endingSoon = warrantiesEndingSoon < 12 && seeded.state === 'in_use' && i % 23 === 0;
    if (endingSoon) warrantiesEndingSoon += 1;
    const warrantyEndsOn = endingSoon ? addDays(today, rng.int(1, 30)) : model?.warrantyMonths ? addDays(addMonths(purchasedOn, model.warrantyMonths), -1) : null;
    let a: Asset = { ...seeded, modelId: model?.id ?? null, purchasedOn, costCents: rng.int(c.costCents[0] / 100, c.costCents[1] / 100) * 100, warrantyEndsOn };
    const created = new Date(purchaseMs + 2 * DAY).toISOString();
    let state: AssetState = a.state;
    let substate = a.substate;
    if (state === 'in_stock') {
      if (rng.chance(0.1)) [state, substate] = ['ordered', null];
      else substate = rng.weighted<string>([['available', 70], ['reserved', 10], ['defective', 12], ['pending_disposal', 8]]);
    } else if (state === 'retired') {
      if (rng.chance(0.35)) [state, substate] = ['disposed', null];
      else substate = rng.pick(['sold', 'donated', 'returned_to_vendor', 'lease_returned']);
    } else if (state === 'missing') {
      substate = rng.pick(['lost', 'stolen']);
    }
    const first = state === 'ordered' ? 'ordered' : 'in_stock';
    a = { ...a, state: first, substate: first === 'in_stock' ? 'available' : null, checkedOutTo: null, assignedToId: null };
    event(a, 'created', created, null);
    if (state === 'in_use' && seeded.checkedOutTo) {
      a = { ...a, state: 'in_use', substate: null, checkedOutTo: seeded.checkedOutTo, assignedToId: seeded.assignedToId };
      const person = seeded.checkedOutTo.kind === 'person';
      const overdueDays = person && rng.chance(0.08) ? rng.int(1, 40) : null;
      checkOut(a, purchaseMs + 5 * DAY, overdueDays, person ? (rng.chance(0.3) ? rng.chance(0.8) : null) : null);
      return a;
    }
    if (state === 'in_use') {
      // In use with nobody recorded (seeded that way, as an agent reports a device): left so.
      return { ...a, state: 'in_use' as const, substate: null };
    }
    if (state === 'in_stock' || state === 'ordered') {
      const before = { state: a.state, substate: a.substate };
      a = { ...a, state, substate };
      if (substate !== 'available' && state === 'in_stock') event(a, 'state', new Date(purchaseMs + 40 * DAY).toISOString(), before, { reason: substate === 'defective' ? 'Fails its power-on self test' : substate === 'reserved' ? 'Kept for a new starter' : 'Beyond economic repair' });
      return a;
    }
    const reasons: Partial<Record<AssetState, string>> = { in_maintenance: 'Sent for repair under warranty', retired: 'End of life', disposed: 'WEEE certificate received', missing: 'Not found at the last audit' };
    const before = { state: a.state, substate: a.substate };
    if (state === 'disposed') {
      a = { ...a, state: 'retired', substate: null };
      event(a, 'state', new Date(nowMs - rng.int(60, 200) * DAY).toISOString(), before, { reason: 'End of life' });
      const retired = { state: a.state, substate: a.substate };
      a = { ...a, state: 'disposed', substate: null };
      event(a, 'state', new Date(nowMs - rng.int(5, 50) * DAY).toISOString(), retired, { reason: reasons.disposed! });
      return a;
    }
    a = { ...a, state, substate };
    event(a, 'state', new Date(nowMs - rng.int(3, 120) * DAY).toISOString(), before, { reason: reasons[state] ?? '' });
    return a;
  });

  // Thirty non-IT assets: furniture kept at a location, vans and testers with a technician.
  const newAssets: Asset[] = [];
  let n = 0;
  for (const item of NON_IT) {
    const model: AssetModel = { id: rng.uuid(), name: item.name, manufacturer: item.manufacturer, category: item.category, kind: 'non_it', type: item.type, lifeMonths: item.lifeMonths, warrantyMonths: item.type === 'van' ? 36 : 24, fields: item.fields, rev: 0 };
    models.push(model);
    for (let k = 0; k < item.count; k += 1) {
      n += 1;
      const site = rng.pick(data.sites);
      const locations = data.locations.filter((l) => l.siteId === site.id);
      const location = rng.pick(locations);
      const holders = staff.filter((p) => p.siteId === site.id);
      const purchaseMs = nowMs - rng.int(60, 5 * 365) * DAY;
      const purchasedOn = isoDay(purchaseMs);
      const inUse = k < item.count - 1;
      const holder = item.toPerson && holders.length > 0 ? { kind: 'person' as const, id: rng.pick(holders).id } : { kind: 'location' as const, id: location.id };
      let a: Asset = {
        id: rng.uuid(), tag: `NIT-${String(n).padStart(4, '0')}`, serial: null, name: `${item.name} ${site.code}-${String(k + 1).padStart(2, '0')}`, kind: 'non_it', modelId: model.id,
        model: null, manufacturer: null, type: item.type, state: 'in_stock', substate: 'available', siteId: site.id, locationId: location.id, checkedOutTo: null, assignedToId: null,
        uuid: null, macs: [], inventoriedAt: null, vendorId: null, purchasedOn, costCents: item.costCents, warrantyEndsOn: addDays(addMonths(purchasedOn, model.warrantyMonths!), -1), orderLineId: null, notes: '', rev: 0,
      };
      event(a, 'created', new Date(purchaseMs + DAY).toISOString(), null);
      if (inUse) {
        a = { ...a, state: 'in_use', substate: null, checkedOutTo: holder, assignedToId: holder.kind === 'person' ? holder.id : null, locationId: holder.kind === 'location' ? holder.id : a.locationId };
        checkOut(a, purchaseMs + 3 * DAY, null, holder.kind === 'person' ? true : null);
      }
      newAssets.push(a);
    }
  }
  events.sort((x, y) => x.at.localeCompare(y.at) || x.id.localeCompare(y.id));
  return { models, assets, newAssets, checkouts, events };
}

/** Writes the lifecycle over the seeded assets: models, the assets again at new revs, the non-IT ones, check-outs and history. */
export async function writeDemoAssetLifecycle(tx: WriteTx, kind: StoreKind, nowMs: number, data: Input): Promise<{ models: number; assets: number; checkouts: number; events: number }> {
  const built = buildDemoAssetLifecycle(nowMs, data);
  const rows = async <E extends 'asset_model' | 'asset' | 'asset_checkout' | 'asset_event'>(entity: E, records: readonly { rev: number }[]) => {
    const out: Record<string, unknown>[] = [];
    for (const r of records) out.push(rowFromRecord(entities[entity], { ...r, rev: await tx.nextRev() } as unknown as Record<string, unknown>));
    return out;
  };
  const write = async (table: 'asset_models' | 'assets' | 'asset_checkouts' | 'asset_events', list: Record<string, unknown>[], upsert = false) => {
    if (list.length > 0) await bulkInsert(tx.db, kind, { table, columns: Object.keys(list[0]!), rows: list, ...(upsert && { onConflictUpdate: 'id' }) });
  };
  await write('asset_models', await rows('asset_model', built.models));
  // The seeded assets again, at new revs (an upsert), then the new ones.
  await write('assets', await rows('asset', built.assets), true);
  await write('assets', await rows('asset', built.newAssets));
  await write('asset_checkouts', await rows('asset_checkout', built.checkouts));
  await write('asset_events', await rows('asset_event', built.events));
  return { models: built.models.length, assets: built.assets.length + built.newAssets.length, checkouts: built.checkouts.length, events: built.events.length };
}
