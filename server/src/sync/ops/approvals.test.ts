/**
 * The approval engine through push and pull (issue 15), on SQLite and PostgreSQL: the demo's
 * Change Advisory Board (tech1, tech4, desk1) votes on changes in Authorize, counted by the
 * server in the order it received the votes (never by the devices' clocks); the decision moves
 * the change to Scheduled or Rejected with a line in its history; a vote after the decision is
 * kept as late, not counted; outsiders, the requester and votes on a withdrawn approval are
 * refused in quorum.ts's words; the change manager (admin) decides alone; and a board member
 * pulls the outcome.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { NOT_AN_APPROVER, NOT_WAITING, SELF_APPROVAL_REFUSED, VOTE_REPLACED, type VoteChoice } from '@fielddesk/common/approvals/quorum';
import { ApprovalSchema, ApprovalVoteSchema, type Approval, type ApprovalVote } from '@fielddesk/common/approvals/records';
import type { ChangeState } from '@fielddesk/common/changes/lifecycle';
import { ChangeRequestSchema, type ChangeCreateData, type ChangeRequest } from '@fielddesk/common/changes/records';
import { entities, recordFromRow } from '@fielddesk/common/entities/registry';
import type { Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { bearer } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type Users = 'tech1' | 'tech4' | 'tech2' | 'desk1' | 'admin';

/** The server's clock: pinned, so the changes below sit ten days ahead, clear of the December freeze. */
const NOW = Date.parse('2026-12-09T14:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const after = (days: number, hours = 0) => new Date(NOW + days * DAY + hours * HOUR).toISOString();
const LATE_NOTE = 'Cast after the approval was decided: recorded, not counted.';
/** Risk answers scoring 20 (moderate) and 45 (high): DEFAULT_RISK_CONFIG, which the demo uses. */
const MODERATE = { outage: 'partial', users: 'site' };
const HIGH = { outage: 'full', users: 'many' };

describeStores('sync: approvals', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<Users>;
  let cabGroupId: string;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start({ now: () => NOW });
    world = await pushWorld(s, ['tech1', 'tech4', 'tech2', 'desk1', 'admin'], { sharedClient: true });
    cabGroupId = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Change Advisory Board').executeTakeFirstOrThrow()).id;
  });

  const base = (id: string, clientTime = new Date(NOW).toISOString()) => ({ opId: randomUUID(), seq: ++seq, id, clientTime });
  const raise = (data: Partial<ChangeCreateData> = {}): Op => ({
    ...base(randomUUID()), entity: 'change', kind: 'create',
    data: {
      type: 'normal', title: 'Upgrade the core switches', description: '', reason: '', category: 'Network', riskAnswers: MODERATE,
      windowStart: after(10), windowEnd: after(10, 2), downtimeMinutes: null, implementationPlan: '', backoutPlan: 'Restore the saved configuration.', testPlan: '',
      siteId: world.ids.hq, ownerId: null, assigneeId: null, groupId: null, templateId: null, releaseId: null, problemId: null, ...data,
    },
  });
  const move = (changeId: string, to: ChangeState, reason = ''): Op => ({ ...base(randomUUID()), entity: 'change_event', kind: 'create', data: { changeId, action: 'move', to, reason, outcome: null } });
  const vote = (approvalId: string, choice: VoteChoice, clientTime?: string, comment = ''): Op => ({ ...base(randomUUID(), clientTime), entity: 'approval_vote', kind: 'create', data: { approvalId, choice, comment } });

  const change = async (id: string) => ChangeRequestSchema.parse(recordFromRow(entities.change, await s.db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  const approval = async (id: string) => ApprovalSchema.parse(recordFromRow(entities.approval, await s.db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  const votes = async (approvalId: string) =>
    (await s.db.selectFrom('approval_votes').selectAll().where('approval_id', '=', approvalId).orderBy('cast_at').execute()).map((r) => ApprovalVoteSchema.parse(recordFromRow(entities.approval_vote, r)));
  const history = async (changeId: string) =>
    (await s.db.selectFrom('change_events').selectAll().where('change_id', '=', changeId).orderBy('rev').execute()).map((e) => ({ action: e.action, from: e.from_state, to: e.to_state, actor: e.actor_id, reason: e.reason }));

  /** A change raised by desk1 and taken to Authorize; the approval it now waits for. */
  async function waiting(data: Partial<ChangeCreateData> = {}): Promise<{ change: ChangeRequest; approval: Approval }> {
    const made = await world.applied<ChangeRequest>('desk1', raise(data));
    for (const to of made.type === 'emergency' ? (['authorize'] as const) : (['assess', 'authorize'] as const)) await world.applied('desk1', move(made.id, to));
    const row = await s.db.selectFrom('approvals').select('id').where('record_id', '=', made.id).where('state', '=', 'pending').executeTakeFirstOrThrow();
    return { change: await change(made.id), approval: await approval(row.id) };
  }

  /** The pending approval a change waits for after being submitted again. */
  async function waitingAgain(changeId: string): Promise<Approval> {
    await world.applied('desk1', move(changeId, 'assess'));
    await world.applied('desk1', move(changeId, 'authorize'));
    const row = await s.db.selectFrom('approvals').select('id').where('record_id', '=', changeId).where('state', '=', 'pending').executeTakeFirstOrThrow();
    return approval(row.id);
  }

  /** Everything `user` pulls from scratch, by entity and id. */
  async function pullAll(user: Users): Promise<Map<string, unknown>> {
    const records = new Map<string, unknown>();
    let cursor = '0';
    for (let i = 0; i < 100; i++) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=5000`, headers: bearer(world.tokens[user]) });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      for (const c of page.changes) if (c.op === 'put') records.set(`${c.entity}:${c.id}`, c.data);
      cursor = page.cursor;
      if (!page.hasMore) return records;
    }
    throw new Error('pull never finished');
  }

  describe('counting the board\'s votes', () => {
    let decided: { change: ChangeRequest; approval: Approval; votes: ApprovalVote[] };

    it('approves a moderate normal change on the second of three members (60% of 3 needs 2) and schedules it', async () => {
      const { change: c, approval: a } = await waiting();
      expect(c).toMatchObject({ status: 'authorize', risk: 'moderate' });
      expect(a).toMatchObject({ state: 'pending', quorum: { rule: 'percent', percent: 60 }, groupId: cabGroupId, needed: 2, approvals: 0 });

      const first = await world.applied<ApprovalVote>('tech1', vote(a.id, 'approve', undefined, 'Tested in the lab.'));
      expect(first).toMatchObject({ approvalId: a.id, voterId: world.ids.tech1, choice: 'approve', comment: 'Tested in the lab.', counted: true, late: false, note: '', siteId: world.ids.hq, castAt: new Date(NOW).toISOString() });
      expect(await approval(a.id)).toMatchObject({ state: 'pending', approvals: 1, rejections: 0, needed: 2, decidedAt: null });
      expect((await change(c.id)).status).toBe('authorize');

      const second = await world.applied<ApprovalVote>('tech4', vote(a.id, 'approve'));
      expect(second).toMatchObject({ counted: true, late: false });
      expect(await approval(a.id)).toMatchObject({ state: 'approved', approvals: 2, rejections: 0, decidedBy: 'quorum', decidedAt: new Date(NOW).toISOString() });
      expect((await change(c.id)).status).toBe('scheduled');
      expect((await history(c.id)).at(-1)).toEqual({ action: 'approval', from: 'authorize', to: 'scheduled', actor: null, reason: 'Approved by 60% of approvers (2 for, 0 against).' });

      // The third member answers after the decision: kept, shown as late, never counted.
      const third = await world.applied<ApprovalVote>('desk1', vote(a.id, 'reject', undefined, 'Too close to the audit.'));
      expect(third).toMatchObject({ voterId: world.ids.desk1, choice: 'reject', late: true, counted: false, note: LATE_NOTE });
      expect(await approval(a.id)).toMatchObject({ state: 'approved', approvals: 2, rejections: 0 });
      expect((await change(c.id)).status).toBe('scheduled');
      expect((await votes(a.id)).map((v) => [v.voterId, v.counted, v.late])).toEqual(
        expect.arrayContaining([[world.ids.tech1, true, false], [world.ids.tech4, true, false], [world.ids.desk1, false, true]]),
      );
      decided = { change: await change(c.id), approval: await approval(a.id), votes: await votes(a.id) };
    });

    it('a board member pulls the approval, the votes and the change as decided', async () => {
      const pulled = await pullAll('tech4');
      expect(pulled.get(`approval:${decided.approval.id}`)).toEqual(decided.approval);
      for (const v of decided.votes) expect(pulled.get(`approval_vote:${v.id}`)).toEqual(v);
      expect(pulled.get(`change:${decided.change.id}`)).toEqual(decided.change);
      expect(pulled.get(`change:${decided.change.id}`)).toMatchObject({ status: 'scheduled' });
      const events = [...pulled.entries()].filter(([k, e]) => k.startsWith('change_event:') && (e as { changeId: string }).changeId === decided.change.id).map(([, e]) => e);
      expect(events).toContainEqual(expect.objectContaining({ action: 'approval', fromState: 'authorize', toState: 'scheduled' }));
      // Someone outside the board, at another site, does not get it.
      expect((await pullAll('tech2')).has(`approval:${decided.approval.id}`)).toBe(false);
    });

    it('rejects a high-risk change once a majority says no, and the change goes to Rejected', async () => {
      const { change: c, approval: a } = await waiting({ riskAnswers: HIGH });
      expect(a).toMatchObject({ quorum: { rule: 'majority' }, needed: 2 });
      await world.applied('tech4', vote(a.id, 'reject'));
      expect(await approval(a.id)).toMatchObject({ state: 'pending', rejections: 1 });
      await world.applied('desk1', vote(a.id, 'reject'));
      expect(await approval(a.id)).toMatchObject({ state: 'rejected', approvals: 0, rejections: 2, decidedBy: 'quorum' });
      expect((await change(c.id)).status).toBe('rejected');
      expect((await history(c.id)).at(-1)).toEqual({ action: 'approval', from: 'authorize', to: 'rejected', actor: null, reason: 'Rejected by majority (0 for, 2 against).' });
      // Revised and submitted again, it waits for a new approval.
      await world.applied('desk1', move(c.id, 'new'));
      expect((await waitingAgain(c.id)).id).not.toBe(a.id);
    });

    it('counts only a member\'s last vote before the decision', async () => {
      const { change: c, approval: a } = await waiting();
      const changedMind = await world.applied<ApprovalVote>('tech1', vote(a.id, 'approve'));
      const last = await world.applied<ApprovalVote>('tech1', vote(a.id, 'reject'));
      expect(last).toMatchObject({ counted: true, note: '' });
      expect(await approval(a.id)).toMatchObject({ state: 'pending', approvals: 0, rejections: 1 });
      // tech4 approves: one for (tech4), one against (tech1's last): still waiting.
      await world.applied('tech4', vote(a.id, 'approve'));
      expect(await approval(a.id)).toMatchObject({ state: 'pending', approvals: 1, rejections: 1 });
      expect((await change(c.id)).status).toBe('authorize');
      const byId = new Map((await votes(a.id)).map((v) => [v.id, v]));
      expect(byId.get(changedMind.id)).toMatchObject({ counted: false, note: VOTE_REPLACED });
      expect(byId.get(last.id)).toMatchObject({ counted: true, note: '' });
      // desk1 decides it.
      await world.applied('desk1', vote(a.id, 'approve'));
      expect(await approval(a.id)).toMatchObject({ state: 'approved', approvals: 2, rejections: 1 });
      expect((await change(c.id)).status).toBe('scheduled');
    });
  });

  describe('the order of receipt decides, not the devices\' clocks', () => {
    it('an emergency change: the first vote received decides, though the second was cast earlier', async () => {
      const { change: c, approval: a } = await waiting({ type: 'emergency' });
      expect(a).toMatchObject({ quorum: { rule: 'first' }, needed: 1 });
      // tech4's device says 13:00, desk1's 12:00; tech4's reaches the server first.
      const fromTech4 = await world.applied<ApprovalVote>('tech4', vote(a.id, 'reject', after(0, -1)));
      const fromDesk1 = await world.applied<ApprovalVote>('desk1', vote(a.id, 'approve', after(0, -2)));
      expect(fromTech4).toMatchObject({ castAt: after(0, -1), counted: true, late: false });
      expect(fromDesk1).toMatchObject({ castAt: after(0, -2), counted: false, late: true, note: LATE_NOTE });
      expect(await approval(a.id)).toMatchObject({ state: 'rejected', approvals: 0, rejections: 1, decidedBy: 'quorum' });
      expect((await change(c.id)).status).toBe('rejected');
    });

    it('a majority: the votes are counted as they arrived, so none is late though the clocks say otherwise', async () => {
      const { change: c, approval: a } = await waiting({ riskAnswers: HIGH });
      // Received tech1, tech4, desk1; cast (by the devices' clocks) desk1, tech4, tech1. Counted by
      // the clocks, desk1 and tech4 would decide and tech1's would be late; as received, tech1's
      // rejection counts and desk1's approval decides.
      const fromTech1 = await world.applied<ApprovalVote>('tech1', vote(a.id, 'reject', after(0, -1)));
      await world.applied('tech4', vote(a.id, 'approve', after(0, -2)));
      expect(await approval(a.id)).toMatchObject({ state: 'pending', approvals: 1, rejections: 1 });
      const fromDesk1 = await world.applied<ApprovalVote>('desk1', vote(a.id, 'approve', after(0, -3)));
      expect(fromDesk1).toMatchObject({ counted: true, late: false });
      expect(await approval(a.id)).toMatchObject({ state: 'approved', approvals: 2, rejections: 1 });
      expect((await votes(a.id)).find((v) => v.id === fromTech1.id)).toMatchObject({ counted: true, late: false, note: '' });
      expect((await history(c.id)).at(-1)).toMatchObject({ reason: 'Approved by majority (2 for, 1 against).' });
    });
  });

  describe('who may vote', () => {
    it('refuses someone outside the board, though they see the approval (their site)', async () => {
      const { approval: a } = await waiting({ siteId: world.ids.dc });
      expect(await world.refused('tech2', vote(a.id, 'approve'))).toBe(NOT_AN_APPROVER);
      expect(await approval(a.id)).toMatchObject({ state: 'pending', approvals: 0 });
    });

    it('refuses the change\'s owner, a board member, on their own change; the other two decide', async () => {
      const { change: c, approval: a } = await waiting({ ownerId: world.ids.tech1 });
      expect(a).toMatchObject({ requesterId: world.ids.tech1, needed: 2 });
      expect(await world.refused('tech1', vote(a.id, 'approve'))).toBe(SELF_APPROVAL_REFUSED);
      await world.applied('tech4', vote(a.id, 'approve'));
      await world.applied('desk1', vote(a.id, 'approve'));
      expect(await approval(a.id)).toMatchObject({ state: 'approved', approvals: 2 });
      expect((await change(c.id)).status).toBe('scheduled');
    });

    it('the change manager decides alone, whatever the quorum', async () => {
      const { change: c, approval: a } = await waiting({ riskAnswers: HIGH });
      const decision = await world.applied<ApprovalVote>('admin', vote(a.id, 'approve', undefined, 'Needed before the audit.'));
      expect(decision).toMatchObject({ voterId: world.ids.admin, counted: true, late: false });
      expect(await approval(a.id)).toMatchObject({ state: 'approved', decidedBy: 'manager', approvals: 0, rejections: 0 });
      expect((await change(c.id)).status).toBe('scheduled');
      expect((await history(c.id)).at(-1)).toMatchObject({ action: 'approval', to: 'scheduled', reason: 'Approved by a change manager.' });
    });

    it('refuses a vote on an approval withdrawn by cancelling the change', async () => {
      const { change: c, approval: a } = await waiting();
      await world.applied('tech4', vote(a.id, 'approve'));
      await world.applied('desk1', move(c.id, 'cancelled', 'Merged into another change.'));
      expect(await approval(a.id)).toMatchObject({ state: 'cancelled', approvals: 1 });
      expect(await world.refused('tech1', vote(a.id, 'approve'))).toBe(NOT_WAITING);
      expect(await world.refused('admin', vote(a.id, 'approve'))).toBe(NOT_WAITING);
      expect((await change(c.id)).status).toBe('cancelled');
    });
  });
});
