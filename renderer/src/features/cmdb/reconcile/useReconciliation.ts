/**
 * The CMDB checks, live from the replica (offline too): every asset and configuration item on
 * this device, read once per change of either table, and the three lists computed from them with
 * the shared functions (common/cmdb/reconcile.ts). Each list is linear in the records, so 20,000
 * assets cost tens of milliseconds; the screen draws a page of each at a time.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { assetsWithoutCi, likelyDuplicates, staleCis, type DuplicateGroup, type StaleCi } from '@fielddesk/common/cmdb/reconcile';
import type { Asset, ConfigurationItem } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../../app/workspaceContext';

export interface Reconciliation {
  assets: number;
  cis: number;
  stale: StaleCi[];
  withoutCi: Asset[];
  duplicates: DuplicateGroup[];
  /** The full records, for what the lists do not carry (a CI's class, an asset's type). */
  ciById: ReadonlyMap<string, ConfigurationItem>;
  assetById: ReadonlyMap<string, Asset>;
}

/** undefined while the replica is read. `now` in ms; `days`: the stale threshold. */
export function useReconciliation(days: number, now: number): Reconciliation | undefined {
  const { db } = useWorkspace();
  const records = useLiveQuery(async () => {
    const [assets, cis] = await Promise.all([db.assets.toArray(), db.configurationItems.toArray()]);
    return { assets, cis };
  }, [db]);
  // The lists that do not depend on the threshold are kept when only it changes.
  const fixed = useMemo(() => {
    if (!records) return undefined;
    const { assets, cis } = records;
    return {
      // assetsWithoutCi returns the records it was given: they are whole assets.
      withoutCi: assetsWithoutCi(assets, cis) as Asset[],
      duplicates: likelyDuplicates(assets),
      ciById: new Map(cis.map((c) => [c.id, c])),
      assetById: new Map(assets.map((a) => [a.id, a])),
    };
  }, [records]);
  const stale = useMemo(() => (records ? staleCis(records.cis, records.assets, now, days) : undefined), [records, days, now]);
  if (!records || !fixed || !stale) return undefined;
  return { assets: records.assets.length, cis: records.cis.length, stale, ...fixed };
}
