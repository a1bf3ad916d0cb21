/**
 * The impact view's data, live from the replica (offline too): the relations within reach of
 * the start, walked in each direction only as far as the depth asked for; the CIs, their sites,
 * and the open incidents linked to each.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImpactGraph } from '@fielddesk/common/cmdb/relations';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import { isOpenStatus } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../../app/workspaceContext';
import type { FieldDeskDb } from '../../../data/db';
import { impactRows, impactView, type CiSummary, type DirectionFilter, type ImpactRow } from './impactModel';
import { IMPACT_MEASURES, measureSince, timed } from './timing';

/**
 * The relations an impact walk of `depth` steps from `start` can use: upstream, those whose
 * `to` end is reached (who relies on it); downstream, those whose `from` end is (what it relies
 * on), for every type alike (common/cmdb/relations.ts). Read a step at a time through the
 * replica's indexes.
 */
export async function relationsAround(db: FieldDeskDb, start: string, depth: number): Promise<CiRelation[]> {
  const found = new Map<string, CiRelation>();
  for (const direction of ['upstream', 'downstream'] as const) {
    const seen = new Set([start]);
    let frontier = [start];
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const at = new Set(frontier);
      const [toHere, fromHere] = await Promise.all([db.ciRelations.where('toId').anyOf(frontier).toArray(), db.ciRelations.where('fromId').anyOf(frontier).toArray()]);
      const next: string[] = [];
      for (const r of [...toHere, ...fromHere]) {
        const relierReached = at.has(r.toId) && direction === 'upstream';
        const reliedReached = at.has(r.fromId) && direction === 'downstream';
        for (const other of [relierReached ? r.fromId : null, reliedReached ? r.toId : null]) {
          if (other === null) continue;
          found.set(r.id, r);
          if (!seen.has(other)) {
            seen.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
  }
  return [...found.values()];
}

/** Open incidents linked to each of `ciIds` (each ticket counted once per CI). */
export async function openIncidentsOf(db: FieldDeskDb, ciIds: readonly string[]): Promise<Map<string, number>> {
  const links = (await db.ticketLinks.where('targetId').anyOf([...ciIds]).toArray()).filter((l) => l.targetEntity === 'configuration_item');
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
  rows: ImpactRow[];
}

export async function loadImpact(db: FieldDeskDb, start: string, depth: number, filter: DirectionFilter): Promise<ImpactData> {
  const began = performance.now();
  const relations = await relationsAround(db, start, depth);
  const graph = timed(IMPACT_MEASURES.traversal, () => impactView(start, relations, depth, filter));
  const ids = graph.nodes.map((n) => n.id);
  const records = await db.configurationItems.bulkGet(ids);
  const siteIds = [...new Set(records.flatMap((c) => (c?.siteId ? [c.siteId] : [])))];
  const sites = new Map((await db.sites.bulkGet(siteIds)).flatMap((s) => (s ? [[s.id, s.name] as const] : [])));
  const cis = new Map<string, CiSummary>();
  for (const c of records) if (c) cis.set(c.id, { name: c.name, ciType: c.ciType, siteName: c.siteId ? (sites.get(c.siteId) ?? null) : null });
  const openIncidents = await openIncidentsOf(db, ids);
  const rows = timed(IMPACT_MEASURES.rows, () => impactRows(graph, cis, openIncidents));
  measureSince(IMPACT_MEASURES.load, began);
  return { graph, cis, openIncidents, rows };
}

/** undefined while loading. */
export function useImpact(start: string | undefined, depth: number, filter: DirectionFilter): ImpactData | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (start ? loadImpact(db, start, depth, filter) : undefined), [db, start, depth, filter]);
}
