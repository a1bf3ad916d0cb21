/**
 * The Assets list's data, live from the replica: every asset as a row joined with its names
 * (rebuilt only when assets or names change), sorted once per sort, and filtered from that
 * sorted list, so a filter change is one pass over the rows and never a query or a sort.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_ASSET_LIFECYCLE } from '@fielddesk/common/assets/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { useItsmConfig } from '../../data/config';
import { localToday } from '../../shared/dates';
import { compileFilter, filterRows, type AssetFilter } from './list/filter';
import { buildRows, type AssetRow, type Lookups } from './list/rows';
import { sortRows, type AssetSort } from './list/sort';


export function useAssetNames() {
  const { db } = useWorkspace();
  const models = useLiveQuery(() => db.assetModels.toArray(), [db]);
  const sites = useLiveQuery(() => db.sites.toArray(), [db]);
  const locations = useLiveQuery(() => db.locations.toArray(), [db]);
  const persons = useLiveQuery(() => db.persons.toArray(), [db]);
  return useMemo(
    () => ({
      models: (models ?? []).slice().sort((a, b) => a.name.localeCompare(b.name)),
      sites: (sites ?? []).slice().sort((a, b) => a.name.localeCompare(b.name)),
      locations: (locations ?? []).slice().sort((a, b) => a.name.localeCompare(b.name)),
      persons: (persons ?? []).slice().sort((a, b) => a.displayName.localeCompare(b.displayName)),
      ready: models !== undefined && sites !== undefined && locations !== undefined && persons !== undefined,
    }),
    [models, sites, locations, persons],
  );
}
export type AssetNames = ReturnType<typeof useAssetNames>;

export interface AssetListData {
  /** Every asset on this device, as rows, in the sort's order. */
  sorted: readonly AssetRow[];
  /** The rows the filter lists, in the sort's order. */
  rows: readonly AssetRow[];
  loading: boolean;
}

export function useAssetList(names: AssetNames, filter: AssetFilter, sort: AssetSort): AssetListData {
  const { db } = useWorkspace();
  const assets = useLiveQuery(() => db.assets.toArray(), [db]);
  const lifecycle = useItsmConfig().assetLifecycle ?? DEFAULT_ASSET_LIFECYCLE;
  const all = useMemo(() => {
    if (!assets) return [];
    const lookups: Lookups = {
      models: new Map(names.models.map((m) => [m.id, m.name])),
      sites: new Map(names.sites.map((s) => [s.id, s.name])),
      locations: new Map(names.locations.map((l) => [l.id, l.name])),
      persons: new Map(names.persons.map((p) => [p.id, p.displayName])),
      assetTags: new Map(assets.map((a) => [a.id, a.tag])),
    };
    return buildRows(assets, lookups, lifecycle);
  }, [assets, names, lifecycle]);
  const sorted = useMemo(() => sortRows(all, sort), [all, sort]);
  const today = localToday();
  const test = useMemo(() => compileFilter(filter, today), [filter, today]);
  const rows = useMemo(() => filterRows(sorted, test), [sorted, test]);
  return { sorted, rows, loading: assets === undefined || !names.ready };
}
