/**
 * The demo organisation (sites, locations, groups, staff, requesters from the demo seed's
 * catalogue) with made-up ids, as a generator Reference: for the Node-side SLA benchmark and
 * the generator's tests, where there is no synced replica to read it from.
 */
import type { Group, Location, Person, Site } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { GROUPS, REQUESTERS, SITES, STAFF } from '../../server/src/seed/catalog';
import { createRng } from '../../server/src/seed/prng';
import type { Reference } from './data';

export function demoReference(username = 'tech1'): Reference {
  const rng = createRng(7);
  const sites: Site[] = SITES.map((s) => ({ id: rng.uuid(), code: s.code, name: s.name, timeZone: s.timeZone, address: s.address, rev: 1 }));
  const siteByCode = new Map(sites.map((s) => [s.code, s.id]));
  const locations: Location[] = SITES.flatMap((s) => s.locations.map((name) => ({ id: rng.uuid(), siteId: siteByCode.get(s.code)!, name, rev: 1 })));
  const groups: Group[] = GROUPS.map((name) => ({ id: rng.uuid(), name, rev: 1 }));
  const groupByName = new Map(groups.map((g) => [g.name, g.id]));
  const persons: Person[] = [
    ...STAFF.map((s) => ({
      id: rng.uuid(),
      username: s.username,
      displayName: s.displayName,
      email: `${s.username}@fielddesk.example`,
      role: s.role,
      siteId: s.site ? (siteByCode.get(s.site) ?? null) : null,
      groupIds: s.groups.map((g) => groupByName.get(g)!),
      rev: 1,
    })),
    ...REQUESTERS.map(([name, site], i) => ({
      id: rng.uuid(),
      username: `requester${i}`,
      displayName: name,
      email: `requester${i}@fielddesk.example`,
      role: 'requester' as const,
      siteId: siteByCode.get(site) ?? null,
      groupIds: [],
      rev: 1,
    })),
  ];
  const user = persons.find((p) => p.username === username);
  if (!user) throw new Error(`The demo has no user "${username}".`);
  return { user: { id: user.id, siteId: user.siteId, groupIds: user.groupIds }, persons, groups, sites, locations, config: DEFAULT_ITSM_CONFIG };
}
