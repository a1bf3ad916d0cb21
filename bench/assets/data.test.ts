import { describe, expect, it } from 'vitest';
import { ConfigurationItemSchema } from '@fielddesk/common/domain/entities';
import { CiRelationSchema } from '@fielddesk/common/entities/ci-relation';
import { classOf } from '@fielddesk/common/cmdb/classes';
import { impactView } from '../../renderer/src/features/cmdb/impact/impactModel';
import { ChangeCiSchema } from '@fielddesk/common/entities/change-ci';
import { generateChangeLinks, generateServiceTree, IMPACT_DEPTH } from './data';

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

  it('puts the scheduled changes on every tenth CI of the tree, 50 of them', () => {
    const changes = ['0190f000-0000-7000-8000-0000000000c1', '0190f000-0000-7000-8000-0000000000c2'];
    const links = generateChangeLinks(cmdb, changes, '2026-12-07T00:00:00.000Z');
    expect(links).toHaveLength(50);
    for (const l of links) expect(ChangeCiSchema.safeParse(l).success).toBe(true);
    const tree = new Set(impactView(cmdb.rootId, cmdb.relations, IMPACT_DEPTH, 'both').nodes.map((n) => n.id));
    expect(links.every((l) => tree.has(l.configurationItemId))).toBe(true);
    expect(new Set(links.map((l) => l.changeId))).toEqual(new Set(changes));
    expect(generateChangeLinks(cmdb, changes, '2026-12-07T00:00:00.000Z')).toEqual(links);
    expect(generateChangeLinks(cmdb, [], '2026-12-07T00:00:00.000Z')).toEqual([]);
  });
});
