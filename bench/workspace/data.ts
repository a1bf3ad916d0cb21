/**
 * Realistic benchmark records for a technician's replica: 100,000 tickets, 5,000 knowledge
 * articles and 20,000 assets (minus what the demo already has), built deterministically from
 * the demo seed's own vocabulary (server/src/seed/catalog*.ts: ticket titles and texts,
 * hardware models, how-to articles) and the reference data the replica really synced
 * (people, groups, sites, locations, the ITSM configuration), so every reference resolves.
 *
 * Why not random strings: search ranking and queue filters behave very differently on real
 * words (many near-duplicates, shared prefixes, typos that hit several titles) than on
 * unique tokens. Why every ticket is in the technician's scope (their group, or any group at
 * their site): a technician's replica only ever holds what the server's scoped pull sends.
 *
 * Pure (no DOM, no Node): bundled into the browser page that writes the replica, and used
 * in Node for the SLA throughput on the same tickets.
 */
import { newAsset } from '@fielddesk/common/assets/new-asset';
import { OLD_STATUS_TO_STATE } from '@fielddesk/common/assets/lifecycle';
import type { Asset, AssetStatus, Group, KnowledgeArticle, Location, Person, Site, Ticket, TicketKind } from '@fielddesk/common/domain/entities';
import { priorityFor, type ItsmConfig, type Level } from '@fielddesk/common/itsm/config';
import type { TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import { HARDWARE, ON_HOLD_REASONS, RESOLUTIONS, TICKET_TEMPLATES } from '../../server/src/seed/catalog';
import { ARTICLES } from '../../server/src/seed/catalog-itsm';
import { articleMarkdown } from '../../server/src/seed/demo-itsm';
import { createRng, type Rng } from '../../server/src/seed/prng';

export const BENCH_SEED = 20_261_121;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the generator needs from the synced replica. */
export interface Reference {
  user: { id: string; siteId: string | null; groupIds: readonly string[] };
  persons: readonly Person[];
  groups: readonly Group[];
  sites: readonly Site[];
  locations: readonly Location[];
  config: ItsmConfig;
}

/** Numbers and revs start well above the demo's, so nothing collides with synced records. */
const NUMBER_BASE = 10_000;
const REV_BASE = 50_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Problems: recurring causes behind many incidents. */
const PROBLEMS: { title: string; category: string; rootCause: string; workaround: string }[] = [
  { title: 'Laptops fail to boot after the monthly update', category: 'Hardware', rootCause: 'The storage driver in the update conflicts with the BIOS in RAID mode.', workaround: 'Boot into recovery, roll back the storage driver, then pause updates for 7 days.' },
  { title: 'VPN tunnels drop every few minutes on hotel networks', category: 'Network', rootCause: 'The gateway MTU is larger than some hotel networks allow; packets fragment and the tunnel resets.', workaround: 'Switch the VPN client to TCP mode in Settings > Connection.' },
  { title: 'Outlook prompts for credentials repeatedly', category: 'Email', rootCause: 'Modern authentication token cache corrupted after a password change.', workaround: 'Remove the cached credentials in Credential Manager and restart Outlook.' },
  { title: 'Docking stations lose external displays after sleep', category: 'Hardware', rootCause: 'Dock firmware older than 01.00.32 does not renegotiate DisplayPort after resume.', workaround: 'Unplug and replug the USB-C cable; update the dock firmware.' },
  { title: 'Print jobs stuck in the queue on the HQ print server', category: 'Printing', rootCause: 'A third-party print driver leaks spooler handles.', workaround: 'Restart the print spooler service on print01.' },
  { title: 'Wi-Fi roaming fails between access points in the warehouse', category: 'Network', rootCause: 'Fast roaming (802.11r) is off on the warehouse SSID.', workaround: 'Toggle Wi-Fi off and on on the handheld.' },
  { title: 'Badge readers reject valid badges after the nightly sync', category: 'Access', rootCause: 'The access control sync job times out on large group changes.', workaround: 'Re-run the sync job from the access control console.' },
  { title: 'ERP client crashes when printing invoices', category: 'Software', rootCause: 'The PDF component of the ERP client is not compatible with the new printer driver.', workaround: 'Print to PDF first, then print the PDF.' },
];

/** Extra detail technicians and requesters add to a title, so 100,000 titles are not 25 repeated. */
const TITLE_DETAILS = [
  '',
  '',
  '',
  ' again',
  ' since this morning',
  ' after the update',
  ' since Monday',
  ' for the whole team',
  ' - urgent',
  ' (second time this week)',
  ' before the customer visit',
  ' on the night shift',
  ' intermittently',
  ' after moving desks',
];

const ARTICLE_VARIANTS = [
  '',
  ' (Windows 11)',
  ' (macOS)',
  ' for new starters',
  ' - quick guide',
  ' - troubleshooting',
  ' for field technicians',
  ' at remote sites',
  ' - updated procedure',
];

const ASSET_STATUSES: readonly (readonly [AssetStatus, number])[] = [
  ['deployed', 62],
  ['in_stock', 18],
  ['in_repair', 8],
  ['retired', 7],
  ['missing', 5],
];

function statusesFor(ageMs: number): readonly (readonly [TicketStatus, number])[] {
  if (ageMs < 7 * DAY)
    return [
      ['new', 15],
      ['assigned', 25],
      ['in_progress', 30],
      ['on_hold', 10],
      ['resolved', 15],
      ['closed', 5],
    ];
  if (ageMs < 30 * DAY)
    return [
      ['assigned', 3],
      ['in_progress', 4],
      ['on_hold', 3],
      ['resolved', 20],
      ['closed', 70],
    ];
  return [
    ['in_progress', 0.4],
    ['on_hold', 0.6],
    ['resolved', 1],
    ['closed', 98],
  ];
}

function serialFrom(rng: Rng, pattern: string): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...pattern].map((c) => (c === 'A' ? rng.pick([...letters]) : c === '9' ? String(rng.int(0, 9)) : c === 'H' ? rng.int(0, 15).toString(16).toUpperCase() : c)).join('');
}

