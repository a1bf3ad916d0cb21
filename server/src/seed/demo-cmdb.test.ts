import { describe, expect, it } from 'vitest';
import { CI_CLASSES, classOf } from '@fielddesk/common/cmdb/classes';
import { checkNewRelation, impactOf, type RelationEnds } from '@fielddesk/common/cmdb/relations';
import { CI_RELATION_TYPES, CiRelationCreateDataSchema, CiRelationSchema, type CiRelation } from '@fielddesk/common/entities/ci-relation';
import { ConfigurationItemSchema, type ConfigurationItem } from '@fielddesk/common/domain/entities';
import { ORDER_FULFILMENT } from './catalog-cmdb';
import { buildDemoData } from './demo';
import { buildDemoCiRelations, buildDemoConfigurationItems } from './demo-cmdb';
import { buildDemoDesk } from './demo-desk';
import { buildDemoItsmData } from './demo-itsm';

describe('demo CMDB', () => {
  const now = Date.parse('2026-03-02T09:00:00.000Z');
  const data = buildDemoData(now);
  const itsm = buildDemoItsmData(now, data);
  const cis = itsm.configurationItems;
  const relations = buildDemoCiRelations(now, data.sites, cis, data.assets);
  const byId = new Map(cis.map((c) => [c.id, c]));
  const nameOf = (id: string) => byId.get(id)?.name;
  const named = (name: string) => {
    const ci = cis.find((c) => c.name === name);
    if (!ci) throw new Error(`the demo has no CI named ${name}`);
    return ci;
  };
  const tally = (keys: string[]) => Object.fromEntries([...keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())].sort());
  const downstream = (name: string, depth: number) =>
    impactOf(named(name).id, relations, depth)
      .nodes.filter((n) => n.direction === 'downstream')
      .map((n) => nameOf(n.id)!);
  const upstream = (name: string, depth: number) =>
    impactOf(named(name).id, relations, depth)
      .nodes.filter((n) => n.direction === 'upstream')
      .map((n) => nameOf(n.id)!);
  const from = (name: string) => relations.filter((r) => r.fromId === named(name).id).map((r) => `${r.type} ${nameOf(r.toId)}`);

  it('has 300 CIs and about 600 relations, of the classes and types the app knows', () => {
    const sites = new Map(data.sites.map((s) => [s.id, s.code]));
    console.log(`demo CMDB: ${cis.length} CIs, ${relations.length} relations`);
    console.log('CIs by class:', tally(cis.map((c) => c.ciType)));
    console.log('CIs by site:', tally(cis.map((c) => (c.siteId ? sites.get(c.siteId)! : 'no site'))));
    console.log('relations by type:', tally(relations.map((r) => r.type)));
    expect(cis).toHaveLength(300);
    expect(relations.length).toBeGreaterThanOrEqual(570);
    expect(relations.length).toBeLessThanOrEqual(630);
    for (const c of cis) expect(classOf(c.ciType), `${c.name}: ${c.ciType}`).toBe(c.ciType);
    for (const type of ['business_service', 'application', 'database', 'server', 'virtual_machine', 'storage', 'switch', 'firewall', 'network_device', 'access_point', 'printer', 'workstation', 'phone', 'display'] as const) {
      expect(cis.filter((c) => c.ciType === type).length, type).toBeGreaterThan(0);
      expect(CI_CLASSES[type]).toBeDefined();
    }
    expect(new Set(relations.map((r) => r.type))).toEqual(new Set(Object.keys(CI_RELATION_TYPES)));
  });

  it('are valid records with unique names, each relation once, the same every time', () => {
    for (const c of cis) expect(ConfigurationItemSchema.strict().parse(c)).toEqual(c);
    expect(new Set(cis.map((c) => c.name)).size).toBe(cis.length);
    expect(new Set(cis.map((c) => c.id)).size).toBe(cis.length);
    for (const r of relations) {
      expect(CiRelationSchema.parse(r)).toEqual(r);
      expect(CiRelationCreateDataSchema.safeParse({ fromId: r.fromId, toId: r.toId, type: r.type }).success).toBe(true);
    }
    expect(new Set(relations.map((r) => `${r.fromId}|${r.type}|${r.toId}`)).size).toBe(relations.length);
    expect(new Set(relations.map((r) => r.id)).size).toBe(relations.length);
    expect(buildDemoConfigurationItems(data)).toEqual(cis);
    expect(buildDemoCiRelations(now, data.sites, cis, data.assets)).toEqual(relations);
  });

  it('relates only CIs that exist, never one to itself, never round in a circle where the type forbids it (the shared rules, relation by relation)', async () => {
    const recorded: RelationEnds[] = [];
    const related = (type: CiRelation['type'], fromIds: readonly string[]) => recorded.filter((r) => r.type === type && fromIds.includes(r.fromId));
    const facts = (id: string) => {
      const ci = byId.get(id);
      return ci ? { id: ci.id, name: ci.name } : null;
    };
    const refused: string[] = [];
    for (const r of relations) {
      const check = await checkNewRelation(r, { from: facts(r.fromId), to: facts(r.toId) }, related);
      if (!check.ok) refused.push(check.reason);
      recorded.push(r);
    }
    expect(refused).toEqual([]);
  });

  it('keeps each CI of a piece of hardware at its asset\'s site; the network and servers at theirs; services and applications at none', () => {
    const assets = new Map(data.assets.map((a) => [a.id, a]));
    const hardware = cis.filter((c) => c.assetId !== null);
    expect(hardware.length).toBeGreaterThan(100);
    for (const c of hardware) {
      expect(assets.has(c.assetId!), c.name).toBe(true);
      expect(c.siteId, c.name).not.toBeNull();
      expect(c.siteId, c.name).toBe(assets.get(c.assetId!)!.siteId);
      expect(c.name).toBe(assets.get(c.assetId!)!.name);
    }
    expect(new Set(hardware.map((c) => c.assetId)).size).toBe(hardware.length);
    expect(hardware.filter((c) => c.ciType === 'workstation').length).toBeGreaterThan(60);
    for (const c of cis.filter((x) => ['business_service', 'application'].includes(x.ciType))) expect(c.siteId, c.name).toBeNull();
    for (const c of cis.filter((x) => !['business_service', 'application'].includes(x.ciType))) expect(c.siteId, c.name).not.toBeNull();
    // Every site has its own network, hosts, servers and hardware.
    for (const site of data.sites) {
      const types = new Set(cis.filter((c) => c.siteId === site.id).map((c) => c.ciType));
      for (const type of ['network_device', 'firewall', 'switch', 'server', 'virtual_machine', 'storage', 'printer', 'access_point', 'workstation']) expect(types.has(type), `${site.code} ${type}`).toBe(true);
    }
  });

  it('forms service trees: business service → application → database → server → host → switch → firewall → router', () => {
    const erp = downstream('ERP (finance and purchasing)', 10);
    expect(erp).toEqual(expect.arrayContaining(['ERP application (SAP Business One)', 'ERP database', 'AG-PROD (SQL availability group)', 'hq-sql01', 'hq-sql02', 'hq-erp-app01', 'hq-hv02', 'hq-san01', 'hq-tor01', 'hq-core01', 'hq-fw01', 'hq-rt01']));
    const classes = new Set(erp.map((name) => named(name).ciType));
    expect([...classes].sort()).toEqual(expect.arrayContaining(['application', 'database', 'firewall', 'network_device', 'server', 'storage', 'switch', 'virtual_machine']));
    // The big one: enough within 5 steps for the impact view to be worth a look.
    const big = impactOf(named(ORDER_FULFILMENT).id, relations, 5);
    console.log(`${ORDER_FULFILMENT}: ${big.nodes.length - 1} CIs within 5 steps`);
    expect(big.nodes.length - 1).toBeGreaterThanOrEqual(40);
    expect(downstream(ORDER_FULFILMENT, 5)).toEqual(expect.arrayContaining(['Warehouse management', 'WMS database', 'dc-app01', 'dc-wms-db01', 'dc-hv01', 'Print service', 'dc-print01', 'AP-DC-001']));
    // The print service reaches down to the hosts, the switches and identity; a host's outage reaches up to services.
    expect(downstream('Print service', 5)).toEqual(expect.arrayContaining(['hq-print01', 'dc-print01', 'lab-print01', 'hq-hv01', 'hq-tor01', 'Identity (directory and SSO)']));
    expect(upstream('hq-hv01', 5)).toEqual(expect.arrayContaining(['hq-app01', 'FieldDesk', 'Print service', 'Backup', 'hq-dc01', 'Active Directory Domain Services']));
  });

  it('connects the hardware in use to an access switch of its site, and the access switches to the site\'s core', () => {
    const live = (c: ConfigurationItem) => c.status === 'active' || c.status === 'maintenance';
    const links = (c: ConfigurationItem) => relations.filter((r) => r.fromId === c.id && r.type === 'connects_to').map((r) => byId.get(r.toId)!);
    for (const c of cis.filter((x) => x.assetId !== null && live(x) && x.ciType !== 'switch')) {
      const to = links(c);
      expect(to, c.name).toHaveLength(1);
      expect(to[0]!.ciType, c.name).toBe('switch');
      expect(to[0]!.siteId, c.name).toBe(c.siteId);
      expect(links(to[0]!).every((core) => /-core\d+$/.test(core.name)), to[0]!.name).toBe(true);
      expect(links(to[0]!).length, to[0]!.name).toBeGreaterThan(0);
    }
    for (const c of cis.filter((x) => x.ciType === 'printer' && live(x))) expect(from(c.name)).toContain(`depends_on ${data.sites.find((s) => s.id === c.siteId)!.code.toLowerCase()}-print01`);
    for (const c of cis.filter((x) => x.ciType === 'virtual_machine')) expect(from(c.name).filter((r) => r.startsWith('virtualized_by ')), c.name).toHaveLength(1);
  });

  it('puts open incidents on servers of the service trees', () => {
    const desk = buildDemoDesk(now, data, itsm);
    const open = new Set(desk.tickets.filter((t) => t.kind === 'incident' && t.status !== 'resolved' && t.status !== 'closed').map((t) => t.id));
    const inTrees = new Set(cis.filter((c) => c.ciType === 'business_service').flatMap((s) => downstream(s.name, 5)));
    const onServers = desk.ticketLinks.filter((l) => l.targetEntity === 'configuration_item' && open.has(l.ticketId) && ['server', 'virtual_machine'].includes(byId.get(l.targetId)!.ciType) && inTrees.has(nameOf(l.targetId)!));
    expect(onServers.length).toBeGreaterThanOrEqual(5);
    expect(new Set(onServers.map((l) => byId.get(l.targetId)!.siteId)).size).toBe(3);
  });

  it('keeps what the CMDB e2e relies on', () => {
    expect(from('hq-app01')).toContain('virtualized_by hq-hv01');
    expect(from('FieldDesk')).toContain('runs_on hq-app01');
    expect(from('hq-app01').filter((r) => r.includes('hq-dc01'))).toEqual([]);
    expect(from('Print service').sort()).toEqual(['depends_on Identity (directory and SSO)', 'depends_on dc-print01', 'depends_on hq-print01', 'depends_on lab-print01']);
    // The picker finds hq-app01 alone by "hq-app".
    expect(cis.filter((c) => c.name.includes('hq-app')).map((c) => c.name)).toEqual(['hq-app01']);
  });
});
