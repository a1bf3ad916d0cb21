/**
 * Reconciliation lists: what in the CMDB a person should look at, computed the same way from
 * the app's replica (offline) and from the server's tables.
 *
 * - stale CIs: configuration items whose asset has not been inventoried for a chosen number
 *   of days (or never), so what the CMDB says of it may no longer be true;
 * - assets without a CI: hardware that exists in the register but not in the CMDB;
 * - likely duplicates: assets that share an identity by GLPI's matching rules (the same
 *   serial number, UUID or MAC address, junk values dropped: common/inventory/identity.ts), or,
 *   for assets that have none of those, the same name. Sharing is transitive (A and B share
 *   a serial, B and C a MAC: one group of three). Never decided here: the person merges.
 *
 * Retired and disposed assets (and their CIs) are left out of every list: they are expected
 * to go stale. Each list is linear in the records (maps, no pairwise comparison).
 */
import type { Asset, ConfigurationItem } from '../domain/entities';
import { normaliseMac, normaliseName, normaliseSerial, normaliseUuid } from '../inventory/identity';

const DAY_MS = 86_400_000;

export type ReconcileAsset = Pick<Asset, 'id' | 'tag' | 'name' | 'serial' | 'uuid' | 'macs' | 'inventoriedAt' | 'state' | 'substate'>;
export type ReconcileCi = Pick<ConfigurationItem, 'id' | 'name' | 'assetId' | 'status'>;

const gone = (asset: Pick<Asset, 'state'>) => asset.state === 'retired' || asset.state === 'disposed';

export interface StaleCi {
  ci: ReconcileCi;
  asset: ReconcileAsset;
  /** Whole days since its asset's last inventory; null when it was never inventoried. */
  days: number | null;
}

/** CIs whose asset was last inventoried more than `days` days before `now` (or never), longest first. */
export function staleCis(cis: readonly ReconcileCi[], assets: readonly ReconcileAsset[], now: number, days: number): StaleCi[] {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const out: StaleCi[] = [];
  for (const ci of cis) {
    const asset = ci.assetId ? byId.get(ci.assetId) : undefined;
    if (!asset || gone(asset) || ci.status === 'retired') continue;
    const at = asset.inventoriedAt ? Date.parse(asset.inventoriedAt) : NaN;
    const since = Number.isFinite(at) ? Math.floor((now - at) / DAY_MS) : null;
    if (since === null || since > days) out.push({ ci, asset, days: since });
  }
  // Never inventoried first, then the longest since.
  return out.sort((a, b) => (b.days ?? Infinity) - (a.days ?? Infinity) || a.ci.name.localeCompare(b.ci.name));
}

/** Assets in use or in stock that no configuration item stands for, by tag. */
export function assetsWithoutCi(assets: readonly ReconcileAsset[], cis: readonly ReconcileCi[]): ReconcileAsset[] {
  const withCi = new Set(cis.map((c) => c.assetId).filter((id): id is string => id !== null));
  return assets.filter((a) => !gone(a) && !withCi.has(a.id)).sort((a, b) => a.tag.localeCompare(b.tag));
}

export type DuplicateReason = 'serial' | 'uuid' | 'mac' | 'name';

export interface DuplicateGroup {
  assets: ReconcileAsset[];
  /** What they share, strongest first, each with the value. */
  shared: { reason: DuplicateReason; value: string }[];
}

const REASON_ORDER: DuplicateReason[] = ['serial', 'uuid', 'mac', 'name'];

/** Groups of assets that look like one device recorded twice (see the module comment). */
export function likelyDuplicates(assets: readonly ReconcileAsset[]): DuplicateGroup[] {
  const live = assets.filter((a) => !gone(a));
  // Union-find over asset indexes.
  const parent = live.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[rb] = ra;
  };
  const firstWith = new Map<string, number>();
  const sharedKeys = new Set<string>();
  const note = (reason: DuplicateReason, value: string | null, i: number) => {
    if (value === null) return;
    const key = `${reason}\u0000${value}`;
    const first = firstWith.get(key);
    if (first === undefined) firstWith.set(key, i);
    else {
      union(first, i);
      sharedKeys.add(key);
    }
  };
  live.forEach((a, i) => {
    const serial = normaliseSerial(a.serial);
    const uuid = normaliseUuid(a.uuid);
    const macs = [...new Set(a.macs.map((m) => normaliseMac(m)).filter((m): m is string => m !== null))];
    note('serial', serial, i);
    note('uuid', uuid, i);
    for (const mac of macs) note('mac', mac, i);
    // A name identifies only what nothing stronger does (as GLPI's rules order them).
    if (serial === null && uuid === null && macs.length === 0) note('name', normaliseName(a.name), i);
  });
  const groups = new Map<number, DuplicateGroup>();
  live.forEach((a, i) => {
    const root = find(i);
    const group = groups.get(root) ?? { assets: [], shared: [] };
    group.assets.push(a);
    groups.set(root, group);
  });
  for (const key of sharedKeys) {
    const [reason, value] = key.split('\u0000') as [DuplicateReason, string];
    groups.get(find(firstWith.get(key)!))?.shared.push({ reason, value });
  }
  return [...groups.values()]
    .filter((g) => g.assets.length > 1)
    .map((g) => ({
      assets: g.assets.sort((a, b) => a.tag.localeCompare(b.tag)),
      shared: g.shared.sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) || a.value.localeCompare(b.value)),
    }))
    .sort((a, b) => a.assets[0]!.tag.localeCompare(b.assets[0]!.tag));
}
