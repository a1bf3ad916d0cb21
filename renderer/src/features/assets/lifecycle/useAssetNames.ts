/** The names an asset's screen shows (people, locations, assets its events and check-outs name), live from the replica. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { AssetCheckout, AssetEvent } from '@fielddesk/common/assets/actions';
import { useWorkspace } from '../../../app/workspaceContext';
import type { TimelineNames } from './timeline';

export function useAssetNames(events: readonly AssetEvent[], checkouts: readonly AssetCheckout[], locationId: string | null): TimelineNames {
  const { db } = useWorkspace();
  const ids = useMemo(() => {
    const people = new Set<string>();
    const locations = new Set<string>(locationId ? [locationId] : []);
    const assets = new Set<string>();
    const add = (t: { kind: string; id: string } | null) => {
      if (!t) return;
      (t.kind === 'person' ? people : t.kind === 'location' ? locations : assets).add(t.id);
    };
    for (const e of events) {
      if (e.actorId) people.add(e.actorId);
      if (e.fromLocationId) locations.add(e.fromLocationId);
      if (e.toLocationId) locations.add(e.toLocationId);
      add(e.target);
    }
    for (const c of checkouts) add(c.target);
    return { people: [...people], locations: [...locations], assets: [...assets] };
  }, [events, checkouts, locationId]);
  const found = useLiveQuery(
    async () => {
      const [people, locations, assets] = await Promise.all([db.persons.bulkGet(ids.people), db.locations.bulkGet(ids.locations), db.assets.bulkGet(ids.assets)]);
      return {
        people: new Map(people.flatMap((p) => (p ? [[p.id, p.displayName] as const] : []))),
        locations: new Map(locations.flatMap((l) => (l ? [[l.id, l.name] as const] : []))),
        assets: new Map(assets.flatMap((a) => (a ? [[a.id, `${a.tag} · ${a.name}`] as const] : []))),
      };
    },
    [db, ids],
  );
  return useMemo(
    () => ({
      person: (id: string) => found?.people.get(id),
      location: (id: string) => found?.locations.get(id),
      asset: (id: string) => found?.assets.get(id),
    }),
    [found],
  );
}
