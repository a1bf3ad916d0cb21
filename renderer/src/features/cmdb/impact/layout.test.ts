import { describe, expect, it } from 'vitest';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { impactView } from './impactModel';
import { layoutImpact, NODE_SIZE, rowsOf } from './layout';

let n = 0;
const rel = (fromId: string, type: CiRelationType, toId: string): CiRelation => ({ id: `l${String(++n).padStart(3, '0')}`, fromId, toId, type, authorId: null, createdAt: '2026-01-01T00:00:00.000Z', rev: n });

const noOverlap = (at: Map<string, { x: number; y: number }>) => {
  const boxes = [...at.values()];
  for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= NODE_SIZE.width || Math.abs(a.y - b.y) >= NODE_SIZE.height).toBe(true);
};

describe('rows of the impact graph', () => {
  it('by level, affected above and relied on below, the farther the farther', () => {
    const relations = [rel('svc', 'depends_on', 'app'), rel('app', 'runs_on', 'vm'), rel('vm', 'virtualized_by', 'host'), rel('portal', 'depends_on', 'svc')];
    expect(Object.fromEntries(rowsOf(impactView('app', relations, 3, 'both')))).toEqual({ portal: 0, svc: 1, app: 2, vm: 3, host: 4 });
  });

  it('puts a CI relied on by another of its level a row below it', () => {
    // The app relies on its database and its server; the database runs on the server too.
    const relations = [rel('app', 'depends_on', 'db'), rel('app', 'runs_on', 'srv'), rel('db', 'runs_on', 'srv'), rel('srv', 'connects_to', 'sw')];
    const graph = impactView('app', relations, 3, 'both');
    expect(Object.fromEntries(rowsOf(graph))).toEqual({ app: 0, db: 1, srv: 2, sw: 3 });
    const at = layoutImpact(graph);
    expect(at.get('db')!.y).toBeLessThan(at.get('srv')!.y);
    noOverlap(at);
  });

  it('lays out a circle of relations inside a level without failing', () => {
    const relations = [rel('app', 'depends_on', 'a'), rel('app', 'depends_on', 'b'), rel('a', 'depends_on', 'b'), rel('b', 'runs_on', 'a')];
    const graph = impactView('app', relations, 2, 'both');
    const at = layoutImpact(graph);
    expect([...at.keys()].sort()).toEqual(['a', 'app', 'b']);
    expect(at.get('app')!.y).toBeLessThan(Math.min(at.get('a')!.y, at.get('b')!.y));
    noOverlap(at);
  });

  it('lays out a wide tree quickly, every box on its level’s row', () => {
    const relations: CiRelation[] = [];
    const below = (parent: string, depth: number) => {
      if (depth === 4) return;
      for (let i = 0; i < 4; i++) {
        const child = `${parent}.${i}`;
        relations.push(rel(parent, 'depends_on', child));
        below(child, depth + 1);
      }
    };
    below('root', 0);
    const graph = impactView('root', relations, 4, 'both');
    expect(graph.nodes).toHaveLength(341);
    const at = layoutImpact(graph);
    for (const node of graph.nodes) expect(at.get(node.id)!.y, node.id).toBe(at.get('root')!.y + node.depth * (NODE_SIZE.height + 72));
    noOverlap(at);
  });
});
