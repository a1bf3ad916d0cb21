/**
 * The demo CMDB: 300 configuration items and about 600 relationships forming believable service
 * trees (issue 13), so that the impact view has something to show.
 *
 * - The CIs the demo names itself (seed/catalog-cmdb.ts): per site the router, firewall, core
 *   and top-of-rack switches, hypervisor hosts and storage, and the virtual machines on those
 *   hosts; the databases on the site's servers; with no site, the applications and the business
 *   services (Order fulfilment, ERP, Payroll, E-mail, Print service, …).
 * - The CIs of the demo's hardware, each with its asset's site: every switch, printer, access
 *   point and meeting-room display of a site, the phones in use, and as many PCs in use
 *   (workstations, desktops first) as make 300.
 * - Relations: the catalog's own (business service → depends on → application → depends on →
 *   database → is a member of / is hosted on → server → is virtualized by → host → connects to →
 *   top-of-rack or core switch → firewall → router); and for the hardware in use: each device
 *   connects to an access switch of its site (one in its room when there is one), access switches
 *   to the site's core; printers depend on the site's print server, access points on the wireless
 *   controller, phones on the call manager, Windows PCs on the directory; the Wi-Fi, telephony and
 *   meeting-room services depend on the access points, phones and displays.
 *
 * Ids come from this file's own seeded generators, so the rest of the demo is the same with or
 * without the CMDB; demo-cmdb.test.ts checks every relation against the CMDB rules
 * of common/cmdb/relations.ts.
 */
import type { Asset, CiStatus, ConfigurationItem, Site } from '@fielddesk/common/domain/entities';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { ciStatusOf } from '@fielddesk/common/assets/lifecycle';
import type { CiClassKey } from '@fielddesk/common/cmdb/classes';
import { CALL_CONTROL, CMDB_ITEMS, DIRECTORY, MEETING_ROOMS_SERVICE, TELEPHONY_SERVICE, WIFI_SERVICE, WIRELESS_CONTROLLER, type CmdbItemSeed } from './catalog-cmdb';
import { createRng } from './prng';

/** The generator of the relations' ids (and, from DEMO_CMDB_ITEMS_SEED, of the CIs'). */
export const DEMO_CMDB_SEED = 20261207;
export const DEMO_CMDB_ITEMS_SEED = 20261208;
export const DEMO_CMDB_COUNTS = { configurationItems: 300 } as const;

/** The hardware that has a CI, by asset type: the CI's class; `inUseOnly`: only while in use (or being repaired). */
const HARDWARE_CLASSES: Record<string, { ciType: CiClassKey; inUseOnly: boolean }> = {
  switch: { ciType: 'switch', inUseOnly: false },
  printer: { ciType: 'printer', inUseOnly: false },
  'access point': { ciType: 'access_point', inUseOnly: false },
  display: { ciType: 'display', inUseOnly: false },
  phone: { ciType: 'phone', inUseOnly: true },
};
/** PCs: workstations, while in use, desktops before laptops. */
const PC_TYPES = ['desktop', 'laptop'];

const isDevice = (c: ConfigurationItem) => c.assetId !== null;
/** A CI whose equipment is there to relate: in use or being repaired (not planned, not retired). */
const isLive = (c: ConfigurationItem) => c.status === 'active' || c.status === 'maintenance';

/**
 * The demo's configuration items: the catalog's, then per site the CIs of its hardware, the PCs
 * in use filling the total up to DEMO_CMDB_COUNTS.configurationItems. Missing assets have none.
 */
