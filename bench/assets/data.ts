/**
 * The generated CMDB of bench:assets: a service tree in which one business service has 500
 * configuration items within 5 steps (what it relies on), as the impact view's worst realistic
 * case, and a service with ONE neighbour, the reference (the impact screen's fixed cost).
 *
 * The tree, from the top (every relation read "from relies on to", as the replica records it):
 *
 *   depth 0  1 business service          "Digital workplace"
 *   depth 1  4 business services         depends on        (e-mail, collaboration, identity, printing)
 *   depth 2  16 applications             depends on        (4 a service)
 *   depth 3  64: 48 virtual machines     runs on           (3 an application)
 *               + 16 databases           depends on        (1 an application)
 *   depth 4  256: per VM its host (virtualized by), a storage volume (depends on), a network
 *               segment (connects to), a firewall policy (depends on); per database its server
 *               (runs on), volume, segment and backup target
 *   depth 5  160: the first 160 of those rely on one more item each (a host's top-of-rack
 *               switch, a volume's storage array, …)
 *
 * plus 40 relations across branches (a VM that also depends on another branch's firewall
 * policy), so it is not a pure tree: 501 CIs, 540 relations. Names and classes are those of a
 * real estate (common/cmdb/classes.ts), deterministic (a fixed PRNG seed). Pure: bundled into the
 * seed page and used in Node alike.
 */
import type { ConfigurationItem } from '@fielddesk/common/domain/entities';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { createRng } from '../../server/src/seed/prng';

export const CMDB_SEED = 20_261_207;
/** Steps the measured view looks (its address's ?depth=). */
export const IMPACT_DEPTH = 5;

export interface GeneratedCmdb {
  cis: ConfigurationItem[];
  relations: CiRelation[];
  /** The service with 500 CIs within IMPACT_DEPTH steps. */
  rootId: string;
  /** The reference: a service with one neighbour. */
  loneId: string;
}

const SERVICES = [
  { code: 'eml', name: 'E-mail and calendar' },
  { code: 'col', name: 'Collaboration' },
  { code: 'idm', name: 'Identity and access' },
  { code: 'prt', name: 'Printing and scanning' },
] as const;

/** What a depth-4 item relies on at depth 5, by its class. */
const BELOW: Record<string, { ciType: string; type: CiRelationType; name: (n: string) => string }> = {
  server: { ciType: 'switch', type: 'connects_to', name: (n) => `tor-${n}` },
  storage: { ciType: 'storage', type: 'hosted_on', name: (n) => `array-${n}` },
  network_device: { ciType: 'network_device', type: 'connects_to', name: (n) => `rtr-${n}` },
  firewall: { ciType: 'firewall', type: 'runs_on', name: (n) => `fw-node-${n}` },
};

