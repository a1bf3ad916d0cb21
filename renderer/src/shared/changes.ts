/**
 * The changes that affect configuration items (common/entities/change-ci.ts), read from the
 * replica, and how a change is said on screen. Used by the impact view (scheduled changes on each
 * CI), a CI's screen and an asset's screen (its CI's changes, in its timeline too). A change is
 * shown as text: there is no change screen to link to yet.
 */
import type { ChangeState } from '@fielddesk/common/changes/lifecycle';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { changeName, isScheduledChange, sortChanges, UPCOMING_CHANGE_STATES } from '@fielddesk/common/itsm/changes';
import type { FieldDeskDb } from '../data/db';
import { changeCiTable } from '../data/repositories/changeCis';

export { changeCiTable };

/**
 * The changes affecting each of `ciIds` that are on this device (each once per CI), in the order a
 * CI's screen lists them (sortChanges). One indexed read of the links per CI, all issued together
 * (IndexedDB answers them as a batch, as the impact view reads its relations and incidents), then
 * the changes in one bulk read. A CI with none is not in the map.
 */
export async function changesOfCis(db: FieldDeskDb, ciIds: readonly string[], nowMs: number): Promise<Map<string, ChangeRequest[]>> {
  const table = changeCiTable(db);
  const links = (await Promise.all([...new Set(ciIds)].map((id) => table.where('configurationItemId').equals(id).toArray()))).flat();
  if (links.length === 0) return new Map();
  const changeIds = [...new Set(links.map((l) => l.changeId))];
  const changes = new Map((await db.changes.bulkGet(changeIds)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  const perCi = new Map<string, Map<string, ChangeRequest>>();
  for (const l of links) {
    const change = changes.get(l.changeId);
    if (!change) continue;
    const own = perCi.get(l.configurationItemId) ?? new Map<string, ChangeRequest>();
    own.set(change.id, change);
    perCi.set(l.configurationItemId, own);
  }
  return new Map([...perCi].map(([id, own]) => [id, sortChanges([...own.values()], nowMs)]));
}

/**
 * The scheduled changes (common/itsm/changes.ts isScheduledChange) on each of `ciIds`, soonest
 * first, for a view of many CIs (the impact view's 500): read from the changes' side, which is
 * two indexed reads whatever the number of CIs — the scheduled and implementing changes (the
 * `status` index; a replica holds a few dozen) and their links (the `changeId` index) — where
 * one read per CI (changesOfCis) costs as much as the view's incidents.
 */
export async function scheduledChangesOf(db: FieldDeskDb, ciIds: readonly string[], nowMs: number): Promise<Map<string, ChangeRequest[]>> {
  const upcoming = (await db.changes.where('status').anyOf([...UPCOMING_CHANGE_STATES]).toArray()).filter((c) => isScheduledChange(c, nowMs));
  if (upcoming.length === 0 || ciIds.length === 0) return new Map();
  const byId = new Map(upcoming.map((c) => [c.id, c]));
  const wanted = new Set(ciIds);
  const links = await changeCiTable(db)
    .where('changeId')
    .anyOf([...byId.keys()])
    .toArray();
  const perCi = new Map<string, Map<string, ChangeRequest>>();
  for (const l of links) {
    if (!wanted.has(l.configurationItemId)) continue;
    const own = perCi.get(l.configurationItemId) ?? new Map<string, ChangeRequest>();
    own.set(l.changeId, byId.get(l.changeId)!);
    perCi.set(l.configurationItemId, own);
  }
  return new Map([...perCi].map(([id, own]) => [id, sortChanges([...own.values()], nowMs)]));
}

/** "1 scheduled change", "3 scheduled changes". */
export function scheduledChangeWords(n: number): string {
  return n === 1 ? '1 scheduled change' : `${n} scheduled changes`;
}

/** "1 change", "3 changes": the short form, for a graph's box. */
export function changeCountWords(n: number): string {
  return n === 1 ? '1 change' : `${n} changes`;
}

const day = (ms: number) => new Date(ms).toDateString();

/**
 * A change's window in this device's words: "10 Dec 2026, 19:00 – 22:00" when it starts and ends
 * on one day, else both ends in full.
 */
export function changeWindowText(change: Pick<ChangeRequest, 'windowStart' | 'windowEnd'>): string {
  const start = Date.parse(change.windowStart);
  const end = Date.parse(change.windowEnd);
  const full = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const time = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { timeStyle: 'short' });
  return day(start) === day(end) ? `${full(start)} – ${time(end)}` : `${full(start)} – ${full(end)}`;
}

/** "CHG-0004 · Monthly Windows server patching at Headquarters". */
export function changeLine(change: Pick<ChangeRequest, 'number' | 'title'>): string {
  return change.number ? `${change.number} · ${change.title}` : changeName(change);
}

export const CHANGE_STATUS_COLORS: Record<ChangeState, string> = {
  new: 'gray',
  assess: 'cyan',
  authorize: 'violet',
  scheduled: 'blue',
  implement: 'orange',
  review: 'yellow',
  closed: 'teal',
  rejected: 'red',
  cancelled: 'gray',
};
