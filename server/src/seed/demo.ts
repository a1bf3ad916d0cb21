/**
 * Builds the demo data set in memory: 3 sites with locations, 2 support groups, staff
 * (tech1..tech6, desk1, admin), 20 requesters, 300 tickets in every lifecycle state with
 * worklogs, and 400 assets. Pure and deterministic (fixed PRNG seed); only timestamps are
 * placed relative to `now` so the demo always looks current. Ticket numbers and revs are
 * given when the data is written (seed/seed.ts), through the real numbering. Tickets and
 * worklogs are drafts here: seed/demo-desk.ts completes them (ITSM facts, history, SLA
 * timing) with its own PRNG, so this set stays exactly as it was.
 */
import { newAsset } from '@fielddesk/common/assets/new-asset';
import type { Asset, AssetStatus, Group, Location, Person, Site, Ticket, TicketKind, Worklog } from '@fielddesk/common/domain/entities';
import { OLD_STATUS_TO_STATE } from '@fielddesk/common/assets/lifecycle';
import { checkTransition, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import {
  EMAIL_DOMAIN,
  GROUPS,
  HARDWARE,
  ON_HOLD_REASONS,
  REQUESTERS,
  RESOLUTIONS,
  SITES,
  STAFF,
  TICKET_TEMPLATES,
  WORKLOG_TEXTS,
  type GroupName,
} from './catalog';
import { createRng, type Rng } from './prng';

export const DEMO_SEED = 20240611;
export const DEMO_COUNTS = { tickets: 300, assets: 400, requesters: 20 } as const;

/**
 * A ticket as the core set makes it: what it is about, who raised and works it, where it
 * stands. Its ITSM facts (impact and urgency, SLA timing, history, problem links) are added
 * by seed/demo-desk.ts, which also re-times it so the SLA clocks show a realistic mix.
 */
export type DraftTicket = Omit<Ticket, 'impact' | 'urgency' | 'respondedAt' | 'slaHolds' | 'problemId' | 'rootCause' | 'workaround' | 'knownError'>;
/** A work note of the core set (internal; demo-desk.ts re-times it with its ticket). */
export type DraftWorklog = Omit<Worklog, 'visibility'>;

export interface DemoData {
  sites: Site[];
  locations: Location[];
  groups: Group[];
  persons: Person[];
  tickets: DraftTicket[];
  worklogs: DraftWorklog[];
  assets: Asset[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How old tickets in each state typically are, in days. */
const AGE_DAYS: Record<TicketStatus, [number, number]> = {
  new: [0, 3],
  assigned: [0, 10],
  in_progress: [0, 14],
  on_hold: [2, 30],
  resolved: [1, 20],
  closed: [5, 60],
};

const STATUS_WEIGHTS: [TicketStatus, number][] = [
  ['new', 14],
  ['assigned', 15],
  ['in_progress', 20],
  ['on_hold', 10],
  ['resolved', 15],
  ['closed', 26],
];

function usernameFor(displayName: string): string {
  const [first = '', ...rest] = displayName.toLowerCase().replace(/[^a-z ]/g, '').split(' ');
  return `${first.charAt(0)}${rest.join('')}`;
}

function serialFrom(rng: Rng, pattern: string): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...pattern]
    .map((c) => (c === 'A' ? rng.pick([...letters]) : c === '9' ? String(rng.int(0, 9)) : c === 'H' ? rng.int(0, 15).toString(16).toUpperCase() : c))
    .join('');
}

const iso = (ms: number) => new Date(ms).toISOString();
const TECHNICAL_ROOM = /server|closet|cabinet/i;

export function buildDemoData(nowMs: number): DemoData {
  const rng = createRng(DEMO_SEED);
  const now = Math.floor(nowMs / MINUTE) * MINUTE;

  const sites: Site[] = [];
  const locations: Location[] = [];
  const locationsBySite = new Map<string, Location[]>();
  for (const s of SITES) {
    const site: Site = { id: rng.uuid(), code: s.code, name: s.name, timeZone: s.timeZone, address: s.address, rev: 0 };
    sites.push(site);
    const locs = s.locations.map((name) => ({ id: rng.uuid(), siteId: site.id, name, rev: 0 }));
    locations.push(...locs);
    locationsBySite.set(site.id, locs);
  }
  const siteByCode = new Map(sites.map((s) => [s.code, s]));
  const siteId = (code: string | null) => (code ? (siteByCode.get(code)?.id ?? null) : null);

  const groups: Group[] = GROUPS.map((name) => ({ id: rng.uuid(), name, rev: 0 }));
  const groupByName = new Map<GroupName, Group>(GROUPS.map((name, i) => [name, groups[i] as Group]));

  const persons: Person[] = STAFF.map((s) => ({
    id: rng.uuid(),
    username: s.username,
    displayName: s.displayName,
    email: `${s.username}@${EMAIL_DOMAIN}`,
    role: s.role,
    siteId: siteId(s.site),
    groupIds: s.groups.map((g) => groupByName.get(g)?.id).filter((id): id is string => Boolean(id)),
    rev: 0,
  }));
  const requesters: Person[] = REQUESTERS.map(([name, site]) => {
    const username = usernameFor(name);
    return { id: rng.uuid(), username, displayName: name, email: `${username}@${EMAIL_DOMAIN}`, role: 'requester', siteId: siteId(site), groupIds: [], rev: 0 };
  });
  persons.push(...requesters);
  const technicians = persons.filter((p) => p.role === 'technician');
  const desk = persons.filter((p) => p.role === 'agent');

  const tickets: DraftTicket[] = [];
  const worklogs: DraftWorklog[] = [];
  for (let i = 0; i < DEMO_COUNTS.tickets; i++) {
    // The first rows walk through every state for both kinds; the rest are weighted at random.
    const status: TicketStatus = i < 12 ? (STATUS_WEIGHTS[i % 6]?.[0] ?? 'new') : rng.weighted(STATUS_WEIGHTS);
    const wantKind: TicketKind = i < 12 ? (i < 6 ? 'incident' : 'service_request') : rng.chance(0.6) ? 'incident' : 'service_request';
    const template = rng.pick(TICKET_TEMPLATES.filter((t) => t.kind === wantKind));
    const site = rng.pick(sites);
    // Tickets happen where people work; only network faults are raised in the technical rooms.
    const siteLocations = locationsBySite.get(site.id) ?? [];
    const offices = siteLocations.filter((l) => !TECHNICAL_ROOM.test(l.name));
    const location = rng.pick(template.category === 'Network' || offices.length === 0 ? siteLocations : offices);
    const requester = rng.pick(requesters.filter((r) => r.siteId === site.id));
    const group = groupByName.get(rng.chance(0.8) ? template.group : rng.pick(GROUPS)) as Group;
    const members = technicians.filter((t) => t.groupIds.includes(group.id));
    const local = members.filter((t) => t.siteId === site.id);
    const assignee = status === 'new' ? null : rng.pick(local.length > 0 && rng.chance(0.85) ? local : members);

    const [minAge, maxAge] = AGE_DAYS[status];
    const createdAt = now - rng.int(Math.max(minAge * DAY, 20 * MINUTE), maxAge * DAY + 8 * HOUR);
    const age = now - createdAt;
    const resolvedAt = status === 'resolved' || status === 'closed' ? createdAt + Math.floor(age * (0.15 + rng.next() * 0.45)) : null;
    const closedAt = status === 'closed' && resolvedAt !== null ? resolvedAt + Math.floor((now - resolvedAt) * (0.3 + rng.next() * 0.6)) : null;
    const resolution = resolvedAt !== null ? rng.pick(RESOLUTIONS[template.kind]) : null;
    const fill = (text: string) =>
      text.replaceAll('{location}', location.name).replaceAll('{requester}', requester.displayName).replaceAll('{site}', site.name);
    const priority = rng.chance(0.75) ? template.priority : rng.pick([1, 2, 3, 4, 5] as const);

    const id = rng.uuid();
    const end = closedAt ?? resolvedAt ?? now;
    const logs: DraftWorklog[] = [];
    const logCount = status === 'new' ? rng.int(0, 1) : rng.int(0, 4);
    for (let n = 0; n < logCount; n++) {
      const phase = n === 0 ? 'triage' : status === 'on_hold' && n === logCount - 1 ? 'hold' : resolvedAt !== null && n === logCount - 1 ? 'finish' : 'work';
      const author = phase === 'triage' || !assignee ? rng.pick([...desk, ...members]) : assignee;
      const at = createdAt + Math.floor(((end - createdAt) * (n + 0.5 + rng.next() * 0.4)) / (logCount + 1));
      logs.push({
        id: rng.uuid(),
        ticketId: id,
        authorId: author.id,
        body: rng.pick(WORKLOG_TEXTS[phase]),
        minutes: rng.int(1, 24) * 5,
        createdAt: iso(Math.min(at, now)),
        rev: 0,
      });
    }
    worklogs.push(...logs);
    const lastActivity = Math.max(createdAt, closedAt ?? 0, resolvedAt ?? 0, ...logs.map((l) => Date.parse(l.createdAt)));
    const updatedAt = status === 'new' || status === 'closed' ? lastActivity : Math.min(now, lastActivity + rng.int(5, 240) * MINUTE);

    const ticket: DraftTicket = {
      id,
      number: null,
      kind: template.kind,
      title: fill(template.title),
      description: fill(template.description),
      status,
      priority,
      category: template.category,
      subcategory: template.subcategory,
      catalogItemId: template.catalogItemId ?? null,
      requesterId: requester.id,
      assigneeId: assignee?.id ?? null,
      groupId: group.id,
      siteId: site.id,
      locationId: location.id,
      onHoldReason: status === 'on_hold' ? rng.pick(ON_HOLD_REASONS) : null,
      resolutionCode: resolution?.code ?? null,
      resolutionNotes: resolution?.notes ?? null,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      resolvedAt: resolvedAt === null ? null : iso(resolvedAt),
      closedAt: closedAt === null ? null : iso(closedAt),
      rev: 0,
    };
    assertReachable(ticket);
    tickets.push(ticket);
  }
  // Numbers follow the order tickets were raised in.
  tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  const assets: Asset[] = [];
  const counters = new Map<string, number>();
  for (let i = 1; i <= DEMO_COUNTS.assets; i++) {
    const model = rng.weighted(HARDWARE.map((h) => [h, h.weight] as const));
    const site = rng.pick(sites);
    const status: AssetStatus = rng.weighted<AssetStatus>([
      ['deployed', 62],
      ['in_stock', 18],
      ['in_repair', 8],
      ['retired', 7],
      ['missing', 5],
    ]);
    const siteLocations = locationsBySite.get(site.id) ?? [];
    const holders = persons.filter((p) => p.siteId === site.id && p.role !== 'admin');
    const assignedTo = status === 'deployed' && !model.shared ? rng.pick(holders) : null;
    const key = `${model.prefix}-${site.code}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const locationId = status === 'missing' ? null : rng.pick(siteLocations).id;
    assets.push(
      newAsset({
        id: rng.uuid(),
        tag: `FD-${String(i).padStart(6, '0')}`,
        serial: serialFrom(rng, model.serialPattern),
        name: `${key}-${String(n).padStart(3, '0')}`,
        model: model.model,
        manufacturer: model.manufacturer,
        type: model.type,
        ...OLD_STATUS_TO_STATE[status],
        siteId: status === 'missing' && rng.chance(0.3) ? null : site.id,
        locationId,
        // In use: checked out to its person, or (a shared scanner) to where it is kept.
        checkedOutTo: status !== 'deployed' ? null : assignedTo ? { kind: 'person', id: assignedTo.id } : locationId ? { kind: 'location', id: locationId } : null,
        assignedToId: assignedTo?.id ?? null,
        rev: 0,
      }),
    );
  }

  return { sites, locations, groups, persons, tickets, worklogs, assets };
}

/** Every seeded ticket must be in a state the lifecycle can reach with its own facts. */
function assertReachable(t: DraftTicket): void {
  const ctx = { assigneeId: t.assigneeId, onHoldReason: t.onHoldReason, resolutionNotes: t.resolutionNotes };
  const from: TicketStatus = t.status === 'closed' ? 'resolved' : 'new';
  const check = checkTransition(from, t.status, ctx);
  if (!check.ok) throw new Error(`demo ticket "${t.title}" (${t.status}) is inconsistent: ${check.reason}`);
}
