/**
 * The demo's change calendar (issue 15): 60 change requests from 90 days ago to 90 days ahead in
 * every state and type, a weekly maintenance window (Sunday 02:00 to 06:00, Europe/Paris) on the
 * data centre, a blocking quarter-end freeze, a Change Advisory Board (a group with members and
 * its weekly meeting) that approves normal and emergency changes, and two releases. Pure and
 * deterministic (its own PRNG seed); times are placed relative to `now`.
 */
import { newChange } from '@fielddesk/common/changes/new-change';
import type { ChangeConfig } from '@fielddesk/common/changes/config';
import { DEFAULT_RISK_CONFIG } from '@fielddesk/common/changes/risk';
import type { ChangeOutcome, ChangeState, ChangeType } from '@fielddesk/common/changes/lifecycle';
import type { CabMeeting, ChangeRequest, ChangeWindow, Release } from '@fielddesk/common/changes/records';
import type { Group, Person, Site } from '@fielddesk/common/domain/entities';
import { entities, rowFromRecord, type EntityRecordMap } from '@fielddesk/common/entities/registry';
import { ITSM_CONFIG_ID, type ItsmConfig } from '@fielddesk/common/itsm/config';
import { readItsmConfig } from '../admin/itsm-config';
import type { WriteTx } from '../db/database';
import type { StoreKind } from '../db/kind';
import { itsmConfigToRow } from '../db/records';
import { bulkInsert } from '../sync/bulk';
import { newChangeApproval } from '../sync/ops/approvals';
import { CHANGE_TEMPLATES } from './catalog-itsm';
import { fieldRevsAt } from './field-revs';
import { createRng } from './prng';

export const DEMO_CHANGES_SEED = 20261207;
export const DEMO_CHANGE_COUNT = 60;
/** Who sits on the Change Advisory Board. */
export const CAB_MEMBERS = ['tech1', 'tech4', 'desk1'] as const;
/** The change manager, who may decide over the board's vote. */
export const CHANGE_MANAGER = 'admin';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

export interface DemoChanges {
  changes: ChangeRequest[];
  windows: ChangeWindow[];
  releases: Release[];
  cab: { group: Group; memberIds: string[]; meeting: CabMeeting };
  config: ChangeConfig;
  /** Ids for the approvals of the changes in Authorize (drawn here, so the demo stays deterministic). */
  approvalIds: string[];
}

/** Whether a day falls in the last 5 days of a quarter (the demo freeze): such changes are moved a week earlier. */
function inQuarterEndFreeze(ms: number): boolean {
  const d = new Date(ms);
  const month = d.getUTCMonth();
  if (month % 3 !== 2) return false;
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return d.getUTCDate() > daysInMonth - 6;
}

/** A state for a change of this type whose window is past, running or to come. */
function stateFor(type: ChangeType, when: 'past' | 'recent' | 'now' | 'soon' | 'later', pick: <T>(w: [T, number][]) => T): ChangeState {
  const valid = (s: ChangeState): ChangeState => {
    if (type === 'standard' && (s === 'assess' || s === 'authorize' || s === 'rejected')) return 'scheduled';
    if (type === 'emergency' && s === 'assess') return 'authorize';
    return s;
  };
  switch (when) {
    case 'past':
      return valid(pick<ChangeState>([['closed', 10], ['cancelled', 2], ['rejected', 1]]));
    case 'recent':
      return 'review';
    case 'now':
      return 'implement';
    case 'soon':
      return valid(pick<ChangeState>([['scheduled', 6], ['authorize', 3], ['new', 1]]));
    case 'later':
      return valid(pick<ChangeState>([['scheduled', 4], ['authorize', 2], ['assess', 2], ['new', 2], ['cancelled', 1]]));
  }
}

