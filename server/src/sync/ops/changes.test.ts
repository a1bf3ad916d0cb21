/**
 * Change management through push (issue 15), on SQLite and PostgreSQL: a change raised by a
 * technician (numbered after the demo's 60, New, its risk computed by the server), edited per
 * field (the type only while New, the plan only while planning, the risk computed again), moved
 * through its states by change_event (lifecycle.ts's words), its approval opened on entering
 * Authorize and withdrawn when it is cancelled there, refused in the demo's blocking quarter-end
 * freeze, and the calendar's windows, releases and CAB meetings kept by desk staff. Votes are
 * approvals.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { ApprovalSchema, type Approval } from '@fielddesk/common/approvals/records';
import { freezeMessage } from '@fielddesk/common/changes/collisions';
import { reasons, type ChangeOutcome, type ChangeState } from '@fielddesk/common/changes/lifecycle';
import { ChangeRequestSchema, ChangeWindowSchema, type CabMeeting, type ChangeCreateData, type ChangeEvent, type ChangeRequest, type ChangeWindow, type Release } from '@fielddesk/common/changes/records';
import { DEFAULT_RISK_CONFIG } from '@fielddesk/common/changes/risk';
import { changeReasons, ONLY_DESK_CALENDAR } from '@fielddesk/common/changes/rules';
import { checkWindowRule, occurrencesOf, WINDOW_RULE_REASONS } from '@fielddesk/common/changes/windows';
import { entities, recordFromRow } from '@fielddesk/common/entities/registry';
import type { Op } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { pushWorld, type PushWorld } from '../../../test/push';
import { DEMO_PASSWORD } from '../../seed/catalog';
import { describeStores } from '../../../test/stores';

type Users = 'tech1' | 'tech4' | 'desk1' | 'admin';

/** The server's clock: pinned, so the demo's calendar and every window below sit where this file expects (clear of the December freeze). */
const NOW = Date.parse('2026-12-09T14:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An instant `days` (and `hours`) after the server's now. */
const after = (days: number, hours = 0) => new Date(NOW + days * DAY + hours * HOUR).toISOString();
const ruleLabel = (id: string) => DEFAULT_RISK_CONFIG.rules.find((r) => r.id === id)!.label;

describeStores('sync: changes', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<Users>;
  let cab: { groupId: string; memberIds: string[] };
  let seq = 0;

  beforeAll(async () => {
    s = await h.start({ now: () => NOW });
    world = await pushWorld(s, ['tech1', 'tech4', 'desk1', 'admin'], { sharedClient: true });
    const group = await s.db.selectFrom('groups').select('id').where('name', '=', 'Change Advisory Board').executeTakeFirstOrThrow();
    const members = await s.db.selectFrom('person_groups').select('person_id').where('group_id', '=', group.id).execute();
    cab = { groupId: group.id, memberIds: members.map((m) => m.person_id).sort() };
    expect(cab.memberIds).toEqual([world.ids.tech1, world.ids.tech4, world.ids.desk1].sort());
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date(NOW).toISOString() });
  /** A normal change ten days ahead, with a back-out plan and no answers: low risk unless told otherwise. */
  const raise = (data: Partial<ChangeCreateData> = {}, id = randomUUID()): Op => ({
    ...base(id), entity: 'change', kind: 'create',
    data: {
      type: 'normal', title: 'Replace the core switch', description: '', reason: 'End of support', category: 'Network', riskAnswers: {},
      windowStart: after(10), windowEnd: after(10, 2), downtimeMinutes: null, implementationPlan: '', backoutPlan: 'Restore the saved configuration.', testPlan: '',
      siteId: null, ownerId: null, assigneeId: null, groupId: null, templateId: null, releaseId: null, problemId: null, ...data,
    },
  });
  const edit = (c: Pick<ChangeRequest, 'id' | 'rev'>, fields: Partial<ChangeRequest>): Op => ({ ...base(c.id), entity: 'change', kind: 'patch', baseRev: c.rev, fields } as Op);
  const move = (changeId: string, to: ChangeState, extra: { reason?: string; outcome?: ChangeOutcome } = {}): Op => ({
    ...base(randomUUID()), entity: 'change_event', kind: 'create', data: { changeId, action: 'move', to, reason: extra.reason ?? '', outcome: extra.outcome ?? null },
  });
  const change = async (id: string) => ChangeRequestSchema.parse(recordFromRow(entities.change, await s.db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  const approvalsOf = async (changeId: string): Promise<Approval[]> =>
    (await s.db.selectFrom('approvals').selectAll().where('record_id', '=', changeId).orderBy('rev').execute()).map((r) => ApprovalSchema.parse(recordFromRow(entities.approval, r)));
  /** Moves a change through `states` as `user`, each move applied. */
  async function walk(user: Users, changeId: string, states: ChangeState[]): Promise<ChangeRequest> {
    for (const to of states) await world.applied<ChangeEvent>(user, move(changeId, to));
    return change(changeId);
  }

  describe('raising a change', () => {
    it('numbers a technician\'s change after the demo\'s 60, New, with the risk the server computes', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise({ riskAnswers: { outage: 'full', users: 'many' } }));
      expect(made).toMatchObject({ number: 'CHG-0061', status: 'new', type: 'normal', risk: 'high', riskWhy: 'High: the questionnaire scores 45.', outcome: null, createdAt: new Date(NOW).toISOString() });
      expect(await change(made.id)).toEqual(made);
      const next = await world.applied<ChangeRequest>('tech4', raise({ title: 'Patch the firewall' }));
      expect(next).toMatchObject({ number: 'CHG-0062', risk: 'low', riskWhy: 'Low: the questionnaire scores 0.' });
    });

    it('rates a window less than 2 days ahead high by rule, and says so', async () => {
      const soon = await world.applied<ChangeRequest>('tech1', raise({ windowStart: after(1), windowEnd: after(1, 1) }));
      expect(soon.risk).toBe('high');
      expect(soon.riskWhy).toBe(`High: ${ruleLabel('short_lead_time')} (the questionnaire alone gives Low).`);
    });

    it('refuses an end before the start, and a requester (who cannot sign in at all)', async () => {
      expect(await world.refused('tech1', raise({ windowStart: after(10, 2), windowEnd: after(10) }))).toBe(reasons.endBeforeStart);
      expect(await world.refused('tech1', raise({ windowStart: after(10), windowEnd: after(10) }))).toBe('The planned end must be after the planned start.');
      // ONLY_STAFF_CHANGES cannot be reached through push: requesters are refused at sign-in
      // (auth.test.ts), so no requester has a session to push with. The premise, checked:
      const requester = await s.db.selectFrom('persons').select('username').where('role', '=', 'requester').orderBy('username').executeTakeFirstOrThrow();
      const login = await s.app.inject({ method: 'POST', url: API.login, payload: { username: requester.username, password: DEMO_PASSWORD, client: 'desktop' } });
      expect(login.statusCode).toBe(403);
    });
  });

  describe('editing a change', () => {
    it('merges two edits of other fields made on the same version', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise());
      await world.applied('tech1', edit(made, { title: 'Replace the core switch (stack 2)' }));
      const merged = await world.applied<ChangeRequest>('tech4', edit(made, { implementationPlan: '1. Swap the stack.' }));
      expect(merged).toMatchObject({ title: 'Replace the core switch (stack 2)', implementationPlan: '1. Swap the stack.', status: 'new' });
      expect(await change(made.id)).toEqual(merged);
    });

    it('changes the type only while New', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise());
      const emergency = await world.applied<ChangeRequest>('tech1', edit(made, { type: 'emergency' }));
      expect(emergency.type).toBe('emergency');
      const normal = await world.applied<ChangeRequest>('tech1', edit(emergency, { type: 'normal' }));
      const assessed = await walk('tech1', normal.id, ['assess']);
      expect(await world.refused('tech1', edit(assessed, { type: 'standard' }))).toBe(changeReasons.typeFixed);
      // The rest of the plan may still change while it is assessed.
      expect((await world.applied<ChangeRequest>('tech1', edit(assessed, { testPlan: 'Ping every floor.' }))).testPlan).toBe('Ping every floor.');
    });

    it('fixes the plan once implementing, but takes the review then; a closed change is final', async () => {
      const made = await world.applied<ChangeRequest>('desk1', raise({ type: 'standard', templateId: 'standard-maintenance' }));
      expect(await world.refused('desk1', edit(made, { reviewNotes: 'Early words' }))).toBe(changeReasons.reviewTooEarly);
      const implementing = await walk('desk1', made.id, ['scheduled', 'implement']);
      expect(await world.refused('desk1', edit(implementing, { implementationPlan: 'Something else' }))).toBe(changeReasons.planFixed('implement'));
      expect(await world.refused('desk1', edit(implementing, { windowEnd: after(10, 3) }))).toBe(changeReasons.planFixed('implement'));
      const reviewed = await world.applied<ChangeRequest>('desk1', edit(implementing, { outcome: 'succeeded', reviewNotes: 'Done in an hour.' }));
      const closed = await walk('desk1', reviewed.id, ['review', 'closed']);
      expect(closed).toMatchObject({ status: 'closed', outcome: 'succeeded' });
      expect(await world.refused('desk1', edit(closed, { reviewNotes: 'More' }))).toBe(changeReasons.final('closed'));
    });

    it('computes the risk again from the merged record', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise());
      expect(made.risk).toBe('low');
      const answered = await world.applied<ChangeRequest>('tech1', edit(made, { riskAnswers: { outage: 'full', users: 'many' } }));
      expect(answered).toMatchObject({ risk: 'high', riskWhy: 'High: the questionnaire scores 45.' });
      const unanswered = await world.applied<ChangeRequest>('tech1', edit(answered, { riskAnswers: {}, backoutPlan: '' }));
      expect(unanswered).toMatchObject({ risk: 'moderate', riskWhy: `Moderate: ${ruleLabel('no_backout')} (the questionnaire alone gives Low).` });
      const rushed = await world.applied<ChangeRequest>('tech1', edit(unanswered, { windowStart: after(0, 3), windowEnd: after(0, 4) }));
      expect(rushed).toMatchObject({ risk: 'high', riskWhy: `High: ${ruleLabel('short_lead_time')} (the questionnaire alone gives Low).` });
      expect(await change(made.id)).toMatchObject({ risk: 'high' });
    });
  });

  describe('moving a change', () => {
    it('opens the CAB\'s approval when a normal change enters Authorize; only the approvers move it on', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise({ title: 'Upgrade the VPN concentrator' }));
      expect(await world.refused('tech1', move(made.id, 'scheduled'))).toBe(reasons.notAllowed('normal', 'new', 'scheduled'));
      const assess = await world.applied<ChangeEvent>('tech1', move(made.id, 'assess'));
      expect(assess).toMatchObject({ changeId: made.id, action: 'move', fromState: 'new', toState: 'assess', actorId: world.ids.tech1, at: new Date(NOW).toISOString() });
      expect(await approvalsOf(made.id)).toEqual([]);
      await world.applied('tech1', move(made.id, 'authorize'));
      const [approval, ...more] = await approvalsOf(made.id);
      expect(more).toEqual([]);
      expect({ ...approval!, approverIds: [...approval!.approverIds].sort() }).toMatchObject({
        subject: 'change', recordId: made.id, recordLabel: `${made.number} Upgrade the VPN concentrator`, state: 'pending', groupId: cab.groupId,
        ruleLabel: 'Normal changes: the CAB, 60% of members', quorum: { rule: 'percent', percent: 60 },
        approverIds: cab.memberIds, managerIds: [world.ids.admin], requesterId: null, allowSelfApproval: false,
        approvals: 0, rejections: 0, needed: 2, decidedAt: null, decidedBy: null,
      });
      expect(await world.refused('tech1', move(made.id, 'scheduled'))).toBe(reasons.approvalOnly('scheduled'));
      expect(await world.refused('admin', move(made.id, 'rejected'))).toBe(reasons.approvalOnly('rejected'));
      expect((await change(made.id)).status).toBe('authorize');
    });

    it('a high-risk normal change waits for a CAB majority, an emergency for the first answer', async () => {
      const high = await world.applied<ChangeRequest>('tech4', raise({ riskAnswers: { outage: 'full', users: 'many' } }));
      await walk('tech4', high.id, ['assess', 'authorize']);
      expect((await approvalsOf(high.id))[0]).toMatchObject({ ruleLabel: 'High-risk changes: the CAB, majority', quorum: { rule: 'majority' }, needed: 2 });
      const emergency = await world.applied<ChangeRequest>('tech4', raise({ type: 'emergency' }));
      expect(await world.refused('tech4', move(emergency.id, 'assess'))).toBe(reasons.notAllowed('emergency', 'new', 'assess'));
      await walk('tech4', emergency.id, ['authorize']);
      expect((await approvalsOf(emergency.id))[0]).toMatchObject({ ruleLabel: 'Emergency changes: the CAB, first answer', quorum: { rule: 'first' }, needed: 1 });
    });

    it('takes a standard change from New to Scheduled and through to Closed, with an outcome', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise({ type: 'standard', templateId: 'standard-maintenance' }));
      const event = await world.applied<ChangeEvent>('tech1', move(made.id, 'scheduled'));
      expect(event).toMatchObject({ action: 'move', fromState: 'new', toState: 'scheduled', actorId: world.ids.tech1 });
      expect(await approvalsOf(made.id)).toEqual([]);
      await walk('tech1', made.id, ['implement', 'review']);
      expect(await world.refused('tech1', move(made.id, 'closed'))).toBe(reasons.noOutcome);
      const closing = await world.applied<ChangeEvent>('tech1', move(made.id, 'closed', { outcome: 'backed_out' }));
      expect(closing).toMatchObject({ fromState: 'review', toState: 'closed' });
      expect(await change(made.id)).toMatchObject({ status: 'closed', outcome: 'backed_out' });
      expect(await world.refused('tech1', move(made.id, 'cancelled', { reason: 'Too late' }))).toBe(reasons.final('closed'));
      const history = await s.db.selectFrom('change_events').select(['from_state', 'to_state', 'action']).where('change_id', '=', made.id).orderBy('rev').execute();
      expect(history.map((e) => `${e.action} ${e.from_state}→${e.to_state}`)).toEqual(['move new→scheduled', 'move scheduled→implement', 'move implement→review', 'move review→closed']);
    });

    it('cancels with a reason only; cancelling in Authorize withdraws the approval', async () => {
      const made = await world.applied<ChangeRequest>('tech1', raise());
      await walk('tech1', made.id, ['assess', 'authorize']);
      const [opened] = await approvalsOf(made.id);
      expect(opened!.state).toBe('pending');
      expect(await world.refused('tech1', move(made.id, 'cancelled'))).toBe(reasons.noReason);
      expect(await world.refused('tech1', move(made.id, 'cancelled', { reason: '   ' }))).toBe(reasons.noReason);
      const event = await world.applied<ChangeEvent>('tech1', move(made.id, 'cancelled', { reason: 'The vendor shipped a fix instead.' }));
      expect(event).toMatchObject({ fromState: 'authorize', toState: 'cancelled', reason: 'The vendor shipped a fix instead.' });
      expect((await change(made.id)).status).toBe('cancelled');
      const [approval] = await approvalsOf(made.id);
      expect(approval).toMatchObject({ id: opened!.id, state: 'cancelled', approvals: 0, decidedAt: null });
      expect(approval!.rev).toBeGreaterThan(opened!.rev);
    });
  });

  describe('the quarter-end freeze', () => {
    /** The demo's blocking freeze's occurrence over the end of March 2027, as the app computes it. */
    async function marchFreeze(): Promise<{ name: string; at: { start: number; end: number } }> {
      const row = await s.db.selectFrom('change_windows').selectAll().where('kind', '=', 'freeze').where('enforcement', '=', 'block').executeTakeFirstOrThrow();
      const w = ChangeWindowSchema.parse(recordFromRow(entities.change_window, row));
      const [at, ...more] = occurrencesOf({ id: w.id, kind: w.kind, timeZone: w.timeZone, startsOn: w.startsOn, startTime: w.startTime, durationMinutes: w.durationMinutes, rrule: w.rrule }, Date.parse('2027-03-15T00:00:00Z'), Date.parse('2027-04-15T00:00:00Z'));
      expect(more).toEqual([]);
      return { name: w.name, at: { start: at!.start, end: at!.end } };
    }

    it('refuses to book a standard change in it, in the calendar\'s words; outside it, books it', async () => {
      const freeze = await marchFreeze();
      // 27 March 00:00 in Paris (still winter time) for five days.
      expect(new Date(freeze.at.start).toISOString()).toBe('2027-03-26T23:00:00.000Z');
      // Beyond a technician's 90 days: desk staff book these.
      const frozen = await world.applied<ChangeRequest>('desk1', raise({ type: 'standard', templateId: 'standard-maintenance', windowStart: '2027-03-29T10:00:00.000Z', windowEnd: '2027-03-29T12:00:00.000Z' }));
      const words = freezeMessage(freeze.name, 'block', { by: 'all' }, freeze.at);
      expect(words).toMatch(/^This change falls in the change freeze "Quarter-end freeze", from 2027-03-26 23:00 to 2027-03-31 2\d:00 UTC, which covers every change: no change may be made then\.$/);
      expect(await world.refused('desk1', move(frozen.id, 'scheduled'))).toBe(words);
      expect((await change(frozen.id)).status).toBe('new');
      const clear = await world.applied<ChangeRequest>('desk1', raise({ type: 'standard', templateId: 'standard-maintenance', windowStart: '2027-04-06T10:00:00.000Z', windowEnd: '2027-04-06T12:00:00.000Z' }));
      await world.applied('desk1', move(clear.id, 'scheduled'));
      expect((await change(clear.id)).status).toBe('scheduled');
    });

    it('refuses to move a booked change\'s window into it; a change not yet booked may go there', async () => {
      const freeze = await marchFreeze();
      const words = freezeMessage(freeze.name, 'block', { by: 'all' }, freeze.at);
      const made = await world.applied<ChangeRequest>('desk1', raise({ type: 'standard', templateId: 'standard-maintenance', windowStart: '2027-04-07T10:00:00.000Z', windowEnd: '2027-04-07T12:00:00.000Z' }));
      const booked = await walk('desk1', made.id, ['scheduled']);
      expect(await world.refused('desk1', edit(booked, { windowStart: '2027-03-30T10:00:00.000Z', windowEnd: '2027-03-30T12:00:00.000Z' }))).toBe(words);
      // Ending in it is in it too.
      expect(await world.refused('desk1', edit(booked, { windowStart: '2027-03-26T20:00:00.000Z', windowEnd: '2027-03-27T01:00:00.000Z' }))).toBe(words);
      expect(await change(made.id)).toMatchObject({ windowStart: '2027-04-07T10:00:00.000Z', status: 'scheduled' });
      const unbooked = await world.applied<ChangeRequest>('desk1', raise({ windowStart: '2027-04-08T10:00:00.000Z', windowEnd: '2027-04-08T12:00:00.000Z' }));
      const moved = await world.applied<ChangeRequest>('desk1', edit(unbooked, { windowStart: '2027-03-30T10:00:00.000Z', windowEnd: '2027-03-30T12:00:00.000Z' }));
      expect(moved.windowStart).toBe('2027-03-30T10:00:00.000Z');
      // …but it cannot be submitted for authorisation there: Authorize books it.
      await world.applied('desk1', move(moved.id, 'assess'));
      expect(await world.refused('desk1', move(moved.id, 'authorize'))).toBe(words);
    });
  });

  describe('the calendar: windows, releases, CAB meetings', () => {
    const windowData = (data: Partial<ChangeWindow> = {}): Omit<ChangeWindow, 'id' | 'updatedAt' | 'rev'> => ({
      name: 'Saturday morning window', kind: 'maintenance', enforcement: 'warn', timeZone: 'Europe/Paris', startsOn: '2027-01-02', startTime: '06:00', durationMinutes: 180,
      rrule: 'FREQ=WEEKLY;BYDAY=SA', ciIds: [], serviceIds: [], siteIds: [world.ids.hq], notes: '', ...data,
    });
    const newWindow = (data: Partial<ChangeWindow> = {}, id: string = randomUUID()): Op => ({ ...base(id), entity: 'change_window', kind: 'create', data: windowData(data) } as Op);

    it('desk staff keep maintenance windows; a technician may not; a rule or zone that does not read is refused in windows.ts\'s words', async () => {
      const w = await world.applied<ChangeWindow>('desk1', newWindow());
      expect(w).toMatchObject({ name: 'Saturday morning window', rrule: 'FREQ=WEEKLY;BYDAY=SA', timeZone: 'Europe/Paris', updatedAt: new Date(NOW).toISOString() });
      expect(ChangeWindowSchema.parse(recordFromRow(entities.change_window, await s.db.selectFrom('change_windows').selectAll().where('id', '=', w.id).executeTakeFirstOrThrow()))).toEqual(w);
      expect(await world.refused('tech1', newWindow())).toBe(ONLY_DESK_CALENDAR);

      const sometimes = windowData({ rrule: 'FREQ=SOMETIMES' });
      const refusal = await world.refused('desk1', newWindow(sometimes));
      const expected = checkWindowRule({ id: 'x', ...sometimes });
      expect(refusal).toBe(expected.ok ? 'windows.ts accepts FREQ=SOMETIMES' : expected.reason);
      expect(refusal).toContain('The recurrence rule "FREQ=SOMETIMES" is not valid: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not SOMETIMES');
      expect(await world.refused('desk1', newWindow({ timeZone: 'Mars/Olympus' }))).toBe(WINDOW_RULE_REASONS.unknownTimeZone('Mars/Olympus'));
      expect(await world.refused('desk1', newWindow({ rrule: 'FREQ=HOURLY' }))).toBe(WINDOW_RULE_REASONS.subDailyRule('HOURLY'));

      // Edited per field, the merged window checked again; then deleted, with a tombstone.
      const patchWindow = (fields: Partial<ChangeWindow>, rev: number): Op => ({ ...base(w.id), entity: 'change_window', kind: 'patch', baseRev: rev, fields } as Op);
      const sundays = await world.applied<ChangeWindow>('admin', patchWindow({ rrule: 'FREQ=WEEKLY;BYDAY=SU' }, w.rev));
      expect(sundays).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=SU', startTime: '06:00' });
      expect(await world.refused('desk1', patchWindow({ timeZone: '+02:00' }, sundays.rev))).toBe(WINDOW_RULE_REASONS.offsetTimeZone('+02:00'));
      expect(await world.refused('tech1', { ...base(w.id), entity: 'change_window', kind: 'delete' } as Op)).toBe(ONLY_DESK_CALENDAR);
      const gone = await world.applied<ChangeWindow>('desk1', { ...base(w.id), entity: 'change_window', kind: 'delete' } as Op);
      expect(gone.rev).toBeGreaterThan(sundays.rev);
      expect(await s.db.selectFrom('change_windows').select('id').where('id', '=', w.id).execute()).toEqual([]);
      expect(await world.one('desk1', { ...base(w.id), entity: 'change_window', kind: 'delete' } as Op)).toMatchObject({ status: 'duplicate', original: { status: 'applied', rev: gone.rev } });
      expect(await world.refused('desk1', newWindow({}, w.id))).toBe('A window with this id already exists.');
    });

    it('numbers a release REL-0003 after the demo\'s two; refuses a technician and an end before the start', async () => {
      const data = { name: 'Wi-Fi refresh, wave 2', state: 'planning', windowStart: after(20), windowEnd: after(40), ownerId: world.ids.admin, notes: '' };
      const release = (d: Partial<typeof data> = {}): Op => ({ ...base(randomUUID()), entity: 'release', kind: 'create', data: { ...data, ...d } } as Op);
      expect(await world.refused('tech4', release())).toBe(ONLY_DESK_CALENDAR);
      expect(await world.refused('desk1', release({ windowEnd: after(19) }))).toBe(reasons.endBeforeStart);
      const made = await world.applied<Release>('desk1', release());
      expect(made).toMatchObject({ number: 'REL-0003', name: 'Wi-Fi refresh, wave 2', state: 'planning', ownerId: world.ids.admin });
      // A change joins it by its releaseId.
      const joined = await world.applied<ChangeRequest>('tech1', raise({ releaseId: made.id }));
      expect(joined.releaseId).toBe(made.id);
      expect(await world.refused('tech1', raise({ releaseId: randomUUID() }))).toBe('The release does not exist.');
    });

    it('desk staff schedule a CAB meeting of a group, checked like a window, and remove it', async () => {
      const data = {
        name: 'Emergency CAB', groupId: cab.groupId, timeZone: 'Europe/Paris', startsOn: '2027-01-07', startTime: '09:00', durationMinutes: 30, rrule: 'FREQ=WEEKLY;BYDAY=TH',
        agenda: { states: ['authorize'], types: ['emergency'], risks: [], withinDays: 7 }, notes: '',
      };
      const meeting = (d: Partial<CabMeeting> = {}, id: string = randomUUID()): Op => ({ ...base(id), entity: 'cab_meeting', kind: 'create', data: { ...data, ...d } } as Op);
      expect(await world.refused('tech1', meeting())).toBe(ONLY_DESK_CALENDAR);
      expect(await world.refused('desk1', meeting({ rrule: 'FREQ=WEEKLY;BYHOUR=9' }))).toBe(WINDOW_RULE_REASONS.timeInRule('BYHOUR'));
      const made = await world.applied<CabMeeting>('desk1', meeting());
      expect(made).toMatchObject({ name: 'Emergency CAB', groupId: cab.groupId, agenda: { types: ['emergency'], withinDays: 7 } });
      await world.applied('admin', { ...base(made.id), entity: 'cab_meeting', kind: 'delete' } as Op);
      expect(await s.db.selectFrom('cab_meetings').select('id').where('id', '=', made.id).execute()).toEqual([]);
    });
  });
});