interface Indexes {
  siteById: Map<string, Site>;
  locationsBySite: Map<string, Location[]>;
  requestersBySite: Map<string, Person[]>;
  requesters: Person[];
  membersByGroup: Map<string, Person[]>;
  staff: Person[];
}

function index(ref: Reference): Indexes {
  const siteById = new Map(ref.sites.map((s) => [s.id, s]));
  const locationsBySite = new Map<string, Location[]>();
  for (const l of ref.locations) locationsBySite.set(l.siteId, [...(locationsBySite.get(l.siteId) ?? []), l]);
  const requesters = ref.persons.filter((p) => p.role === 'requester');
  const requestersBySite = new Map<string, Person[]>();
  for (const p of requesters) if (p.siteId) requestersBySite.set(p.siteId, [...(requestersBySite.get(p.siteId) ?? []), p]);
  const staff = ref.persons.filter((p) => p.role === 'technician' || p.role === 'agent');
  const membersByGroup = new Map<string, Person[]>();
  for (const p of staff) for (const g of p.groupIds) membersByGroup.set(g, [...(membersByGroup.get(g) ?? []), p]);
  if (ref.sites.length === 0) throw new Error('The replica has no sites: the reference data did not sync.');
  if (requesters.length === 0) throw new Error('The replica has no requesters: the reference data did not sync.');
  return { siteById, locationsBySite, requestersBySite, requesters, membersByGroup, staff };
}

function fill(text: string, values: { location: string; requester: string; site: string }): string {
  return text.replaceAll('{location}', values.location).replaceAll('{requester}', values.requester).replaceAll('{site}', values.site);
}

/**
 * `count` tickets created over the two years before `nowMs` (denser recently), in the
 * user's scope: most in one of their groups at any site, the rest in another group at their
 * site. About a tenth are open; tech1 is the assignee of about a third of their group's.
 */