export function buildDemoChanges(nowMs: number, core: { sites: Site[]; persons: Person[]; groups: Group[] }): DemoChanges {
  const rng = createRng(DEMO_CHANGES_SEED);
  const now = Math.floor(nowMs / 60_000) * 60_000;
  const person = (username: string) => core.persons.find((p) => p.username === username);
  const technicians = core.persons.filter((p) => p.role === 'technician');
  const staff = core.persons.filter((p) => p.role === 'technician' || p.role === 'agent');
  const fieldSupport = core.groups.find((g) => g.name === 'Field Support') ?? null;
  const dc = core.sites.find((s) => s.code === 'DC') ?? core.sites[0]!;

  const group: Group = { id: rng.uuid(), name: 'Change Advisory Board', rev: 0 };
  const memberIds = CAB_MEMBERS.map((u) => person(u)?.id).filter((id): id is string => Boolean(id));
  const manager = person(CHANGE_MANAGER);

  const changes: ChangeRequest[] = [];
  const span = 180 * DAY;
  for (let i = 0; i < DEMO_CHANGE_COUNT; i++) {
    const template = CHANGE_TEMPLATES[i % CHANGE_TEMPLATES.length]!;
    const site = rng.pick(core.sites);
    // Spread evenly from 90 days ago to 90 days ahead; windows start in the evening.
    let dayStart = Math.floor((now - 90 * DAY + (span * (i + 0.5)) / DEMO_CHANGE_COUNT) / DAY) * DAY;
    if (inQuarterEndFreeze(dayStart)) dayStart -= 7 * DAY;
    const start = dayStart + rng.int(18, 22) * HOUR + rng.pick([0, 30]) * 60_000;
    const end = start + template.hours * HOUR;
    const type: ChangeType = i % 10 < 3 ? 'standard' : i % 10 === 3 ? 'emergency' : 'normal';
    const when = end < now - 3 * DAY ? 'past' : end < now ? 'recent' : start <= now ? 'now' : start < now + 14 * DAY ? 'soon' : 'later';
    const status = stateFor(type, when, (w) => rng.weighted(w));
    const outcome: ChangeOutcome | null = status === 'closed' ? rng.weighted<ChangeOutcome>([['succeeded', 8], ['failed', 1], ['backed_out', 1]]) : null;
    const created = Math.min(start - rng.int(3, 20) * DAY, now - DAY);
    changes.push(
      newChange({
        id: rng.uuid(),
        type,
        status,
        title: template.title.replaceAll('{site}', site.name),
        description: template.description,
        reason: 'Keeps the service supported and secure.',
        category: template.title.includes('switch') || template.title.includes('Wi-Fi') || template.title.includes('access points') || template.title.includes('VPN') || template.title.includes('Firewall') ? 'Network' : 'Infrastructure',
        risk: template.risk,
        riskWhy: 'Set when the change was planned.',
        windowStart: iso(start),
        windowEnd: iso(end),
        downtimeMinutes: template.risk === 'high' ? 30 : null,
        implementationPlan: '1. Announce the window.\n2. Make the change as described.\n3. Check the service and close the window.',
        backoutPlan: 'Restore the saved configuration or snapshot taken before the change.',
        testPlan: 'Users of the site confirm the service works; monitoring shows no new alerts.',
        siteId: template.title.includes('{site}') ? site.id : null,
        ownerId: rng.pick(staff).id,
        assigneeId: rng.pick(technicians).id,
        groupId: fieldSupport?.id ?? null,
        templateId: type === 'standard' ? 'standard-maintenance' : null,
        outcome,
        reviewNotes: outcome === 'succeeded' ? 'Completed as planned.' : outcome ? 'See the work notes: the change did not go as planned.' : '',
        createdAt: iso(created),
        updatedAt: iso(Math.min(now, Math.max(created, end))),
        rev: 0,
      }),
    );
  }
  // Every state appears: the change nearest now is being implemented, and missing states are
  // given to changes whose time and type allow them.
  const nearest = changes.reduce((best, c) => (Math.abs(Date.parse(c.windowStart) - now) < Math.abs(Date.parse(best.windowStart) - now) ? c : best));
  const shift = now - HOUR - Date.parse(nearest.windowStart);
  nearest.windowStart = iso(Date.parse(nearest.windowStart) + shift);
  nearest.windowEnd = iso(Date.parse(nearest.windowEnd) + shift);
  nearest.status = 'implement';
  const fits: Record<ChangeState, (c: ChangeRequest) => boolean> = {
    new: (c) => Date.parse(c.windowStart) > now,
    assess: (c) => c.type === 'normal' && Date.parse(c.windowStart) > now,
    authorize: (c) => c.type !== 'standard' && Date.parse(c.windowStart) > now,
    scheduled: (c) => Date.parse(c.windowStart) > now,
    implement: () => false,
    review: (c) => Date.parse(c.windowEnd) < now,
    closed: (c) => Date.parse(c.windowEnd) < now,
    rejected: (c) => c.type !== 'standard' && Date.parse(c.windowEnd) < now,
    cancelled: () => true,
  };
  for (const state of Object.keys(fits) as ChangeState[]) {
    if (changes.some((c) => c.status === state)) continue;
    const candidate = changes.find((c) => c !== nearest && fits[state](c) && changes.filter((x) => x.status === c.status).length > 2);
    if (candidate) {
      candidate.status = state;
      candidate.outcome = state === 'closed' ? 'succeeded' : null;
    }
  }
  changes.sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.id.localeCompare(b.id));
  changes.forEach((c, i) => (c.number = `CHG-${String(i + 1).padStart(4, '0')}`));

  const updatedAt = iso(now - 30 * DAY);
  const windows: ChangeWindow[] = [
    {
      id: rng.uuid(),
      name: 'Weekly maintenance window (data centre)',
      kind: 'maintenance',
      enforcement: 'warn',
      timeZone: 'Europe/Paris',
      startsOn: '2026-01-04',
      startTime: '02:00',
      durationMinutes: 240,
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      ciIds: [],
      serviceIds: [],
      siteIds: [dc.id],
      notes: 'Planned work on the data centre happens here; users are told a week ahead.',
      updatedAt,
      rev: 0,
    },
    {
      id: rng.uuid(),
      name: 'Quarter-end freeze',
      kind: 'freeze',
      enforcement: 'block',
      timeZone: 'Europe/Paris',
      startsOn: '2026-03-27',
      startTime: '00:00',
      durationMinutes: 5 * 24 * 60,
      rrule: 'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-5',
      ciIds: [],
      serviceIds: [],
      siteIds: [],
      notes: 'Finance closes the quarter: no changes anywhere except emergencies approved by the change manager.',
      updatedAt,
      rev: 0,
    },
  ];

  const future = changes.filter((c) => Date.parse(c.windowStart) > now + 20 * DAY && c.category === 'Network' && c.status !== 'cancelled').slice(0, 4);
  const around = changes.filter((c) => Math.abs(Date.parse(c.windowStart) - now) < 10 * DAY && c.status !== 'cancelled').slice(0, 3);
  const releaseOf = (name: string, state: Release['state'], members: ChangeRequest[], fallback: [number, number]): Release => {
    const starts = members.map((c) => Date.parse(c.windowStart));
    const ends = members.map((c) => Date.parse(c.windowEnd));
    return {
      id: rng.uuid(),
      number: null,
      name,
      state,
      windowStart: iso(starts.length ? Math.min(...starts) - DAY : now + fallback[0] * DAY),
      windowEnd: iso(ends.length ? Math.max(...ends) + DAY : now + fallback[1] * DAY),
      ownerId: manager?.id ?? null,
      notes: '',
      updatedAt,
      rev: 0,
    };
  };
  const releases = [releaseOf('Network refresh, wave 1', 'planning', future, [20, 60]), releaseOf('December server maintenance', 'in_progress', around, [-10, 10])];
  releases.forEach((r, i) => (r.number = `REL-${String(i + 1).padStart(4, '0')}`));
  for (const c of future) c.releaseId = releases[0]!.id;
  for (const c of around) c.releaseId = releases[1]!.id;

  const meeting: CabMeeting = {
    id: rng.uuid(),
    name: 'Weekly CAB',
    groupId: group.id,
    timeZone: 'Europe/Paris',
    startsOn: '2026-01-06',
    startTime: '14:00',
    durationMinutes: 60,
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    agenda: { states: ['authorize'], types: ['normal', 'emergency'], risks: [], withinDays: 14 },
    notes: 'Reviews the changes waiting for authorisation in the next two weeks.',
    updatedAt,
    rev: 0,
  };

  const config: ChangeConfig = {
    risk: DEFAULT_RISK_CONFIG,
    approvalRules: [
      { id: 'emergency', label: 'Emergency changes: the CAB, first answer', types: ['emergency'], risks: [], groupId: group.id, quorum: { rule: 'first' } },
      { id: 'high', label: 'High-risk changes: the CAB, majority', types: ['normal'], risks: ['high', 'very_high'], groupId: group.id, quorum: { rule: 'majority' } },
      { id: 'normal', label: 'Normal changes: the CAB, 60% of members', types: ['normal'], risks: [], groupId: group.id, quorum: { rule: 'percent', percent: 60 } },
    ],
    managerIds: manager ? [manager.id] : [],
    allowSelfApproval: false,
  };

  const approvalIds = changes.filter((c) => c.status === 'authorize').map(() => rng.uuid());
  return { changes, windows, releases, cab: { group, memberIds, meeting }, config, approvalIds };
}

