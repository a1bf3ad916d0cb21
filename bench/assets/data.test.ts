import { describe, expect, it } from 'vitest';
import { ConfigurationItemSchema } from '@fielddesk/common/domain/entities';
import { CiRelationSchema } from '@fielddesk/common/entities/ci-relation';
import { classOf } from '@fielddesk/common/cmdb/classes';
import { impactView } from '../../renderer/src/features/cmdb/impact/impactModel';
import { generateServiceTree, IMPACT_DEPTH } from './data';

describe('the generated service tree', () => {
  const cmdb = generateServiceTree('0190f000-0000-7000-8000-000000000001', '2026-12-07T00:00:00.000Z');

  it('is valid records of known classes, the same every time', () => {
    for (const c of cmdb.cis) expect(ConfigurationItemSchema.safeParse(c).success, c.name).toBe(true);
    for (const r of cmdb.relations) expect(CiRelationSchema.safeParse(r).success).toBe(true);
    expect(cmdb.cis.every((c) => classOf(c.ciType) !== null)).toBe(true);
    expect(new Set(cmdb.cis.map((c) => c.name)).size).toBe(cmdb.cis.length);
    expect(generateServiceTree('0190f000-0000-7000-8000-000000000001', '2026-12-07T00:00:00.000Z')).toEqual(cmdb);
  });

  it('gives its root 500 CIs within 5 steps, as the impact view walks them, and the reference one', () => {
    const big = impactView(cmdb.rootId, cmdb.relations, IMPACT_DEPTH, 'both');
    expect(big.nodes).toHaveLength(501);
    expect(big.edges).toHaveLength(540);
    expect(Math.max(...big.nodes.map((n) => n.depth))).toBe(5);
    expect(impactView(cmdb.rootId, cmdb.relations, 4, 'both').nodes).toHaveLength(341);
    const lone = impactView(cmdb.loneId, cmdb.relations, IMPACT_DEPTH, 'both');
    expect(lone.nodes).toHaveLength(2);
    expect(lone.edges).toHaveLength(1);
  });
});
