/**
 * What the consumables screens read from the replica, live: the items, their movements, and
 * the stock computed from them (common/assets/consumables.ts consumableStock), with the names
 * of locations and sites to show. Everything is on this device, so it works offline.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { consumableStock, type ItemStock } from '@fielddesk/common/assets/consumables';
import type { Location, Site } from '@fielddesk/common/domain/entities';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { stockMovementOf, type ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import { useWorkspace } from '../../app/workspaceContext';
import { consumableTables, createConsumableRepository, type ConsumableRepository } from '../../data/repositories/consumables';

/** The consumables repository of the signed-in user (made from the workspace's replica). */
export function useConsumableRepository(): ConsumableRepository {
  const { db, user } = useWorkspace();
  return useMemo(() => createConsumableRepository({ db, userId: user.id, user }), [db, user]);
}

export interface Places {
  locations: ReadonlyMap<string, Location>;
  sites: ReadonlyMap<string, Site>;
  /** "Reception (HQ)"; "a location not on this device" when unknown. */
  name(locationId: string | null): string;
}

export function usePlaces(): Places | undefined {
  const { db } = useWorkspace();
  const data = useLiveQuery(async () => [await db.locations.toArray(), await db.sites.toArray()] as const, [db]);
  return useMemo(() => {
    if (!data) return undefined;
    const locations = new Map(data[0].map((l) => [l.id, l]));
    const sites = new Map(data[1].map((s) => [s.id, s]));
    return {
      locations,
      sites,
      name(locationId) {
        const location = locationId ? locations.get(locationId) : undefined;
        if (!location) return 'a location not on this device';
        const site = sites.get(location.siteId);
        return site ? `${location.name} (${site.code})` : location.name;
      },
    };
  }, [data]);
}

/** Every item with its stock, by name; undefined while loading. */
export function useStock(): ItemStock[] | undefined {
  const { db } = useWorkspace();
  const data = useLiveQuery(async () => {
    const { items, movements } = consumableTables(db);
    return [await items.toArray(), await movements.toArray()] as const;
  }, [db]);
  return useMemo(() => {
    if (!data) return undefined;
    const items = [...data[0]].sort((a, b) => a.name.localeCompare(b.name));
    return consumableStock(items, data[1].map(stockMovementOf));
  }, [data]);
}

/** One item, its stock, and its movements newest first; null when not on this device. */
export function useItem(id: string | undefined): { item: Consumable; stock: ItemStock; ledger: ConsumableMovement[] } | null | undefined {
  const { db } = useWorkspace();
  const data = useLiveQuery(async () => {
    if (!id) return null;
    const { items, movements } = consumableTables(db);
    const item = await items.get(id);
    if (!item) return null;
    return { item, movements: await movements.where('itemId').equals(id).toArray() };
  }, [db, id]);
  return useMemo(() => {
    if (!data) return data;
    const ledger = [...data.movements].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    const [stock] = consumableStock([data.item], data.movements.map(stockMovementOf));
    return { item: data.item, stock: stock!, ledger };
  }, [data]);
}
