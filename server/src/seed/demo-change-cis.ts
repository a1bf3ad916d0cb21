/**
 * The configuration items each demo change affects (common/entities/change-ci.ts): one to three
 * per change, chosen among the CIs the demo holds when it is seeded (read back from the database,
 * so this follows whatever CMDB demo-cmdb.ts builds), by what the change's title is about: a
 * switch firmware upgrade touches the site's core switches, server patching the site's Windows
 * servers, a printer migration its printers and print server, and so on; a change about nothing
 * the CMDB has falls back to the servers of a business service's tree at its site. A change with
 * a site picks CIs of that site. At least a few changes still to come (scheduled or being
 * implemented) sit on servers of a business service's tree, so the impact view of a service shows
 * them. Deterministic: its own seeded generator, and everything read in a fixed order. Written
 * last, so every other demo record keeps its rev.
 */
import { classOf, type CiClassKey } from '@fielddesk/common/cmdb/classes';
import type { ChangeState } from '@fielddesk/common/changes/lifecycle';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import { isScheduledChange } from '@fielddesk/common/itsm/changes';
import type { WriteTx } from '../db/database';
import type { ChangeCiTable } from '../db/types';
import { createRng } from './prng';

export const DEMO_CHANGE_CIS_SEED = 20261215;
/** Changes still to come that sit on a server of a business service's tree, at least. */
export const DEMO_SCHEDULED_ON_SERVICE_SERVERS = 3;

export interface ChangeFacts {
  id: string;
  number: string | null;
  title: string;
  status: ChangeState;
  windowStart: string;
  windowEnd: string;
  siteId: string | null;
  ownerId: string | null;
}

export interface CiFacts {
  id: string;
  name: string;
  ciType: string;
  siteId: string | null;
}

const COMPUTE: ReadonlySet<CiClassKey> = new Set(['server', 'virtual_machine', 'database']);

/** What a change is about, by its title: the CIs it touches (a class, or a name). */
const TOPICS: { title: RegExp; ci: (c: CiFacts, cls: CiClassKey | null) => boolean }[] = [
  { title: /switch/i, ci: (c, cls) => cls === 'switch' && /core/i.test(c.name) },
  { title: /switch/i, ci: (_, cls) => cls === 'switch' },
  { title: /server patching/i, ci: (_, cls) => cls === 'virtual_machine' },
  { title: /UPS|power/i, ci: (_, cls) => cls === 'server' || cls === 'storage' },
  { title: /Wi-Fi/i, ci: (c, cls) => cls === 'access_point' || /nps|wlc|radius/i.test(c.name) },
  { title: /printer/i, ci: (c, cls) => cls === 'printer' || /print/i.test(c.name) },
  { title: /file share/i, ci: (c, cls) => /file/i.test(c.name) || cls === 'storage' },
  { title: /access point/i, ci: (_, cls) => cls === 'access_point' },
  { title: /scanner/i, ci: (c) => /scan/i.test(c.name) },
  { title: /backup/i, ci: (c) => /bkp|backup/i.test(c.name) },
  { title: /VPN|firewall/i, ci: (_, cls) => cls === 'firewall' },
  { title: /FieldDesk/i, ci: (c) => /fielddesk/i.test(c.name) },
  { title: /display|meeting room/i, ci: (_, cls) => cls === 'display' },
  { title: /hv01/i, ci: (c, cls) => cls === 'server' && /-hv01$/i.test(c.name) },
  { title: /hypervisor|host/i, ci: (c, cls) => cls === 'server' && /hv\d/i.test(c.name) },
];

const byName = (a: CiFacts, b: CiFacts) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * The CIs below a business service (what it relies on, any number of steps along relations read
 * from the CI that relies to the one relied on) that are servers, virtual machines or databases.
 */
export function serviceServers(cis: readonly CiFacts[], relations: readonly { fromId: string; toId: string }[]): Set<string> {
  const out = new Map<string, string[]>();
  for (const r of relations) out.set(r.fromId, [...(out.get(r.fromId) ?? []), r.toId]);
  const seen = new Set<string>();
  let frontier = cis.filter((c) => classOf(c.ciType) === 'business_service').map((c) => c.id);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const to of out.get(id) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        next.push(to);
      }
    }
    frontier = next;
  }
  return new Set(cis.filter((c) => seen.has(c.id) && COMPUTE.has(classOf(c.ciType) as CiClassKey)).map((c) => c.id));
}