export function generateTickets(count: number, ref: Reference, nowMs: number, seed = BENCH_SEED): Ticket[] {
  const rng = createRng(seed);
  const ix = index(ref);
  const now = Math.floor(nowMs / MINUTE) * MINUTE;
  const userGroups = ref.user.groupIds.filter((g) => ref.groups.some((x) => x.id === g));
  const otherGroups = ref.groups.map((g) => g.id).filter((g) => !userGroups.includes(g));
  const userSite = ref.user.siteId && ix.siteById.has(ref.user.siteId) ? ref.user.siteId : null;
  if (userGroups.length === 0 && !userSite) throw new Error('The user has neither a group nor a site: no ticket would be in their scope.');
  const categories = new Map(ref.config.categories.map((c) => [c.name, c.subcategories]));
  const catalogByCategory = new Map(ref.config.catalog.map((c) => [c.category, c.id]));
  const incidentTemplates = TICKET_TEMPLATES.filter((t) => t.kind === 'incident');
  const requestTemplates = TICKET_TEMPLATES.filter((t) => t.kind === 'service_request');
  const serial = { incident: NUMBER_BASE, service_request: NUMBER_BASE, problem: NUMBER_BASE } satisfies Record<TicketKind, number>;
  const tickets: Ticket[] = [];
  const problemsByCategory = new Map<string, string[]>();

  for (let i = 0; i < count; i++) {
    const kind = rng.weighted<TicketKind>([
      ['incident', 74],
      ['service_request', 23],
      ['problem', 3],
    ]);
    // Scope: the user's group anywhere (field work), or another group at the user's site.
    let groupId: string | null;
    let siteId: string;
    if (userGroups.length > 0 && (otherGroups.length === 0 || !userSite || rng.chance(0.65))) {
      groupId = rng.pick(userGroups);
      siteId = rng.weighted(ref.sites.map((s) => [s.id, s.id === userSite ? 3 : 1.5] as const));
    } else {
      groupId = otherGroups.length > 0 ? rng.pick(otherGroups) : null;
      siteId = userSite ?? rng.pick(ref.sites).id;
    }
    const site = ix.siteById.get(siteId)!;
    const locations = ix.locationsBySite.get(siteId) ?? [];
    const location = locations.length > 0 ? rng.pick(locations) : null;
    const requester = rng.pick(ix.requestersBySite.get(siteId) ?? ix.requesters);

    const age = rng.weighted([
      [() => rng.int(0, 7 * DAY), 10],
      [() => rng.int(7 * DAY, 30 * DAY), 20],
      [() => rng.int(30 * DAY, 730 * DAY), 70],
    ] as const)();
    const createdAt = now - age;
    const status = kind === 'problem' && age > 30 * DAY ? rng.weighted<TicketStatus>([['in_progress', 30], ['resolved', 20], ['closed', 50]]) : rng.weighted(statusesFor(age));

    let title: string;
    let description: string;
    let category: string;
    let rootCause: string | null = null;
    let workaround: string | null = null;
    let knownError = false;
    const values = { location: location?.name ?? site.name, requester: requester.displayName, site: site.name };
    if (kind === 'problem') {
      const p = rng.pick(PROBLEMS);
      title = `${p.title}${rng.pick(['', ` at ${site.name}`, ' (recurring)'])}`;
      description = `Several incidents at ${site.name} share this cause. ${p.rootCause}`;
      category = p.category;
      if (status !== 'new' && rng.chance(0.7)) {
        rootCause = p.rootCause;
        workaround = p.workaround;
        knownError = rng.chance(0.6);
      }
    } else {
      const template = rng.pick(kind === 'incident' ? incidentTemplates : requestTemplates);
      title = fill(template.title, values) + rng.pick(TITLE_DETAILS);
      description = fill(template.description, values);
      category = template.category;
    }
    const subcategories = categories.get(category);
    const subcategory = subcategories && subcategories.length > 0 ? rng.pick(subcategories) : '';
    const impact = rng.weighted<Level>([
      [1, 10],
      [2, 40],
      [3, 50],
    ]);
    const urgency = rng.weighted<Level>([
      [1, 15],
      [2, 45],
      [3, 40],
    ]);

    const members = (groupId ? ix.membersByGroup.get(groupId) : undefined) ?? ix.staff.filter((p) => p.siteId === siteId);
    let assigneeId: string | null = null;
    if (status !== 'new' && members.length > 0) {
      const mine = members.some((m) => m.id === ref.user.id) && rng.chance(0.35);
      assigneeId = mine ? ref.user.id : rng.pick(members).id;
    }

    // The lifecycle's facts, in order: responded, on hold, resolved, closed. A step that would
    // end after now is shortened to a random point before now (clamping would pile thousands
    // of tickets up at exactly "now").
    const after = (from: number, duration: number, until = now) => (from + duration <= until ? from + duration : from + Math.floor(Math.max(0, until - from) * rng.next()));
    const respondedAt = status === 'new' ? null : after(createdAt, rng.int(2 * MINUTE, 20 * MINUTE) + Math.floor(rng.next() ** 4 * 8 * HOUR));
    // Skewed: most tickets are resolved within a day or two, a long tail takes over a week.
    const resolvedAt = status === 'resolved' || status === 'closed' ? after(respondedAt ?? createdAt, 30 * MINUTE + Math.floor(rng.next() ** 3 * 10 * DAY)) : null;
    const closedAt = status === 'closed' && resolvedAt !== null ? after(resolvedAt, rng.int(HOUR, 7 * DAY)) : null;
    const holds: Ticket['slaHolds'] = [];
    const workEnd = resolvedAt ?? now;
    if (respondedAt !== null && rng.chance(0.2) && workEnd - respondedAt > 2 * HOUR) {
      const from = respondedAt + rng.int(HOUR, Math.max(HOUR, Math.floor((workEnd - respondedAt) / 2)));
      holds.push({ from: iso(from), to: iso(after(from, rng.int(HOUR, 3 * DAY), workEnd)) });
    }
    if (status === 'on_hold') {
      const lastTo = holds.length > 0 ? Date.parse(holds[holds.length - 1]!.to!) : (respondedAt ?? createdAt);
      holds.push({ from: iso(Math.min(now, lastTo + rng.int(0, Math.max(0, now - lastTo)))), to: null });
    }
    const updatedAt = Math.max(closedAt ?? 0, resolvedAt ?? 0, holds.length > 0 ? Date.parse(holds[holds.length - 1]!.from) : 0, respondedAt ?? createdAt);
    const resolution = resolvedAt !== null ? rng.pick(RESOLUTIONS[kind === 'service_request' ? 'service_request' : 'incident']) : null;

    const id = rng.uuid();
    if (kind === 'problem') problemsByCategory.set(category, [...(problemsByCategory.get(category) ?? []), id]);
    tickets.push({
      id,
      number: formatTicketNumber(kind, ++serial[kind]),
      kind,
      title: title.slice(0, 300),
      description,
      status,
      priority: rng.chance(0.05) ? rng.pick([1, 2, 3, 4, 5] as const) : priorityFor(ref.config.priorityMatrix, impact, urgency),
      impact,
      urgency,
      category,
      subcategory,
      requesterId: requester.id,
      assigneeId,
      groupId,
      siteId,
      locationId: location?.id ?? null,
      onHoldReason: status === 'on_hold' ? rng.pick(ON_HOLD_REASONS) : null,
      resolutionCode: resolution ? rng.pick(ref.config.resolutionCodes) : null,
      resolutionNotes: resolution?.notes ?? null,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      resolvedAt: resolvedAt === null ? null : iso(resolvedAt),
      closedAt: closedAt === null ? null : iso(closedAt),
      respondedAt: respondedAt === null ? null : iso(respondedAt),
      slaHolds: holds,
      catalogItemId: kind === 'service_request' ? (catalogByCategory.get(category) ?? null) : null,
      problemId: null,
      rootCause,
      workaround,
      knownError,
      rev: REV_BASE + i,
    });
  }
  // One incident in twenty is linked to a problem of its category.
  for (const t of tickets) {
    if (t.kind !== 'incident' || !rng.chance(0.05)) continue;
    const problems = problemsByCategory.get(t.category);
    if (problems && problems.length > 0) t.problemId = rng.pick(problems);
  }
  return tickets;
}

