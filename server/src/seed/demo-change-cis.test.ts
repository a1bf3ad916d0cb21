import { describe, expect, it } from 'vitest';
import { classOf } from '@fielddesk/common/cmdb/classes';
import { ChangeCiSchema } from '@fielddesk/common/entities/change-ci';
import { isScheduledChange } from '@fielddesk/common/itsm/changes';
import { buildDemoData } from './demo';
import { buildDemoCiRelations } from './demo-cmdb';
import { buildDemoChangeCis, DEMO_SCHEDULED_ON_SERVICE_SERVERS, serviceServers } from './demo-change-cis';
import { buildDemoChanges } from './demo-changes';
import { buildDemoItsmData } from './demo-itsm';

describe('demo changes and the CIs they affect', () => {
  const now = Date.parse('2026-03-02T09:00:00.000Z');
  const data = buildDemoData(now);
  const itsm = buildDemoItsmData(now, data);
  const cis = itsm.configurationItems.filter((c) => c.status !== 'retired');
  const relations = buildDemoCiRelations(now, data.sites, itsm.configurationItems, data.assets);
  const changes = buildDemoChanges(now, data).changes;
  const links = buildDemoChangeCis(now, changes, cis, relations);
  const ciOf = new Map(cis.map((c) => [c.id, c]));
  const nameOf = (id: string) => ciOf.get(id)?.name;

  it('links each change to one to three CIs, each once, of the change\'s site when it has one', () => {
    for (const l of links) expect(ChangeCiSchema.safeParse(l).success).toBe(true);
    for (const change of changes) {
      const own = links.filter((l) => l.changeId === change.id);
      expect(own.length, change.title).toBeGreaterThanOrEqual(1);
      expect(own.length, change.title).toBeLessThanOrEqual(3);
      expect(new Set(own.map((l) => l.configurationItemId)).size).toBe(own.length);
      if (change.siteId) for (const l of own) expect(ciOf.get(l.configurationItemId)?.siteId, `${change.title}: ${nameOf(l.configurationItemId)}`).toBe(change.siteId);
    }
  });

  it('picks CIs by what the change is about', () => {
    const on = (title: RegExp) => changes.filter((c) => title.test(c.title)).flatMap((c) => links.filter((l) => l.changeId === c.id).map((l) => ciOf.get(l.configurationItemId)!));
    for (const ci of on(/switch firmware/)) expect(classOf(ci.ciType)).toBe('switch');
    for (const ci of on(/server patching/)) expect(classOf(ci.ciType)).toBe('virtual_machine');
    for (const ci of on(/printers/)) expect(classOf(ci.ciType) === 'printer' || /print/.test(ci.name), ci.name).toBe(true);
  });

  it('puts a few changes still to come on servers of a business service\'s tree', () => {
    const tree = serviceServers(cis, relations);
    expect(tree.size).toBeGreaterThan(10);
    const upcoming = changes.filter((c) => isScheduledChange(c, now));
    const onTree = upcoming.filter((c) => links.some((l) => l.changeId === c.id && tree.has(l.configurationItemId)));
    console.log('scheduled changes on service servers:', onTree.map((c) => `${c.number} ${links.filter((l) => l.changeId === c.id).map((l) => nameOf(l.configurationItemId)).join(', ')}`));
    expect(onTree.length).toBeGreaterThanOrEqual(DEMO_SCHEDULED_ON_SERVICE_SERVERS);
  });

  it('is the same every time', () => {
    expect(buildDemoChangeCis(now, [...changes].reverse(), [...cis].reverse(), [...relations].reverse())).toEqual(links);
  });
});
