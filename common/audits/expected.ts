/**
 * Which assets an audit expects, worked out by the same function on the server (when the audit
 * starts, from its assets table) and on the device (a provisional snapshot from the replica when
 * the audit is started offline): at the audit's site, in its locations (none named: the whole
 * site), of its kinds and model categories (none named: all), and present in the world — not
 * ordered (not delivered yet), retired or disposed.
 *
 * A snapshot row's id is made from the audit's and the asset's ids (`expectedRowId`), so the
 * device's provisional row and the server's row for the same asset are one record: the pull
 * replaces the one with the other.
 */
import type { AssetState } from '../assets/lifecycle';
import type { AssetKind } from '../domain/entities';
import type { ExpectedAsset } from './classify';

/** What decides which assets an audit expects (the audit's scope fields). */
export interface AuditScope {
  siteId: string;
  locationIds: readonly string[];
  kinds: readonly AssetKind[];
  categories: readonly string[];
}

/** What expectedOf reads of an asset: its own fields and its model's category (null: no model). */
export interface ScopedAsset {
  id: string;
  tag: string;
  serial: string | null;
  kind: AssetKind;
  state: AssetState;
  siteId: string | null;
  locationId: string | null;
  category: string | null;
}

/** States in which an asset is not expected anywhere: not delivered yet, or gone. */
export const NOT_EXPECTED_STATES: readonly AssetState[] = ['ordered', 'retired', 'disposed'];

/** Whether an audit of this scope expects the asset. */
export function expectedOf(scope: AuditScope, asset: ScopedAsset): boolean {
  if (asset.siteId !== scope.siteId) return false;
  if (NOT_EXPECTED_STATES.includes(asset.state)) return false;
  if (scope.locationIds.length > 0 && (asset.locationId === null || !scope.locationIds.includes(asset.locationId))) return false;
  if (scope.kinds.length > 0 && !scope.kinds.includes(asset.kind)) return false;
  if (scope.categories.length > 0) {
    const category = asset.category?.trim().toLocaleLowerCase();
    if (!category || !scope.categories.some((c) => c.trim().toLocaleLowerCase() === category)) return false;
  }
  return true;
}

/** A fast form of expectedOf for many assets (sets instead of list look-ups). */
export function expectedFilter(scope: AuditScope): (asset: ScopedAsset) => boolean {
  const locations = new Set(scope.locationIds);
  const kinds = new Set(scope.kinds);
  const categories = new Set(scope.categories.map((c) => c.trim().toLocaleLowerCase()));
  return (asset) => {
    if (asset.siteId !== scope.siteId || NOT_EXPECTED_STATES.includes(asset.state)) return false;
    if (locations.size > 0 && (asset.locationId === null || !locations.has(asset.locationId))) return false;
    if (kinds.size > 0 && !kinds.has(asset.kind)) return false;
    if (categories.size > 0 && !categories.has(asset.category?.trim().toLocaleLowerCase() ?? '')) return false;
    return true;
  };
}

/** The snapshot of an audit: one ExpectedAsset per asset it expects, in the order given. */
export function snapshotOf(scope: AuditScope, assets: Iterable<ScopedAsset>): ExpectedAsset[] {
  const expects = expectedFilter(scope);
  const rows: ExpectedAsset[] = [];
  for (const a of assets) if (expects(a)) rows.push({ assetId: a.id, tag: a.tag, serial: a.serial, state: a.state, locationId: a.locationId });
  return rows;
}

const HEX = /[^0-9a-f]/g;

/**
 * The id of an audit's snapshot row for an asset: the two ids' bits mixed (XOR), marked as a
 * UUID of version 8 ("custom", RFC 9562). Distinct assets of one audit never share one; the same
 * pair always gives the same id, on the device and on the server.
 */
export function expectedRowId(auditId: string, assetId: string): string {
  const a = auditId.toLowerCase().replace(HEX, '');
  const b = assetId.toLowerCase().replace(HEX, '');
  let hex = '';
  for (let i = 0; i < 32; i++) hex += (parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16)).toString(16);
  // Version nibble (index 12) 8; variant bits (index 16) 10xx, keeping the asset's lower two bits.
  const variant = (8 | (parseInt(hex[16]!, 16) & 3)).toString(16);
  hex = `${hex.slice(0, 12)}8${hex.slice(13, 16)}${variant}${hex.slice(17)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How the world moved on since an audit's snapshot was fixed (shown at review; the snapshot itself holds). */
export interface ScopeDrift {
  /** Assets the scope would take in now that the snapshot does not hold (new, moved in, back in service). */
  added: ScopedAsset[];
  /** Expected assets whose record changed place or state since, or that left the scope (`now` null: gone from this site, or no longer expected). */
  changed: Array<{ assetId: string; tag: string; was: { locationId: string | null; state: AssetState }; now: { locationId: string | null; state: AssetState } | null }>;
}

/** What changed between an audit's snapshot and the assets as they are now, by the scope's own rule (expectedOf). */
export function scopeDrift(scope: AuditScope, snapshot: Iterable<ExpectedAsset>, assets: Iterable<ScopedAsset>): ScopeDrift {
  const expects = expectedFilter(scope);
  const current = new Map<string, ScopedAsset>();
  for (const a of assets) current.set(a.id, a);
  const held = new Set<string>();
  const changed: ScopeDrift['changed'] = [];
  for (const row of snapshot) {
    held.add(row.assetId);
    const now = current.get(row.assetId);
    const was = { locationId: row.locationId, state: row.state };
    if (!now || !expects(now)) changed.push({ assetId: row.assetId, tag: row.tag, was, now: now ? { locationId: now.locationId, state: now.state } : null });
    else if (now.locationId !== row.locationId || now.state !== row.state) changed.push({ assetId: row.assetId, tag: row.tag, was, now: { locationId: now.locationId, state: now.state } });
  }
  const added = [...current.values()].filter((a) => !held.has(a.id) && expects(a));
  return { added, changed };
}