/** `count` assets at the user's site (a technician syncs their own site's assets), tagged after the demo's. */
export function generateAssets(count: number, ref: Reference, firstTag: number, seed = BENCH_SEED + 1): Asset[] {
  const rng = createRng(seed);
  const ix = index(ref);
  const site = (ref.user.siteId && ix.siteById.get(ref.user.siteId)) || ref.sites[0]!;
  const locations = ix.locationsBySite.get(site.id) ?? [];
  const holders = ref.persons.filter((p) => p.siteId === site.id && p.role !== 'admin');
  const counters = new Map<string, number>();
  const assets: Asset[] = [];
  for (let i = 0; i < count; i++) {
    const model = rng.weighted(HARDWARE.map((h) => [h, h.weight] as const));
    const status = rng.weighted(ASSET_STATUSES);
    const key = `${model.prefix}-${site.code}`;
    const n = (counters.get(key) ?? 1000) + 1;
    counters.set(key, n);
    const holder = status === 'deployed' && !model.shared && holders.length > 0 ? rng.pick(holders).id : null;
    assets.push(
      newAsset({
        id: rng.uuid(),
        tag: `FD-${String(firstTag + i).padStart(6, '0')}`,
        serial: serialFrom(rng, model.serialPattern),
        name: `${key}-${String(n).padStart(4, '0')}`,
        model: model.model,
        manufacturer: model.manufacturer,
        type: model.type,
        ...OLD_STATUS_TO_STATE[status],
        siteId: status === 'missing' && rng.chance(0.3) ? null : site.id,
        locationId: status === 'missing' || locations.length === 0 ? null : rng.pick(locations).id,
        checkedOutTo: holder ? { kind: 'person', id: holder } : null,
        assignedToId: holder,
        rev: REV_BASE + 500_000 + i,
      }),
    );
  }
  return assets;
}