/**
 * Writes the demo's change calendar in one go, in the seed's transaction: the CAB group and its
 * members, the releases, windows and changes (their numbers' counters set after them), the CAB
 * meeting, the change configuration (approval rules naming the CAB), and the approvals the
 * changes waiting in Authorize wait for (approvals.ts, as the server opens them). Returns the
 * changes written.
 */
export async function writeDemoChanges(tx: WriteTx, kind: StoreKind, demo: DemoChanges): Promise<ChangeRequest[]> {
  const { db } = tx;
  await db.insertInto('groups').values({ id: demo.cab.group.id, name: demo.cab.group.name, rev: await tx.nextRev() }).execute();
  await db.insertInto('person_groups').values(demo.cab.memberIds.map((id) => ({ person_id: id, group_id: demo.cab.group.id }))).execute();

  const write = async <E extends 'release' | 'change_window' | 'change' | 'cab_meeting'>(entity: E, records: readonly EntityRecordMap[E][]) => {
    const rows: Record<string, unknown>[] = [];
    for (const r of records) {
      const rev = await tx.nextRev();
      rows.push({ ...rowFromRecord(entities[entity], { ...r, rev } as Record<string, unknown>), field_revs: fieldRevsAt(r, rev) });
    }
    if (rows.length > 0) await bulkInsert(db, kind, { table: entities[entity].table as never, columns: Object.keys(rows[0]!) as never, rows: rows as never });
  };
  await write('release', demo.releases);
  await write('change_window', demo.windows);
  await write('change', demo.changes);
  await write('cab_meeting', [demo.cab.meeting]);
  for (const [counter, last] of [['release', demo.releases.length], ['change', demo.changes.length]] as const) {
    await db.insertInto('ticket_counters').values({ kind: counter, last_number: last }).onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: last })).execute();
  }

  const config = await readItsmConfig(db);
  const next: ItsmConfig = { ...config, changes: demo.config, rev: await tx.nextRev() };
  const row = itsmConfigToRow(next);
  await db.updateTable('itsm_config').set({ config: row.config, rev: row.rev }).where('id', '=', ITSM_CONFIG_ID).execute();

  // The changes waiting in Authorize wait for the board's votes, as the server would have opened them.
  const approvals = [];
  for (const [i, c] of demo.changes.filter((x) => x.status === 'authorize').entries()) {
    const approval = newChangeApproval(c, demo.config, demo.cab.memberIds, c.updatedAt, demo.approvalIds[i % demo.approvalIds.length]!, await tx.nextRev());
    approvals.push(rowFromRecord(entities.approval, approval as unknown as Record<string, unknown>));
  }
  if (approvals.length > 0) await bulkInsert(db, kind, { table: 'approvals', columns: Object.keys(approvals[0]!) as never, rows: approvals as never });
  return demo.changes;
}
