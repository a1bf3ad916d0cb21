/** Records for renderer tests: valid per the common/ schemas, with readable defaults. */
import { v7 as uuidv7 } from 'uuid';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import { newChange } from '@fielddesk/common/changes/new-change';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import type { Asset, ConfigurationItem, Group, Person, Site, Ticket, Worklog } from '@fielddesk/common/domain/entities';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { FieldDeskDb } from '../src/data/db';

let dbCounter = 0;
/** A fresh replica with a unique name (fake-indexeddb keeps databases for the whole run). */
export function freshDb(label = 'test'): FieldDeskDb {
  dbCounter += 1;
  return new FieldDeskDb(`fielddesk-test:${label}:${dbCounter}:${uuidv7()}`);
}

export const T0 = '2026-03-02T09:00:00.000Z';

export const site: Site = { id: uuidv7(), code: 'HQ', name: 'Headquarters', timeZone: 'Europe/London', address: '1 Main St', rev: 1 };
export const group: Group = { id: uuidv7(), name: 'Field Support', rev: 2 };
export const tech: Person = {
  id: uuidv7(),
  username: 'tech1',
  displayName: 'Alex Morgan',
  email: 'alex@example.org',
  role: 'technician',
  siteId: site.id,
  groupIds: [group.id],
  rev: 3,
};
export const requester: Person = {
  id: uuidv7(),
  username: 'req1',
  displayName: 'Riley Chen',
  email: 'riley@example.org',
  role: 'requester',
  siteId: site.id,
  groupIds: [],
  rev: 4,
};

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: uuidv7(),
    number: 'INC-1001',
    kind: 'incident',
    title: 'Printer on floor 2 jams',
    description: 'It jams on every second page.',
    status: 'assigned',
    priority: 3,
    impact: 2,
    urgency: 2,
    category: 'Hardware',
    subcategory: 'Peripheral',
    requesterId: requester.id,
    assigneeId: tech.id,
    groupId: group.id,
    siteId: site.id,
    locationId: null,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: T0,
    updatedAt: T0,
    resolvedAt: null,
    closedAt: null,
    respondedAt: T0,
    slaHolds: [],
    catalogItemId: null,
    problemId: null,
    rootCause: null,
    workaround: null,
    knownError: false,
    rev: 10,
    ...overrides,
  };
}

/** An asset of the test site, as people recorded it (never inventoried unless overridden). */
export function makeAsset(overrides: Partial<Asset> = {}): Asset {
  return newAsset({
    id: uuidv7(),
    tag: 'LT-0042',
    serial: '640HP72',
    name: 'glpixps',
    model: 'XPS 13 9350',
    manufacturer: 'Dell Inc.',
    type: 'laptop',
    state: 'in_use',
    substate: null,
    siteId: site.id,
    locationId: null,
    rev: 5,
    ...overrides,
  });
}

/** A configuration item of the test site (a server unless overridden). */
export function makeCi(name: string, overrides: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id: uuidv7(), name, ciType: 'server', status: 'active', assetId: null, siteId: site.id, description: '', rev: 6, ...overrides };
}

/** A relation as the server sent it: "from <type> to". */
export function makeCiRelation(from: ConfigurationItem | string, type: CiRelationType, to: ConfigurationItem | string, overrides: Partial<CiRelation> = {}): CiRelation {
  const idOf = (ci: ConfigurationItem | string) => (typeof ci === 'string' ? ci : ci.id);
  return { id: uuidv7(), fromId: idOf(from), toId: idOf(to), type, authorId: null, createdAt: T0, rev: 7, ...overrides };
}

/**
 * A change request as the server sent it: scheduled, its window `inDays` from now (3 by default,
 * 19:00 for three hours, UTC), so it is still to come whenever the test runs.
 */
export function makeChange(number: string, title: string, overrides: Partial<ChangeRequest> & { inDays?: number } = {}): ChangeRequest {
  const { inDays = 3, ...rest } = overrides;
  const day = Math.floor(Date.now() / 86_400_000) + inDays;
  const start = day * 86_400_000 + 19 * 3_600_000;
  return newChange({
    id: uuidv7(),
    number,
    title,
    status: 'scheduled',
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(start + 3 * 3_600_000).toISOString(),
    createdAt: new Date(start - 7 * 86_400_000).toISOString(),
    siteId: site.id,
    rev: 8,
    ...rest,
  });
}

/** A change's link to a CI it affects, as the server sent it. */
export function makeChangeCi(change: ChangeRequest | string, ci: ConfigurationItem | string, overrides: Partial<ChangeCi> = {}): ChangeCi {
  const idOf = (r: { id: string } | string) => (typeof r === 'string' ? r : r.id);
  return { id: uuidv7(), changeId: idOf(change), configurationItemId: idOf(ci), addedById: null, createdAt: T0, rev: 9, ...overrides };
}

export function makeWorklog(ticketId: string, overrides: Partial<Worklog> = {}): Worklog {
  return { id: uuidv7(), ticketId, authorId: tech.id, body: 'Checked the rollers.', minutes: 15, visibility: 'internal', createdAt: T0, rev: 11, ...overrides };
}

export async function seed(db: FieldDeskDb, tickets: Ticket[], worklogs: Worklog[] = []): Promise<void> {
  await db.transaction('rw', [db.sites, db.groups, db.persons, db.tickets, db.worklogs], async () => {
    await db.sites.put(site);
    await db.groups.put(group);
    await db.persons.bulkPut([tech, requester]);
    await db.tickets.bulkPut(tickets);
    await db.worklogs.bulkPut(worklogs);
  });
}