/** The links of every change, rev 0 (written with revs by writeDemoChangeCis). */
export function buildDemoChangeCis(
  nowMs: number,
  changes: readonly ChangeFacts[],
  cis: readonly CiFacts[],
  relations: readonly { fromId: string; toId: string }[],
): ChangeCi[] {
  const rng = createRng(DEMO_CHANGE_CIS_SEED);
  const createdAt = new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString();
  const sorted = [...cis].sort(byName);
  const inTree = serviceServers(sorted, relations);
  const atSite = (c: ChangeFacts) => (c.siteId ? sorted.filter((ci) => ci.siteId === c.siteId) : sorted);
  const treeServers = (c: ChangeFacts) => {
    const here = atSite(c).filter((ci) => inTree.has(ci.id));
    return here.length > 0 ? here : sorted.filter((ci) => inTree.has(ci.id));
  };
  const poolOf = (c: ChangeFacts): CiFacts[] => {
    const candidates = atSite(c);
    for (const topic of TOPICS) {
      if (!topic.title.test(c.title)) continue;
      const pool = candidates.filter((ci) => topic.ci(ci, classOf(ci.ciType)));
      if (pool.length > 0) return pool;
    }
    return treeServers(c);
  };

  const links: ChangeCi[] = [];
  const linked = new Map<string, Set<string>>();
  const link = (change: ChangeFacts, ci: CiFacts) => {
    const own = linked.get(change.id) ?? new Set<string>();
    if (own.has(ci.id)) return;
    own.add(ci.id);
    linked.set(change.id, own);
    links.push({ id: rng.uuid(), changeId: change.id, configurationItemId: ci.id, addedById: change.ownerId, createdAt, rev: 0 });
  };
  const ordered = [...changes].sort((a, b) => (a.number ?? '').localeCompare(b.number ?? '') || a.id.localeCompare(b.id));
  for (const change of ordered) {
    const pool = [...poolOf(change)];
    const n = Math.min(pool.length, rng.int(1, 3));
    for (let i = 0; i < n; i++) link(change, pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  }

  // A few changes still to come on the servers of a service's tree, soonest first.
  const upcoming = ordered.filter((c) => isScheduledChange(c, nowMs)).sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.id.localeCompare(b.id));
  let onTree = upcoming.filter((c) => [...(linked.get(c.id) ?? [])].some((id) => inTree.has(id))).length;
  for (const change of upcoming) {
    if (onTree >= DEMO_SCHEDULED_ON_SERVICE_SERVERS) break;
    const own = linked.get(change.id) ?? new Set<string>();
    if (own.size >= 3 || [...own].some((id) => inTree.has(id))) continue;
    const servers = treeServers(change);
    if (servers.length === 0) break;
    link(change, servers[rng.int(0, servers.length - 1)]!);
    onTree++;
  }
  return links;
}

/** Reads the demo's changes, CIs and relations back and writes the links, each with the next rev. */
export async function writeDemoChangeCis(tx: WriteTx, nowMs: number): Promise<number> {
  const { db } = tx;
  const changes: ChangeFacts[] = (
    await db.selectFrom('changes').select(['id', 'number', 'title', 'status', 'window_start', 'window_end', 'site_id', 'owner_id']).orderBy('id').execute()
  ).map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status as ChangeState, windowStart: r.window_start, windowEnd: r.window_end, siteId: r.site_id, ownerId: r.owner_id }));
  const cis: CiFacts[] = (await db.selectFrom('configuration_items').select(['id', 'name', 'ci_type', 'site_id']).where('status', '!=', 'retired').orderBy('id').execute()).map((r) => ({
    id: r.id,
    name: r.name,
    ciType: r.ci_type,
    siteId: r.site_id,
  }));
  const relations = (await db.selectFrom('ci_relations').select(['from_id', 'to_id']).orderBy('id').execute()).map((r) => ({ fromId: r.from_id, toId: r.to_id }));
  const rows: ChangeCiTable[] = [];
  for (const link of buildDemoChangeCis(nowMs, changes, cis, relations)) {
    rows.push(rowFromRecord(entities.change_ci, { ...link, rev: await tx.nextRev() }) as unknown as ChangeCiTable);
  }
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('change_cis').values(rows.slice(i, i + 100)).execute();
  return rows.length;
}
