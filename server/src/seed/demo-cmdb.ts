/**
 * The demo CMDB's relationships: believable service trees over the demo's configuration items
 * (demo-itsm.ts), by name, so that the impact view has something to show. Per site, the
 * servers are virtual machines on the site's host, the host and the printers and access points
 * hang off the site's switch; the business services depend on the servers (or the applications
 * run on them), and the services everyone logs in to depend on identity. A name the demo does
 * not have (the CI list is capped) is skipped. Ids come from their own seeded generator, so the
 * rest of the demo is the same with or without them.
 */
import type { ConfigurationItem, Site } from '@fielddesk/common/domain/entities';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { createRng } from './prng';

export const DEMO_CMDB_SEED = 20261207;

/** [from, type, to]: `{site}` stands for each site's code in lower case; a `*type` end for every CI of that type at the site. */
const PER_SITE: [string, CiRelationType, string][] = [
  ['{site}-dc01', 'virtualized_by', '{site}-hv01'],
  ['{site}-file01', 'virtualized_by', '{site}-hv01'],
  ['{site}-print01', 'virtualized_by', '{site}-hv01'],
  ['{site}-app01', 'virtualized_by', '{site}-hv01'],
  ['{site}-hv01', 'connects_to', '*switch'],
  ['*printer', 'connects_to', '*switch'],
  ['*access_point', 'connects_to', '*switch'],
  ['*printer', 'depends_on', '{site}-print01'],
  ['Print service', 'depends_on', '{site}-print01'],
  ['File shares', 'depends_on', '{site}-file01'],
  ['Identity (directory and SSO)', 'depends_on', '{site}-dc01'],
  ['Backup', 'depends_on', '{site}-file01'],
  ['Backup', 'depends_on', '{site}-hv01'],
  ['Wi-Fi (FD-Corp)', 'depends_on', '*access_point'],
  ['Telephony', 'depends_on', '*switch'],
];

const ONCE: [string, CiRelationType, string][] = [
  ['FieldDesk', 'runs_on', 'hq-app01'],
  ['Warehouse management', 'runs_on', 'dc-app01'],
  ['Lab data platform', 'runs_on', 'lab-app01'],
  ['E-mail (Exchange Online)', 'depends_on', 'Identity (directory and SSO)'],
  ['Corporate VPN', 'depends_on', 'Identity (directory and SSO)'],
  ['Device management', 'depends_on', 'Identity (directory and SSO)'],
  ['Wi-Fi (FD-Corp)', 'depends_on', 'Identity (directory and SSO)'],
  ['FieldDesk', 'depends_on', 'Identity (directory and SSO)'],
  ['Print service', 'depends_on', 'Identity (directory and SSO)'],
  ['File shares', 'depends_on', 'Identity (directory and SSO)'],
];

export function buildDemoCiRelations(nowMs: number, sites: readonly Site[], cis: readonly ConfigurationItem[]): CiRelation[] {
  const rng = createRng(DEMO_CMDB_SEED);
  const createdAt = new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString();
  const byName = new Map(cis.map((c) => [c.name, c]));
  const ends = (end: string, site: Site | null): ConfigurationItem[] => {
    if (end.startsWith('*')) return site ? cis.filter((c) => c.siteId === site.id && c.ciType === end.slice(1)) : [];
    const named = byName.get(site ? end.replace('{site}', site.code.toLowerCase()) : end);
    return named ? [named] : [];
  };
  const out: CiRelation[] = [];
  const seen = new Set<string>();
  const relate = (from: ConfigurationItem, type: CiRelationType, to: ConfigurationItem) => {
    const key = `${from.id}|${type}|${to.id}`;
    if (from.id === to.id || seen.has(key)) return;
    seen.add(key);
    out.push({ id: rng.uuid(), fromId: from.id, toId: to.id, type, authorId: null, createdAt, rev: 0 });
  };
  for (const site of sites) {
    for (const [from, type, to] of PER_SITE) {
      const targets = ends(to, site);
      // A CI of many to one of many (printers to switches): each to the site's first switch.
      for (const f of ends(from, site)) if (targets[0]) relate(f, type, targets[0]);
    }
  }
  for (const [from, type, to] of ONCE) for (const f of ends(from, null)) for (const t of ends(to, null)) relate(f, type, t);
  return out;
}
