/**
 * From records to the collision index (collisions.ts): the booked changes with their CIs, the
 * windows expanded over a horizon (windows.ts), the CMDB's parent/child links. The calendar
 * builds it from the replica, offline; the server from its tables; both through this, so both
 * find the same collisions.
 *
 * A maintenance window applies to the CIs it names and to every CI of the sites it names (a
 * "data centre window"); a freeze keeps its own scope (CIs, services, sites, or everything).
 */
import { classOf } from '../cmdb/classes';
import { ciLinksFromRelations, CollisionIndex, type Candidate, type ScheduledChange, type WindowScope } from './collisions';
import { BOOKED_CHANGE_STATES } from './lifecycle';
import type { ChangeRequest, ChangeWindow } from './records';
import { occurrencesOf } from './windows';

export interface ScheduleCi {
  id: string;
  name: string;
  siteId: string | null;
  ciType: string;
}

export interface ScheduleFacts {
  changes: readonly ChangeRequest[];
  /** Which CIs each change affects (change_ci links). */
  changeCis: readonly { changeId: string; configurationItemId: string }[];
  windows: readonly ChangeWindow[];
  cis: readonly ScheduleCi[];
  relations: readonly { fromId: string; toId: string }[];
  /** The span the windows are expanded over (epoch ms); checks outside it see no window. */
  from: number;
  to: number;
}

/** How a sentence names a change. */
export const changeLabel = (c: Pick<ChangeRequest, 'number' | 'title'>): string => (c.number ? `${c.number} ${c.title}` : c.title);

/** The CIs of each change. */
export function ciIdsByChange(links: ScheduleFacts['changeCis']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const l of links) {
    const own = out.get(l.changeId);
    if (own) own.push(l.configurationItemId);
    else out.set(l.changeId, [l.configurationItemId]);
  }
  return out;
}

/** A window as the index reads it: a maintenance window's sites turned into their CIs. */
export function windowScopeOf(w: ChangeWindow, cisBySite: ReadonlyMap<string, readonly string[]>, from: number, to: number): WindowScope {
  let occurrences: { start: number; end: number }[] = [];
  try {
    occurrences = occurrencesOf({ id: w.id, kind: w.kind, timeZone: w.timeZone, startsOn: w.startsOn, startTime: w.startTime, durationMinutes: w.durationMinutes, rrule: w.rrule }, from, to);
  } catch {
    // A rule the server would refuse (checkWindowRule) cannot reach a replica; one that somehow
    // did opens no occurrence rather than stopping every check.
  }
  const ciIds = w.kind === 'maintenance' ? [...new Set([...w.ciIds, ...w.serviceIds, ...w.siteIds.flatMap((s) => cisBySite.get(s) ?? [])])] : w.ciIds;
  return {
    windowId: w.id,
    name: w.name,
    kind: w.kind,
    enforcement: w.kind === 'freeze' ? w.enforcement : 'warn',
    ciIds,
    serviceIds: w.kind === 'maintenance' ? [] : w.serviceIds,
    siteIds: w.kind === 'maintenance' ? [] : w.siteIds,
    occurrences: occurrences.map((o) => ({ start: o.start, end: o.end })),
  };
}

export function buildCollisionIndex(facts: ScheduleFacts): CollisionIndex {
  const byChange = ciIdsByChange(facts.changeCis);
  const cisBySite = new Map<string, string[]>();
  for (const ci of facts.cis) {
    if (!ci.siteId) continue;
    const own = cisBySite.get(ci.siteId);
    if (own) own.push(ci.id);
    else cisBySite.set(ci.siteId, [ci.id]);
  }
  const changes: ScheduledChange[] = facts.changes
    .filter((c) => BOOKED_CHANGE_STATES.includes(c.status))
    .map((c) => ({ id: c.id, label: changeLabel(c), start: Date.parse(c.windowStart), end: Date.parse(c.windowEnd), ciIds: byChange.get(c.id) ?? [], assigneeId: c.assigneeId }));
  return new CollisionIndex({
    changes,
    windows: facts.windows.map((w) => windowScopeOf(w, cisBySite, facts.from, facts.to)),
    links: ciLinksFromRelations(facts.relations),
    ciNames: new Map(facts.cis.map((ci) => [ci.id, ci.name])),
  });
}

/** A change as the index checks it, at its own window or another one (while it is dragged). */
export function candidateOf(
  change: Pick<ChangeRequest, 'id' | 'siteId' | 'assigneeId' | 'windowStart' | 'windowEnd'>,
  ciIds: readonly string[],
  ciTypes: ReadonlyMap<string, string>,
  at?: { start: number; end: number },
): Candidate {
  return {
    id: change.id,
    start: at?.start ?? Date.parse(change.windowStart),
    end: at?.end ?? Date.parse(change.windowEnd),
    ciIds,
    serviceIds: ciIds.filter((id) => classOf(ciTypes.get(id) ?? '') === 'business_service'),
    siteId: change.siteId,
    assigneeId: change.assigneeId,
  };
}
