/**
 * The impact view's model, pure: which CIs an outage of one CI affects (upstream) and what it
 * relies on (downstream), walked by impactOf (common/cmdb/relations.ts) over the relations on
 * this device, filtered by direction, with the relation each CI was reached through and the
 * rows of the list. The graph's layout is in ./layout.ts; reading the replica in ./useImpact.ts.
 */
import { ciTypeLabel } from '@fielddesk/common/cmdb/classes';
import { impactOf, relationWords, type ImpactGraph, type ImpactNode } from '@fielddesk/common/cmdb/relations';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';

export type DirectionFilter = 'both' | 'upstream' | 'downstream';

export const DIRECTION_FILTERS: readonly { value: DirectionFilter; label: string }[] = [
  { value: 'both', label: 'Both' },
  { value: 'upstream', label: 'Affected (upstream)' },
  { value: 'downstream', label: 'Relies on (downstream)' },
];

/** How a CI of the view stands to the start, in the words of the list and the graph. */
export const DIRECTION_WORDS: Record<ImpactNode['direction'], string> = { self: 'This item', upstream: 'Affected', downstream: 'Relied on' };

export function parseDirection(value: string | null): DirectionFilter {
  return value === 'upstream' || value === 'downstream' ? value : 'both';
}

const swap = (r: CiRelation): CiRelation => ({ ...r, fromId: r.toId, toId: r.fromId });

/**
 * The CIs within `depth` steps of `start` in the directions asked for, and the relations
 * between them. impactOf keeps each CI once and gives a CI reached both ways (relied on along
 * one path, affected along another) to upstream; asked for downstream alone, the same walk runs
 * over the relations read the other way round, so such a CI shows as relied on instead of
 * vanishing.
 */
export function impactView(start: string, relations: readonly CiRelation[], depth: number, filter: DirectionFilter): ImpactGraph {
  let graph: ImpactGraph;
  if (filter === 'downstream') {
    const byId = new Map(relations.map((r) => [r.id, r]));
    const reversed = impactOf(start, relations.map(swap), depth);
    const flip = { self: 'self', upstream: 'downstream', downstream: 'upstream' } as const;
    graph = { nodes: reversed.nodes.map((n) => ({ ...n, direction: flip[n.direction] })), edges: reversed.edges.map((e) => byId.get(e.id) ?? swap(e)) };
  } else {
    graph = impactOf(start, relations, depth);
  }
  if (filter === 'both') return graph;
  const nodes = graph.nodes.filter((n) => n.direction === 'self' || n.direction === filter);
  const depthOf = new Map(nodes.map((n) => [n.id, n.depth]));
  // Only the relations an outage travels along in that direction: affected, the CI that relies
  // is no nearer the start than the one relied on (relied on: the other way round). A CI both
  // affected and relied on would otherwise bring along a relation read the wrong way.
  const edges = graph.edges.filter((e) => {
    const from = depthOf.get(e.fromId);
    const to = depthOf.get(e.toId);
    if (from === undefined || to === undefined) return false;
    return filter === 'upstream' ? to <= from : from <= to;
  });
  return { nodes, edges };
}

/** Whether `r`, read from `near` (nearer the start) to `far`, is how an outage travels in `direction`. */
function carries(r: CiRelation, near: string, far: string, direction: 'upstream' | 'downstream'): boolean {
  const ends = r.fromId === near && r.toId === far ? 'forward' : r.fromId === far && r.toId === near ? 'backward' : null;
  if (!ends) return false;
  // Upstream: the far CI relies on the near one (far → near); downstream: near relies on far.
  return direction === 'upstream' ? ends === 'backward' : ends === 'forward';
}

/**
 * For each CI but the start, the relation it was reached through: one to a CI a step nearer
 * the start, in the same direction (the first by id when several are, so the answer is stable).
 */
export function reachedThrough(graph: ImpactGraph): Map<string, CiRelation> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = [...graph.edges].sort((a, b) => a.id.localeCompare(b.id));
  const via = new Map<string, CiRelation>();
  for (const node of graph.nodes) {
    if (node.direction === 'self') continue;
    const direction = node.direction;
    const found = edges.find((r) => {
      const other = r.fromId === node.id ? r.toId : r.toId === node.id ? r.fromId : null;
      const near = other === null ? undefined : byId.get(other);
      return near !== undefined && near.depth === node.depth - 1 && (near.direction === 'self' || near.direction === direction) && carries(r, near.id, node.id, direction);
    });
    if (found) via.set(node.id, found);
  }
  return via;
}

/** What the view shows of a CI (null: the relation is on this device, the CI is not). */
export interface CiSummary {
  name: string;
  ciType: string;
  siteName: string | null;
}

export interface ImpactRow {
  id: string;
  ci: CiSummary | null;
  direction: ImpactNode['direction'];
  depth: number;
  /** "Print service depends on hq-print01": the relation it was reached through (null for the start). */
  via: string | null;
  openIncidents: number;
  /** The changes scheduled on it (scheduled or being implemented, window not ended), soonest first. */
  changes: readonly ChangeRequest[];
}

export function incidentWords(n: number): string {
  return n === 1 ? '1 open incident' : `${n} open incidents`;
}

export const NOT_ON_DEVICE = 'not on this device';

export function nameOf(ci: CiSummary | null | undefined): string {
  return ci ? ci.name : `A configuration item ${NOT_ON_DEVICE}`;
}

/** A CI's class and site, as its box and its row say them: "Server · Headquarters". */
export function ciDetail(ci: CiSummary | null): string {
  return ci ? [ciTypeLabel(ci.ciType), ci.siteName].filter(Boolean).join(' · ') : '';
}

/** The relation as a sentence: "<from> depends on <to>". */
export function relationSentence(r: CiRelation, cis: ReadonlyMap<string, CiSummary>): string {
  const name = (id: string) => cis.get(id)?.name ?? `(${NOT_ON_DEVICE})`;
  return `${name(r.fromId)} ${relationWords(r.type, 'from')} ${name(r.toId)}`;
}

const ORDER: Record<ImpactNode['direction'], number> = { self: 0, upstream: 1, downstream: 2 };

const NO_CHANGES: readonly ChangeRequest[] = [];

/** The list view: the start, then what is affected, then what it relies on, nearest first, by name. */
export function impactRows(
  graph: ImpactGraph,
  cis: ReadonlyMap<string, CiSummary>,
  openIncidents: ReadonlyMap<string, number>,
  scheduledChanges: ReadonlyMap<string, readonly ChangeRequest[]> = new Map(),
): ImpactRow[] {
  const via = reachedThrough(graph);
  return graph.nodes
    .map((n) => {
      const through = via.get(n.id);
      return {
        id: n.id,
        ci: cis.get(n.id) ?? null,
        direction: n.direction,
        depth: n.depth,
        via: through ? relationSentence(through, cis) : null,
        openIncidents: openIncidents.get(n.id) ?? 0,
        changes: scheduledChanges.get(n.id) ?? NO_CHANGES,
      };
    })
    .sort((a, b) => ORDER[a.direction] - ORDER[b.direction] || a.depth - b.depth || nameOf(a.ci).localeCompare(nameOf(b.ci)) || a.id.localeCompare(b.id));
}