/** `count` published (mostly) how-to articles: the demo's 57 how-tos in product and audience variants. */
export function generateArticles(count: number, ref: Reference, nowMs: number, seed = BENCH_SEED + 2): KnowledgeArticle[] {
  const rng = createRng(seed);
  const authors = ref.persons.filter((p) => p.role === 'technician' || p.role === 'agent');
  const articles: KnowledgeArticle[] = [];
  for (let i = 0; i < count; i++) {
    const a = ARTICLES[i % ARTICLES.length]!;
    const hardware = rng.pick(HARDWARE);
    const variant = rng.chance(0.3) ? ` - ${hardware.manufacturer} ${hardware.model}` : rng.pick(ARTICLE_VARIANTS);
    const createdAt = nowMs - rng.int(DAY, 3 * 365 * DAY);
    const updatedAt = Math.min(nowMs, createdAt + rng.int(0, 365 * DAY));
    const author = authors.length > 0 ? rng.pick(authors) : null;
    const published = author === null || author.id !== ref.user.id ? true : rng.chance(0.9);
    articles.push({
      id: rng.uuid(),
      number: formatTicketNumber('knowledge_article', NUMBER_BASE + i),
      title: `${a.title}${variant}`.slice(0, 300),
      body: `${articleMarkdown(a)}\n\nApplies to: ${hardware.manufacturer} ${hardware.model}.`,
      category: a.category,
      tags: a.tags,
      published,
      authorId: author?.id ?? null,
      sourceTicketId: null,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      rev: REV_BASE + 900_000 + i,
    });
  }
  return articles;
}