export function generateServiceTree(siteId: string | null, nowIso: string): GeneratedCmdb {
  const rng = createRng(CMDB_SEED);
  const cis: ConfigurationItem[] = [];
  const relations: CiRelation[] = [];
  let rev = 9_000_000;
  const ci = (name: string, ciType: string, description: string, site: string | null = siteId): ConfigurationItem => {
    const record: ConfigurationItem = { id: rng.uuid(), name, ciType, status: rng.chance(0.95) ? 'active' : 'maintenance', assetId: null, siteId: site, description, rev: ++rev };
    cis.push(record);
    return record;
  };
  const relate = (from: ConfigurationItem, type: CiRelationType, to: ConfigurationItem) => {
    relations.push({ id: rng.uuid(), fromId: from.id, toId: to.id, type, authorId: null, createdAt: nowIso, rev: ++rev });
  };

  const root = ci('Digital workplace', 'business_service', 'Everything a member of staff needs to work: mail, collaboration, sign-in, printing.', null);
  const depth4: ConfigurationItem[] = [];
  const firewalls: ConfigurationItem[] = [];
  const vms: ConfigurationItem[] = [];
  for (const s of SERVICES) {
    const service = ci(s.name, 'business_service', `${s.name} for every site.`, null);
    relate(root, 'depends_on', service);
    for (let a = 1; a <= 4; a++) {
      const app = ci(`${s.code}-app${String(a).padStart(2, '0')}`, 'application', `Application ${a} of ${s.name}.`);
      relate(service, 'depends_on', app);
      const hosts: ConfigurationItem[] = [];
      for (let v = 1; v <= 3; v++) {
        const vm = ci(`${app.name}-vm${String(v).padStart(2, '0')}`, 'virtual_machine', `Runs ${app.name}.`);
        relate(app, 'runs_on', vm);
        vms.push(vm);
        hosts.push(vm);
      }
      const db = ci(`${app.name}-db`, 'database', `The database of ${app.name}.`);
      relate(app, 'depends_on', db);
      hosts.push(db);
      for (const h of hosts) {
        const n = String(depth4.length / 4 + 1).padStart(3, '0');
        const isDb = h.ciType === 'database';
        const compute = ci(isDb ? `sql-${n}` : `esx-${n}`, 'server', isDb ? `Database server of ${h.name}.` : `Hypervisor host of ${h.name}.`);
        relate(h, isDb ? 'runs_on' : 'virtualized_by', compute);
        const volume = ci(`vol-${n}`, 'storage', `Storage volume of ${h.name}.`);
        relate(h, 'depends_on', volume);
        const segment = ci(`vlan-${n}`, 'network_device', `Network segment of ${h.name}.`);
        relate(h, 'connects_to', segment);
        const guard = isDb ? ci(`bak-${n}`, 'storage', `Backup target of ${h.name}.`) : ci(`fwp-${n}`, 'firewall', `Firewall policy in front of ${h.name}.`);
        relate(h, 'depends_on', guard);
        if (!isDb) firewalls.push(guard);
        depth4.push(compute, volume, segment, guard);
      }
    }
  }
  for (const item of depth4.slice(0, 160)) {
    const below = BELOW[item.ciType] ?? BELOW.storage!;
    relate(item, below.type, ci(below.name(item.name), below.ciType, `What ${item.name} relies on.`));
  }
  // Shared infrastructure: 40 VMs also depend on another branch's firewall policy (one level down: no cycle).
  for (let i = 0; i < 40; i++) {
    const vm = vms[i]!;
    const other = firewalls[(i * 7 + 13) % firewalls.length]!;
    if (!relations.some((r) => r.fromId === vm.id && r.toId === other.id)) relate(vm, 'depends_on', other);
  }

  const lone = ci('Visitor Wi-Fi', 'business_service', 'Guest wireless access at reception.', null);
  relate(lone, 'depends_on', ci('guest-wlc01', 'network_device', 'Wireless controller of the guest network.'));
  return { cis, relations, rootId: root.id, loneId: lone.id };
}

/** Every this many CIs of the tree, one has a change scheduled on it (the impact view counts them on its boxes). */
export const CHANGE_EVERY = 10;

/**
 * Changes scheduled on the tree: every CHANGE_EVERY-th CI of the service's tree (50 of the 500) is
 * affected by one of `changeIds` (the demo's scheduled changes, in turn), as the impact view reads
 * them from `changeCis`. Deterministic ids (their own PRNG seed).
 */
export function generateChangeLinks(cmdb: GeneratedCmdb, changeIds: readonly string[], nowIso: string): ChangeCi[] {
  if (changeIds.length === 0) return [];
  const rng = createRng(CMDB_SEED + 1);
  const tree = cmdb.cis.filter((c) => c.id !== cmdb.rootId && c.id !== cmdb.loneId && c.name !== 'guest-wlc01');
  return tree
    .filter((_, i) => i % CHANGE_EVERY === 0)
    .map((ci, i) => ({ id: rng.uuid(), changeId: changeIds[i % changeIds.length]!, configurationItemId: ci.id, addedById: null, createdAt: nowIso, rev: 9_500_000 + i }));
}
