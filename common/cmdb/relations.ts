/**
 * The rules of CI relationships and the impact of an outage, the same on the app (offline,
 * over the replica) and on the server (over the database): pure functions over the relations
 * they are given, with the words a person reads when a relation is refused.
 *
 * Direction: a relation reads "from <type> to" ("web01 runs on vm-host-3"). For impact, the
 * `from` end relies on the `to` end, for every type: an outage of vm-host-3 affects web01
 * (upstream: what is affected, what relies on it), and web01 needs vm-host-3 (downstream: what
 * it relies on), as ServiceNow's dependency views read. "hq-hv01 connects to hq-sw01" too: the
 * host needs its switch, the switch does not need the host (walking it both ways made every
 * device on a switch "affected" by any one of them).
 */
import { CI_RELATION_TYPES, type CiRelation, type CiRelationType } from '../entities/ci-relation';

export type Refusal = { ok: true } | { ok: false; reason: string };

/** What a rule needs of a CI: that it exists, and what to call it. */
export interface CiFacts {
  id: string;
  name: string;
}

export type RelationEnds = Pick<CiRelation, 'fromId' | 'toId' | 'type'>;

/** "depends on", "is used by": the words of a type, read from its `from` end or its `to` end. */
export function relationWords(type: CiRelationType, end: 'from' | 'to'): string {
  return end === 'from' ? CI_RELATION_TYPES[type].forward : CI_RELATION_TYPES[type].reverse;
}

/** "depends on" → "already depends on", "is hosted on" → "is already hosted on". */
function already(words: string): string {
  return words.startsWith('is ') ? `is already ${words.slice(3)}` : `already ${words}`;
}

/**
 * Whether a new relation may be recorded: both CIs exist, they differ, it is not there yet,
 * and for a type that forbids cycles, the `to` end does not already reach the `from` end
 * through relations of that type (`related(type, fromIds)` gives the relations of that type
 * leaving those CIs; the server reads them from the database, the app from its replica).
 */
export async function checkNewRelation(
  relation: RelationEnds,
  cis: { from: CiFacts | null; to: CiFacts | null },
  related: (type: CiRelationType, fromIds: readonly string[]) => Promise<readonly RelationEnds[]> | readonly RelationEnds[],
): Promise<Refusal> {
  const { from, to } = cis;
  if (!from) return { ok: false, reason: 'The configuration item does not exist or is not visible to you.' };
  if (!to) return { ok: false, reason: 'The related configuration item does not exist or is not visible to you.' };
  if (from.id === to.id) return { ok: false, reason: 'A configuration item cannot be related to itself.' };
  const words = relationWords(relation.type, 'from');
  const same = await related(relation.type, [from.id]);
  if (same.some((r) => r.toId === to.id)) return { ok: false, reason: `${from.name} ${already(words)} ${to.name}.` };
  if (!CI_RELATION_TYPES[relation.type].acyclic) return { ok: true };
  const path = await pathBetween(to.id, from.id, (ids) => related(relation.type, ids));
  if (path) {
    const through = path.length > 2 ? ' through other items' : '';
    return { ok: false, reason: `${from.name} cannot ${baseForm(words)} ${to.name}: ${to.name} ${already(words)} ${from.name}${through}, and "${words}" may not go round in a circle.` };
  }
  return { ok: true };
}

/** "depends on" → "depend on", "is hosted on" → "be hosted on", "runs on" → "run on". */
function baseForm(words: string): string {
  const [verb, ...rest] = words.split(' ');
  const base = verb === 'is' ? 'be' : verb!.replace(/s$/, '');
  return [base, ...rest].join(' ');
}

/** The CI ids of a path from `start` to `goal` along relations (breadth first), or null. */
async function pathBetween(
  start: string,
  goal: string,
  next: (fromIds: readonly string[]) => Promise<readonly RelationEnds[]> | readonly RelationEnds[],
): Promise<string[] | null> {
  const cameFrom = new Map<string, string | null>([[start, null]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const found: string[] = [];
    for (const r of await next(frontier)) {
      if (cameFrom.has(r.toId)) continue;
      cameFrom.set(r.toId, r.fromId);
      if (r.toId === goal) {
        const path = [goal];
        for (let at: string | null = r.fromId; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
        return path;
      }
      found.push(r.toId);
    }
    frontier = found;
  }
  return null;
}

/** How far the impact view looks by default, and at most. */
export const IMPACT_DEPTH = { default: 3, max: 10 } as const;

export type ImpactDirection = 'upstream' | 'downstream';

export interface ImpactNode {
  id: string;
  /** Steps from the CI the view starts at (0 for itself). */
  depth: number;
  /** upstream: affected by an outage of the start; downstream: what the start relies on. */
  direction: ImpactDirection | 'self';
}

export interface ImpactGraph {
  nodes: ImpactNode[];
  /** The relations between the nodes shown (each once). */
  edges: CiRelation[];
}

/**
 * The CIs upstream (affected by an outage of `start`) and downstream (what `start` relies on)
 * within `depth` steps, and the relations between them. Each CI appears once, at its shortest
 * distance; upstream wins a tie, since "what does this outage affect" is the question asked.
 */
export function impactOf(start: string, relations: readonly CiRelation[], depth: number = IMPACT_DEPTH.default): ImpactGraph {
  const limit = Math.max(1, Math.min(IMPACT_DEPTH.max, Math.floor(depth)));
  // For each CI: who relies on it (upstream neighbours) and what it relies on (downstream).
  const reliedOnBy = new Map<string, CiRelation[]>();
  const reliesOn = new Map<string, CiRelation[]>();
  const add = (map: Map<string, CiRelation[]>, key: string, r: CiRelation) => {
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  };
  for (const r of relations) {
    add(reliedOnBy, r.toId, r);
    add(reliesOn, r.fromId, r);
  }
  const nodes = new Map<string, ImpactNode>([[start, { id: start, depth: 0, direction: 'self' }]]);
  const edges = new Map<string, CiRelation>();
  const walk = (direction: ImpactDirection, links: Map<string, CiRelation[]>) => {
    let frontier = [start];
    for (let d = 1; d <= limit && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const r of links.get(id) ?? []) {
          const other = r.fromId === id ? r.toId : r.fromId;
          const known = nodes.get(other);
          if (known && known.direction !== direction && known.direction !== 'self' && known.depth < d) continue;
          edges.set(r.id, r);
          if (known) continue;
          nodes.set(other, { id: other, depth: d, direction });
          next.push(other);
        }
      }
      frontier = next;
    }
  };
  walk('upstream', reliedOnBy);
  walk('downstream', reliesOn);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
