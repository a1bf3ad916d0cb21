import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { NOT_AN_APPROVER, NOT_WAITING, SELF_APPROVAL_REFUSED } from '@fielddesk/common/approvals/quorum';
import type { Approval } from '@fielddesk/common/approvals/records';
import { reasons } from '@fielddesk/common/changes/lifecycle';
import type { ChangeWindow } from '@fielddesk/common/changes/records';
import { changeReasons, ONLY_STAFF_CHANGES } from '@fielddesk/common/changes/rules';
import { changeTables, createChangeRepository } from './changes';
import { freshDb, makeChange, requester, tech } from '../../../test/fixtures';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const at = NOW.toISOString();

/** A blocking freeze over 2026-12-27 00:00 to 2027-01-01 00:00, Paris time. */
const freeze: ChangeWindow = {
  id: uuidv7(),
  name: 'Quarter-end freeze',
  kind: 'freeze',
  enforcement: 'block',
  timeZone: 'Europe/Paris',
  startsOn: '2026-03-27',
  startTime: '00:00',
  durationMinutes: 7200,
  rrule: 'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-5',
  ciIds: [],
  serviceIds: [],
  siteIds: [],
  notes: '',
  updatedAt: at,
  rev: 4,
};

async function setup(role: 'technician' | 'agent' | 'requester' = 'technician') {
  const db = freshDb('changes');
  const t = changeTables(db);
  await t.windows.put(freeze);
  const repo = createChangeRepository({ db, userId: tech.id, user: { role }, now: () => NOW });
  return { db, t, repo };
}

const approvalOf = (over: Partial<Approval>): Approval => ({
  id: uuidv7(),
  subject: 'change',
  recordId: uuidv7(),
  recordLabel: 'CHG-0007 Patching',
  siteId: null,
  ruleLabel: 'Normal changes: the CAB, 60% of members',
  groupId: null,
  quorum: { rule: 'percent', percent: 60 },
  approverIds: [tech.id, requester.id],
  managerIds: [],
  requesterId: null,
  allowSelfApproval: false,
  state: 'pending',
  approvals: 0,
  rejections: 0,
  needed: 2,
  decidedAt: null,
  decidedBy: null,
  requestedAt: at,
  rev: 9,
  ...over,
});

describe('change repository', () => {
  it('raises a change offline, New with a provisional number, its op in the outbox; refuses a window that ends first and a requester', async () => {
    const { db, t, repo } = await setup();
    const made = await repo.createChange({ type: 'normal', title: 'Patch the core switch', description: '', reason: '', category: 'Network', riskAnswers: {}, windowStart: '2026-12-10T19:00:00.000Z', windowEnd: '2026-12-10T21:00:00.000Z', downtimeMinutes: null, implementationPlan: '', backoutPlan: '', testPlan: '', siteId: null, ownerId: tech.id, assigneeId: tech.id, groupId: null, templateId: null, releaseId: null, problemId: null });
    if (!made.ok) throw new Error(made.reason);
    expect(await t.changes.get(made.id)).toMatchObject({ status: 'new', type: 'normal', number: expect.stringMatching(/^CHG-new-/) });
    expect((await db.outbox.toArray()).map((e) => [e.op.entity, e.op.kind])).toEqual([['change', 'create']]);
    const backwards = await repo.createChange({ type: 'normal', title: 'x', description: '', reason: '', category: '', riskAnswers: {}, windowStart: '2026-12-10T21:00:00.000Z', windowEnd: '2026-12-10T19:00:00.000Z', downtimeMinutes: null, implementationPlan: '', backoutPlan: '', testPlan: '', siteId: null, ownerId: null, assigneeId: null, groupId: null, templateId: null, releaseId: null, problemId: null });
    expect(backwards).toEqual({ ok: false, reason: reasons.endBeforeStart });
    expect(await (await setup('requester')).repo.moveChange(made.id, 'assess')).toEqual({ ok: false, reason: ONLY_STAFF_CHANGES });
  });

  it('moves a change as its type allows, in the server\'s words, and shows the move at once', async () => {
    const { t, repo } = await setup();
    const change = makeChange('CHG-0007', 'Patching', { status: 'new', type: 'normal' });
    await t.changes.put(change);
    expect(await repo.moveChange(change.id, 'scheduled')).toEqual({ ok: false, reason: reasons.notAllowed('normal', 'new', 'scheduled') });
    expect(await repo.moveChange(change.id, 'assess')).toMatchObject({ ok: true });
    expect(await repo.moveChange(change.id, 'authorize')).toMatchObject({ ok: true });
    expect(await t.changes.get(change.id)).toMatchObject({ status: 'authorize' });
    expect(await repo.moveChange(change.id, 'scheduled')).toEqual({ ok: false, reason: reasons.approvalOnly('scheduled') });
    expect(await repo.moveChange(change.id, 'cancelled')).toEqual({ ok: false, reason: reasons.noReason });
  });

  it('edits only what the state allows, and refuses a booked change into a blocking freeze', async () => {
    const { t, repo } = await setup();
    const running = makeChange('CHG-0008', 'Firmware', { status: 'implement' });
    const booked = makeChange('CHG-0009', 'Printers', { status: 'scheduled' });
    await t.changes.bulkPut([running, booked]);
    expect(await repo.updateChange(running.id, { title: 'Firmware, again' })).toEqual({ ok: false, reason: changeReasons.planFixed('implement') });
    expect(await repo.updateChange(booked.id, { type: 'emergency' })).toEqual({ ok: false, reason: changeReasons.typeFixed });
    const frozen = await repo.updateChange(booked.id, { windowStart: '2026-12-28T09:00:00.000Z', windowEnd: '2026-12-28T11:00:00.000Z' });
    expect(frozen.ok).toBe(false);
    expect(!frozen.ok && frozen.reason).toMatch(/Quarter-end freeze/);
    expect((await repo.updateChange(booked.id, { windowStart: '2026-12-21T09:00:00.000Z', windowEnd: '2026-12-21T11:00:00.000Z' })).ok).toBe(true);
    expect(await t.changes.get(booked.id)).toMatchObject({ windowStart: '2026-12-21T09:00:00.000Z' });
  });

  it('casts a vote that waits to sync, not counted; refuses outsiders, the requester and a withdrawn approval', async () => {
    const { db, t, repo } = await setup();
    const open = approvalOf({});
    const outside = approvalOf({ approverIds: [requester.id] });
    const mine = approvalOf({ requesterId: tech.id });
    const withdrawn = approvalOf({ state: 'cancelled' });
    await t.approvals.bulkPut([open, outside, mine, withdrawn]);
    const cast = await repo.vote(open.id, 'approve', 'Fine by me');
    if (!cast.ok) throw new Error(cast.reason);
    expect(await t.votes.get(cast.id)).toMatchObject({ approvalId: open.id, voterId: tech.id, choice: 'approve', counted: false, late: false, rev: 0 });
    expect((await db.outbox.toArray()).map((e) => e.op.entity)).toEqual(['approval_vote']);
    expect(await repo.vote(outside.id, 'approve')).toEqual({ ok: false, reason: NOT_AN_APPROVER });
    expect(await repo.vote(mine.id, 'approve')).toEqual({ ok: false, reason: SELF_APPROVAL_REFUSED });
    expect(await repo.vote(withdrawn.id, 'reject')).toEqual({ ok: false, reason: NOT_WAITING });
  });
});
