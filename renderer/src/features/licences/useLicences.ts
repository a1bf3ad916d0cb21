/**
 * The licence screens' data, live from the replica (offline too): licences, their seats, and
 * compliance per software title counted on this device with the shared rule
 * (common/assets/compliance.ts licenceCompliance) over the installs the replica holds: each
 * asset inventory's software list (the same rows the server keeps as software_installs), the
 * holder of each device (its assigned person), every licence and seat. The replica holds the
 * inventories of the assets this user sees (a technician's site; everything for desk staff), as
 * GET /api/licences/compliance counts for them. `missingInventories` counts the inventoried
 * assets whose inventory has not reached this device yet: their installs are left out.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { licenceCompliance, type SoftwareInstall, type TitleCompliance } from '@fielddesk/common/assets/compliance';
import type { Asset, Person } from '@fielddesk/common/domain/entities';
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import { seatAssignmentOf, type LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useWorkspace } from '../../app/workspaceContext';
import { contractTables } from '../../data/repositories/contracts';
import { createLicenceRepository, licenceTables, type LicenceRepository } from '../../data/repositories/licences';

export function useLicenceRepository(): LicenceRepository {
  const { db, user } = useWorkspace();
  return useMemo(() => createLicenceRepository({ db, userId: user.id, user }), [db, user]);
}

export interface LicenceData {
  licences: LicenceRecord[];
  seats: LicenceSeat[];
  vendors: Vendor[];
  assets: Asset[];
  persons: Person[];
  titles: TitleCompliance[];
  /** The compliance row of each licence's title. */
  titleOf: ReadonlyMap<string, TitleCompliance>;
  /** Asset id → the software it has installed (name, publisher), from its inventory. */
  installed: ReadonlyMap<string, readonly { name: string; version: string | null; publisher: string | null }[]>;
  inventoriedAssets: number;
  /** Devices whose software list is on this device (what the counts are over). */
  devicesCounted: number;
  missingInventories: number;
}

export function useLicenceData(): LicenceData | undefined {
  const { db } = useWorkspace();
  const records = useLiveQuery(async () => {
    const t = licenceTables(db);
    const [licences, seats, assets, persons, inventories, vendors] = await Promise.all([
      t.licences.toArray(),
      t.seats.toArray(),
      t.assets.toArray(),
      t.persons.toArray(),
      db.assetInventories.toArray(),
      contractTables(db).vendors.toArray(),
    ]);
    return { licences, seats, assets, persons, inventories, vendors };
  }, [db]);
  return useMemo(() => {
    if (!records) return undefined;
    const { licences, seats, assets, persons, inventories, vendors } = records;
    const installed = new Map(inventories.map((i) => [i.assetId, i.summary.software]));
    const installs: SoftwareInstall[] = [];
    for (const inv of inventories) for (const s of inv.summary.software) installs.push({ assetId: inv.assetId, name: s.name, version: s.version, publisher: s.publisher });
    const holders = new Map<string, string>();
    for (const a of assets) if (a.assignedToId) holders.set(a.id, a.assignedToId);
    const titles = licenceCompliance({ licences, assignments: seats.map(seatAssignmentOf), installs, holders });
    const titleOf = new Map<string, TitleCompliance>();
    for (const t of titles) for (const id of t.licenceIds) titleOf.set(id, t);
    const inventoried = assets.filter((a) => a.inventoriedAt !== null);
    const missingInventories = inventoried.filter((a) => !installed.has(a.id)).length;
    return {
      licences: [...licences].sort((a, b) => a.name.localeCompare(b.name)),
      seats,
      vendors,
      assets,
      persons,
      titles,
      titleOf,
      installed,
      inventoriedAssets: inventoried.length,
      devicesCounted: installed.size,
      missingInventories,
    };
  }, [records]);
}
