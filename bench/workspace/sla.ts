/**
 * sla_compute_per_s: SLA clocks (common/itsm/sla.ts computeSla) computed per second in Node,
 * over the same kind of 100,000 tickets the browser benchmarks put in the replica (data.ts,
 * two years of history, holds, every status) with the server's default ITSM configuration
 * (24x7 and business-hours calendars with holidays). bench/sla.ts (npm run bench:sla) measures
 * the same function on its own synthetic mix; it exports no measuring function to reuse, so
 * this one calls computeSla directly.
 *
 * One warm-up round over all tickets (compiles the calendars, warms the JIT), then timed
 * rounds; the figure is the median round.
 */
import type { Group, Location, Person, Site } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { computeSla } from '@fielddesk/common/itsm/sla';
import { GROUPS, REQUESTERS, SITES, STAFF } from '../../server/src/seed/catalog';
import { createRng } from '../../server/src/seed/prng';
import { generateTickets, type Reference } from './data';
import { log, median, metric } from './report';

/** The demo organisation (sites, groups, staff, requesters) with made-up ids: the generator needs references, not a server. */
function demoReference(): Reference {
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
  const tech1 = persons.find((p) => p.username === 'tech1')!;
  return { user: { id: tech1.id, siteId: tech1.siteId, groupIds: tech1.groupIds }, persons, groups, sites, locations, config: DEFAULT_ITSM_CONFIG };
}

const LEVEL = { ok: 0, warning: 1, breached: 2 } as const;

export function measureSla(tickets: number, rounds: number): void {
  const now = Date.now();
  const data = generateTickets(tickets, demoReference(), now);
  const run = (): { seconds: number; checksum: number; mix: Record<string, number> } => {
    const mix: Record<string, number> = { ok: 0, warning: 0, breached: 0, no_policy: 0 };
    let checksum = 0;
    const started = performance.now();
    for (const t of data) {
      const sla = computeSla(t, DEFAULT_ITSM_CONFIG, now);
      if (sla === null) mix.no_policy!++;
      else {
        mix[sla.level]!++;
        checksum += LEVEL[sla.level] + sla.resolution.percent;
      }
    }
    return { seconds: (performance.now() - started) / 1000, checksum, mix };
  };
  const warm = run();
  log(`SLA warm-up: ${Math.round(tickets / warm.seconds)} clocks/s`);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) rates.push(tickets / run().seconds);
  metric({
    metric: 'sla_compute_per_s',
    value: median(rates),
    unit: 'tickets/s',
    target: 100_000,
    direction: 'min',
    where: 'node',
    tickets,
    rounds,
    min_per_s: Math.round(Math.min(...rates)),
    max_per_s: Math.round(Math.max(...rates)),
    warm_up_per_s: Math.round(tickets / warm.seconds),
    levels: warm.mix,
    checksum: Math.round(warm.checksum),
  });
}
