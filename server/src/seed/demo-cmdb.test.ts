import { describe, expect, it } from 'vitest';
import { impactOf } from '@fielddesk/common/cmdb/relations';
import { CiRelationSchema } from '@fielddesk/common/entities/ci-relation';
import { buildDemoData } from './demo';
import { buildDemoCiRelations } from './demo-cmdb';
import { buildDemoItsmData } from './demo-itsm';

describe('demo CMDB relationships', () => {
  const now = Date.parse('2026-03-02T09:00:00.000Z');
  const data = buildDemoData(now);
  const itsm = buildDemoItsmData(now, data);
  const relations = buildDemoCiRelations(now, data.sites, itsm.configurationItems);
  const nameOf = new Map(itsm.configurationItems.map((c) => [c.id, c.name]));
  const idOf = (name: string) => itsm.configurationItems.find((c) => c.name === name)!.id;

  it('are valid records between demo CIs, each once, the same every time', () => {
    expect(relations.length).toBeGreaterThan(40);
    for (const r of relations) {
      expect(CiRelationSchema.parse(r)).toEqual(r);
      expect(nameOf.has(r.fromId) && nameOf.has(r.toId)).toBe(true);
    }
    expect(new Set(relations.map((r) => `${r.fromId}|${r.type}|${r.toId}`)).size).toBe(relations.length);
    expect(buildDemoCiRelations(now, data.sites, itsm.configurationItems)).toEqual(relations);
  });

  it('form service trees: the print service reaches down to a switch, and a host outage reaches up to services', () => {
    const down = impactOf(idOf('Print service'), relations, 5).nodes.filter((n) => n.direction === 'downstream').map((n) => nameOf.get(n.id));
    expect(down).toEqual(expect.arrayContaining(['hq-print01', 'dc-print01', 'lab-print01', 'hq-hv01', 'Identity (directory and SSO)']));
    const up = impactOf(idOf('hq-hv01'), relations, 5).nodes.filter((n) => n.direction === 'upstream').map((n) => nameOf.get(n.id));
    expect(up).toEqual(expect.arrayContaining(['hq-app01', 'FieldDesk', 'Print service', 'Backup']));
  });
});
