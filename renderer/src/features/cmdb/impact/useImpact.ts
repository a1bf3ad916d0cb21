/**
 * The impact view's data, live from the replica (offline too): the relations within reach of
 * the start, walked in each direction only as far as the depth asked for; the CIs, their sites,
 * the open incidents linked to each and the changes scheduled on each.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImpactGraph } from '@fielddesk/common/cmdb/relations';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import { isOpenStatus } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../../app/workspaceContext';
import type { FieldDeskDb } from '../../../data/db';
import { scheduledChangesOf } from '../../../shared/changes';
import { impactRows, impactView, type CiSummary, type DirectionFilter, type ImpactRow } from './impactModel';
import { IMPACT_MEASURES, measureSince, timed } from './timing';

/**
 * The relations an impact walk of `depth` steps from `start` can use: upstream, those whose
 * `to` end is reached (who relies on it); downstream, those whose `from` end is (what it relies
 * on), for every type alike (common/cmdb/relations.ts). Read a step at a time through the
 * replica's indexes, the two directions at once, one indexed read per CI of the step, all issued
 * together: IndexedDB answers them as a batch, where an `anyOf` cursor waits for each key's answer
 * before asking for the next (npm run bench:assets: a 500-CI view read its replica in about 160
 * ms instead of 240, before the CIs and their incidents were also read side by side).
 */
export async function relationsAround(db: FieldDeskDb, start: string, depth: number): Promise<CiRelation[]> {
  const found = new Map<string, CiRelation>();
  const walk = async (reached: 'toId' | 'fromId') => {
    const seen = new Set([start]);
    let frontier = [start];
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const lists = await Promise.all(frontier.map((id) => db.ciRelations.where(reached).equals(id).toArray()));
      const next: string[] = [];
      for (const list of lists) {
        for (const r of list) {
          found.set(r.id, r);
          const other = reached === 'toId' ? r.fromId : r.toId;
          if (!seen.has(other)) {
            seen.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
  };
  await Promise.all([walk('toId'), walk('fromId')]);
  return [...found.values()];
}

/** Open incidents linked to each of `ciIds` (each ticket counted once per CI). */
export async function openIncidentsOf(db: FieldDeskDb, ciIds: readonly string[]): Promise<Map<string, number>> {
  // One indexed read per CI, issued together (see relationsAround).
  const links = (await Promise.all([...new Set(ciIds)].map((id) => db.ticketLinks.where('targetId').equals(id).toArray()))).flat().filter((l) => l.targetEntity === 'configuration_item');
  const tickets = await db.tickets.bulkGet([...new Set(links.map((l) => l.ticketId))]);
  const open = new Set(tickets.filter((t) => t !== undefined && t.kind === 'incident' && isOpenStatus(t.status)).map((t) => t!.id));
  const perCi = new Map<string, Set<string>>();
  for (const l of links) {
    if (!open.has(l.ticketId)) continue;
    const set = perCi.get(l.targetId) ?? new Set<string>();
    set.add(l.ticketId);
    perCi.set(l.targetId, set);
  }
  return new Map([...perCi].map(([id, set]) => [id, set.size]));
}

export interface ImpactData {
  graph: ImpactGraph;
  cis: Map<string, CiSummary>;
  openIncidents: Map<string, number>;
  /** Per CI: the changes scheduled on it (shared/changes.ts scheduledChangesOf), soonest first. */
  scheduledChanges: Map<string, ChangeRequest[]>;
  rows: ImpactRow[];
}

export async function loadImpact(db: FieldDeskDb, start: string, depth: number, filter: DirectionFilter, nowMs: number = Date.now()): Promise<ImpactData> {
  const began = performance.now();
  const relations = await relationsAround(db, start, depth);
  const graph = timed(IMPACT_MEASURES.traversal, () => impactView(start, relations, depth, filter));
  const ids = graph.nodes.map((n) => n.id);
  // The CIs, their open incidents and their scheduled changes, read side by side (the changes from
  // their side: two indexed reads, see scheduledChangesOf).
  const [records, openIncidents, scheduledChanges] = await Promise.all([db.configurationItems.bulkGet(ids), openIncidentsOf(db, ids), scheduledChangesOf(db, ids, nowMs)]);
  const siteIds = [...new Set(records.flatMap((c) => (c?.siteId ? [c.siteId] : [])))];
  const sites = new Map((await db.sites.bulkGet(siteIds)).flatMap((s) => (s ? [[s.id, s.name] as const] : [])));
  const cis = new Map<string, CiSummary>();
  for (const c of records) if (c) cis.set(c.id, { name: c.name, ciType: c.ciType, siteName: c.siteId ? (sites.get(c.siteId) ?? null) : null });
  const rows = timed(IMPACT_MEASURES.rows, () => impactRows(graph, cis, openIncidents, scheduledChanges));
  measureSince(IMPACT_MEASURES.load, began);
  return { graph, cis, openIncidents, scheduledChanges, rows };
}

/** undefined while loading. */
export function useImpact(start: string | undefined, depth: number, filter: DirectionFilter): ImpactData | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (start ? loadImpact(db, start, depth, filter) : undefined), [db, start, depth, filter]);
}
