/**
 * Where each CI of the impact graph is drawn: a dagre layered layout, top to bottom, by how far
 * and which way each CI stands from the start: what an outage of it affects above it (the
 * farther, the higher), what it relies on below it (the farther, the lower). So services sit above
 * the servers they use and the servers above their hosts and switches. A relation is laid out from
 * its higher end to its lower one (the CI that relies is the higher end). Pure (no DOM): dagre
 * only computes.
 */
import dagre from '@dagrejs/dagre';
import type { ImpactGraph } from '@fielddesk/common/cmdb/relations';

export const NODE_SIZE = { width: 220, height: 84 } as const;

export interface Point {
  x: number;
  y: number;
}

/** The top-left corner of each node (React Flow's position), by CI id. */
export function layoutImpact(graph: ImpactGraph): Map<string, Point> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: 72, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  // Sorted so the same graph is always drawn the same way, whatever order the replica gave.
  for (const node of [...graph.nodes].sort((a, b) => a.id.localeCompare(b.id))) g.setNode(node.id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  const level = new Map(graph.nodes.map((n) => [n.id, n.direction === 'upstream' ? -n.depth : n.depth]));
  for (const edge of [...graph.edges].sort((a, b) => a.id.localeCompare(b.id))) {
    const from = level.get(edge.fromId);
    const to = level.get(edge.toId);
    if (from === undefined || to === undefined) continue;
    if (from <= to) g.setEdge(edge.fromId, edge.toId, {}, edge.id);
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