export function buildDemoConfigurationItems(core: { sites: readonly Site[]; assets: readonly Asset[] }): ConfigurationItem[] {
  const rng = createRng(DEMO_CMDB_ITEMS_SEED);
  const siteOf = new Map(core.sites.map((s) => [s.code, s]));
  const cis: ConfigurationItem[] = [];
  for (const seed of CMDB_ITEMS) {
    const site = seed.site ? siteOf.get(seed.site) : null;
    if (site === undefined) throw new Error(`the demo has no site ${seed.site} for ${seed.name}`);
    const status: CiStatus = seed.ciType === 'server' || seed.ciType === 'virtual_machine' ? (rng.chance(0.95) ? 'active' : 'maintenance') : 'active';
    cis.push({ id: rng.uuid(), name: seed.name, ciType: seed.ciType, status, assetId: null, siteId: site?.id ?? null, description: seed.description, rev: 0 });
  }
  const byTag = (a: Asset, b: Asset) => a.tag.localeCompare(b.tag);
  const hardware = (asset: Asset, ciType: string): ConfigurationItem => ({
    id: rng.uuid(),
    name: asset.name,
    ciType,
    status: ciStatusOf(asset.state),
    assetId: asset.id,
    siteId: asset.siteId,
    description: `${asset.manufacturer} ${asset.model} (asset ${asset.tag}).`,
    rev: 0,
  });
  const present = core.assets.filter((a) => a.siteId !== null && a.state !== 'missing');
  for (const site of core.sites) {
    const mine = present.filter((a) => a.siteId === site.id).sort(byTag);
    for (const [type, { ciType, inUseOnly }] of Object.entries(HARDWARE_CLASSES)) {
      for (const asset of mine.filter((a) => a.type === type && (!inUseOnly || a.state === 'in_use' || a.state === 'in_maintenance'))) cis.push(hardware(asset, ciType));
    }
  }
  // The PCs in use, taken from the sites in turn (each site's desktops first) until the total is reached.
  const pcs = core.sites.map((site) => present.filter((a) => a.siteId === site.id && a.state === 'in_use' && PC_TYPES.includes(a.type)).sort((a, b) => PC_TYPES.indexOf(a.type) - PC_TYPES.indexOf(b.type) || byTag(a, b)));
  const chosen: Asset[] = [];
  for (let round = 0; cis.length + chosen.length < DEMO_CMDB_COUNTS.configurationItems && pcs.some((list) => list.length > round); round++) {
    for (const list of pcs) {
      const pc = list[round];
      if (pc && cis.length + chosen.length < DEMO_CMDB_COUNTS.configurationItems) chosen.push(pc);
    }
  }
  for (const site of core.sites) for (const pc of chosen.filter((a) => a.siteId === site.id)) cis.push(hardware(pc, 'workstation'));
  return cis;
}

/**
 * The demo's relations over its CIs (buildDemoConfigurationItems), by name; a name the demo does
 * not have is skipped, so is a relation twice or of a CI to itself.
 */
export function buildDemoCiRelations(nowMs: number, sites: readonly Site[], cis: readonly ConfigurationItem[], assets: readonly Asset[]): CiRelation[] {
  const rng = createRng(DEMO_CMDB_SEED);
  const createdAt = new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString();
  const byName = new Map(cis.map((c) => [c.name, c]));
  const assetOf = new Map(assets.map((a) => [a.id, a]));
  const out: CiRelation[] = [];
  const seen = new Set<string>();
  const relate = (from: ConfigurationItem | undefined, type: CiRelationType, to: ConfigurationItem | undefined) => {
    if (!from || !to) return;
    const key = `${from.id}|${type}|${to.id}`;
    if (from.id === to.id || seen.has(key)) return;
    seen.add(key);
    out.push({ id: rng.uuid(), fromId: from.id, toId: to.id, type, authorId: null, createdAt, rev: 0 });
  };

  // The catalog's own relations.
  const seeds = new Map<string, CmdbItemSeed>(CMDB_ITEMS.map((s) => [s.name, s]));
  for (const seed of CMDB_ITEMS) for (const [type, ...targets] of seed.out) for (const target of targets) relate(byName.get(seed.name), type, byName.get(target));

  // The hardware in use, per site.
  for (const site of sites) {
    const code = site.code.toLowerCase();
    const atSite = cis.filter((c) => c.siteId === site.id);
    const cores = atSite.filter((c) => new RegExp(`^${code}-core\\d+$`).test(c.name));
    const devices = atSite.filter((c) => isDevice(c) && isLive(c));
    const access = [...devices.filter((c) => c.ciType === 'switch'), ...atSite.filter((c) => seeds.get(c.name)?.access === true)];
    for (const sw of access) for (const core of cores) relate(sw, 'connects_to', core);
    // Each device to an access switch in its room if there is one, else to the site's switches in turn.
    const roomOf = (c: ConfigurationItem) => (c.assetId ? (assetOf.get(c.assetId)?.locationId ?? null) : null);
    let turn = 0;
    const switchFor = (c: ConfigurationItem) => access.find((sw) => roomOf(sw) !== null && roomOf(sw) === roomOf(c)) ?? access[turn++ % Math.max(1, access.length)];
    const printServer = byName.get(`${code}-print01`);
    for (const c of devices.filter((d) => d.ciType !== 'switch')) {
      relate(c, 'connects_to', switchFor(c));
      if (c.ciType === 'printer') relate(c, 'depends_on', printServer);
      if (c.ciType === 'access_point') {
        relate(c, 'depends_on', byName.get(WIRELESS_CONTROLLER));
        relate(byName.get(WIFI_SERVICE), 'depends_on', c);
      }
      if (c.ciType === 'display') relate(byName.get(MEETING_ROOMS_SERVICE), 'depends_on', c);
      if (c.ciType === 'phone') {
        relate(c, 'depends_on', byName.get(CALL_CONTROL));
        relate(byName.get(TELEPHONY_SERVICE), 'depends_on', c);
      }
      // Macs are not members of the domain.
      if (c.ciType === 'workstation' && assetOf.get(c.assetId!)?.manufacturer !== 'Apple') relate(c, 'depends_on', byName.get(DIRECTORY));
    }
  }
  return out;
}
