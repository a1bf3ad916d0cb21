/**
 * The change calendar's data, live from the replica (offline too): the changes, the CIs they
 * affect, the windows, the CMDB's relations, and the collision index built from them once per
 * change of the records (common/changes/schedule.ts), over 30 days back to 120 ahead; and the
 * repository that moves a change.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CollisionIndex } from '@fielddesk/common/changes/collisions';
import type { ChangeRequest, ChangeWindow } from '@fielddesk/common/changes/records';
import { buildCollisionIndex, ciIdsByChange } from '@fielddesk/common/changes/schedule';
import { useWorkspace } from '../../app/workspaceContext';
import { changeTables, createChangeRepository, type ChangeRepository } from '../../data/repositories/changes';

const DAY_MS = 86_400_000;

export function useChangeRepository(): ChangeRepository {
  const { db, user } = useWorkspace();
  return useMemo(() => createChangeRepository({ db, userId: user.id, user }), [db, user]);
}

export interface CalendarData {
  changes: ChangeRequest[];
  windows: ChangeWindow[];
  ciIdsOf: ReadonlyMap<string, string[]>;
  ciTypes: ReadonlyMap<string, string>;
  index: CollisionIndex;
}

export function useChangeCalendar(): CalendarData | undefined {
  const { db } = useWorkspace();
  const records = useLiveQuery(async () => {
    const t = changeTables(db);
    const [changes, links, windows, cis, relations] = await Promise.all([t.changes.toArray(), t.links.toArray(), t.windows.toArray(), t.cis.toArray(), db.ciRelations.toArray()]);
    return { changes, links, windows, cis, relations };
  }, [db]);
  return useMemo(() => {
    if (!records) return undefined;
    const now = Date.now();
    const cis = records.cis.map((c) => ({ id: c.id, name: c.name, siteId: c.siteId, ciType: c.ciType }));
    const index = buildCollisionIndex({ changes: records.changes, changeCis: records.links, windows: records.windows, cis, relations: records.relations, from: now - 30 * DAY_MS, to: now + 120 * DAY_MS });
    return { changes: records.changes, windows: records.windows, ciIdsOf: ciIdsByChange(records.links), ciTypes: new Map(cis.map((c) => [c.id, c.ciType])), index };
  }, [records]);
}
