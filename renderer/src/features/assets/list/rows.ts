/**
 * The Assets list's rows: each asset joined once with the names it shows (model, site,
 * location, holder) and a lower-cased search key, so filtering 50,000 assets is one loop of
 * string and id comparisons with no look-ups or allocations per row, and sorting compares
 * strings already at hand. Rows are rebuilt only when the replica's assets or names change.
 */
import type { Asset } from '@fielddesk/common/domain/entities';
import { stateLabel, type AssetLifecycleConfig } from '@fielddesk/common/assets/lifecycle';

/** Names the rows refer to, by id (small tables: models, sites, locations, people, assets). */
export interface Lookups {
  models: ReadonlyMap<string, string>;
  sites: ReadonlyMap<string, string>;
  locations: ReadonlyMap<string, string>;
  persons: ReadonlyMap<string, string>;
  /** Tags of assets (a monitor checked out to a desktop shows the desktop's tag). */
  assetTags: ReadonlyMap<string, string>;
}

export interface AssetRow {
  id: string;
  asset: Asset;
  tag: string;
  name: string;
  serial: string;
  /** The chosen model's name, else the inventoried model text. */
  model: string;
  type: string;
  stateText: string;
  /** `state` or `state:substate`, what the state filter matches. */
  stateKey: string;
  site: string;
  location: string;
  /** Who or what has it, in words ('' when not checked out). */
  holder: string;
  /** The person holding it, else null. */
  holderPersonId: string | null;
  warrantyEndsOn: string;
  /** Tag, name, serial and model, lower-cased, joined by a character no one types. */
  search: string;
}

const SEP = '\u0001';

export function holderText(asset: Asset, lookups: Lookups): string {
  const to = asset.checkedOutTo;
  if (!to) return '';
  if (to.kind === 'person') return lookups.persons.get(to.id) ?? 'A person you cannot see';
  if (to.kind === 'location') return lookups.locations.get(to.id) ?? 'A location you cannot see';
  return lookups.assetTags.get(to.id) ?? 'An asset you cannot see';
}

export function toRow(asset: Asset, lookups: Lookups, config?: AssetLifecycleConfig): AssetRow {
  const model = (asset.modelId ? lookups.models.get(asset.modelId) : undefined) ?? asset.model ?? '';
  const serial = asset.serial ?? '';
  return {
    id: asset.id,
    asset,
    tag: asset.tag,
    name: asset.name,
    serial,
    model,
    type: asset.type,
    stateText: stateLabel(asset, config),
    stateKey: asset.substate ? `${asset.state}:${asset.substate}` : asset.state,
    site: (asset.siteId && lookups.sites.get(asset.siteId)) || '',
    location: (asset.locationId && lookups.locations.get(asset.locationId)) || '',
    holder: holderText(asset, lookups),
    holderPersonId: asset.checkedOutTo?.kind === 'person' ? asset.checkedOutTo.id : null,
    warrantyEndsOn: asset.warrantyEndsOn ?? '',
    search: [asset.tag, asset.name, serial, model].join(SEP).toLowerCase(),
  };
}

export function buildRows(assets: readonly Asset[], lookups: Lookups, config?: AssetLifecycleConfig): AssetRow[] {
  const rows = new Array<AssetRow>(assets.length);
  for (let i = 0; i < assets.length; i++) rows[i] = toRow(assets[i]!, lookups, config);
  return rows;
}
