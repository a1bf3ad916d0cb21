/**
 * Where each CI of the impact graph is drawn: a dagre layered layout, top to bottom, by how far
 * and which way each CI stands from the start: what an outage of it affects above it (the
 * farther, the higher), what it relies on below it (the farther, the lower). So services sit above
 * the servers they use and the servers above their hosts and switches. A relation is laid out from
 * its higher end to its lower one (the CI that relies is the higher end). Pure (no DOM): dagre
 * only computes.
 *
 * The rows are ours (rowsOf), handed to dagre as its ranks: the walk already knows each CI's
 * distance, and dagre's own ranking (network simplex) cost half the layout of a 500-CI view
 * (150 of 300 ms) to find the same rows. Dagre still orders each row and places the boxes.
 */
import dagre from '@dagrejs/dagre';
import type { ImpactGraph } from '@fielddesk/common/cmdb/relations';

export const NODE_SIZE = { width: 220, height: 84 } as const;

export interface Point {
  x: number;
  y: number;
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

/**
 * Each CI's row, from 0 at the top: by level (affected at distance d: -d; relied on: +d), and
 * inside a level a CI that relies on another CI of the same level a row above it (the longest
 * such chain decides; CIs on a circle of relations keep the row reached before it).
 */
export function rowsOf(graph: ImpactGraph): Map<string, number> {
  const level = new Map(graph.nodes.map((n) => [n.id, n.direction === 'upstream' ? -n.depth : n.depth]));
  const below = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const e of [...graph.edges].sort(byId)) {
    if (e.fromId === e.toId || level.get(e.fromId) === undefined || level.get(e.fromId) !== level.get(e.toId)) continue;
    below.set(e.fromId, [...(below.get(e.fromId) ?? []), e.toId]);
    waiting.set(e.toId, (waiting.get(e.toId) ?? 0) + 1);
  }
  const sub = new Map(graph.nodes.map((n) => [n.id, 0]));
  const queue = graph.nodes.filter((n) => !waiting.has(n.id)).map((n) => n.id).sort();
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of below.get(v) ?? []) {
      sub.set(w, Math.max(sub.get(w)!, sub.get(v)! + 1));
      const left = waiting.get(w)! - 1;
      waiting.set(w, left);
      if (left === 0) queue.push(w);
    }
  }
  const levels = [...new Set(level.values())].sort((a, b) => a - b);
  const height = new Map<number, number>();
  for (const [id, l] of level) height.set(l, Math.max(height.get(l) ?? 0, sub.get(id)! + 1));
  const top = new Map<number, number>();
  let next = 0;
  for (const l of levels) {
    top.set(l, next);
    next += height.get(l)!;
  }
  return new Map([...level].map(([id, l]) => [id, top.get(l)! + sub.get(id)!]));
}

/** The top-left corner of each node (React Flow's position), by CI id. */
export function layoutImpact(graph: ImpactGraph): Map<string, Point> {
  const rows = rowsOf(graph);
  // Dagre's ranks, from our rows. Its layout graph has a root node above everything and a rank
  // between two rows (for edge labels: every edge's minimum length is doubled), each scaled by
  // its nesting factor: so row r is rank (2r + 1) × factor, and the root rank 0.
  const ranker = (layoutGraph: dagre.graphlib.Graph) => {
    const factor = (layoutGraph.graph() as { nodeRankFactor?: number }).nodeRankFactor ?? 1;
    for (const v of layoutGraph.nodes()) {
      const row = rows.get(v);
      (layoutGraph.node(v) as { rank?: number }).rank = row === undefined ? 0 : (2 * row + 1) * factor;
    }
  };
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // dagre takes a ranking function (rank/index.js) though its types name only the built-in ones.
  g.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: 72, marginx: 16, marginy: 16, ranker: ranker as unknown as string });
  g.setDefaultEdgeLabel(() => ({}));
  // Sorted so the same graph is always drawn the same way, whatever order the replica gave.
  for (const node of [...graph.nodes].sort(byId)) g.setNode(node.id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  for (const edge of [...graph.edges].sort(byId)) {
    const from = rows.get(edge.fromId);
    const to = rows.get(edge.toId);
    // Laid out downwards; two CIs on one row (a circle of relations) are not tied by the layout.
    if (from === undefined || to === undefined || from === to) continue;
    if (from < to) g.setEdge(edge.fromId, edge.toId, {}, edge.id);
    else g.setEdge(edge.toId, edge.fromId, {}, edge.id);
  }
  dagre.layout(g);
  const positions = new Map<string, Point>();
  for (const id of g.nodes()) {
    const { x, y } = g.node(id);
    positions.set(id, { x: x - NODE_SIZE.width / 2, y: y - NODE_SIZE.height / 2 });
  }
  return positions;
}
