/**
 * The approval engine on the server (issue 15): the one place votes are counted.
 *
 * - `openApproval`: when a record starts waiting for approval (a change entering Authorize), the
 *   rule that applies (common/changes/config.ts approvalRuleFor) names the approving group and
 *   quorum; its members at that moment become the approvers.
 * - `approval_vote` create: a vote cast on a device, offline or not. Refused in the app's words
 *   for someone neither approver nor manager, for the requester (unless allowed), and on a
 *   record no longer waiting (its approval withdrawn). On an approval already decided the vote is
 *   recorded as late: kept and shown, never counted.
 * - After each vote the votes are counted again in the order the server received them
 *   (common/approvals/quorum.ts tally, by rev), each vote's counted/late/note kept up to date;
 *   once decided, the record moves on: a change from Authorize to Scheduled or Rejected, with
 *   a line in its history.
 */
import { randomUUID } from 'node:crypto';
import { checkVote, describeQuorum, NOT_WAITING, tally, type ApprovalFacts } from '@fielddesk/common/approvals/quorum';
import type { Approval, ApprovalVote } from '@fielddesk/common/approvals/records';
import { approvalRuleFor, DEFAULT_CHANGE_CONFIG, type ChangeConfig } from '@fielddesk/common/changes/config';
import { checkChangeMove } from '@fielddesk/common/changes/lifecycle';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { changeLabel } from '@fielddesk/common/changes/schedule';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, enforce, reject } from './shared';

export const APPROVAL_NOT_VISIBLE = 'The approval does not exist or is not visible to you.';
const LATE_NOTE = 'Cast after the approval was decided: recorded, not counted.';

const factsOf = (a: Approval): ApprovalFacts => ({ approverIds: a.approverIds, managerIds: a.managerIds, requesterId: a.requesterId, allowSelfApproval: a.allowSelfApproval });

/** The approval record a change waits for under a rule, with these approvers (the rule's group's members). */
export function newChangeApproval(change: ChangeRequest, config: ChangeConfig, approverIds: readonly string[], at: string, id: string, rev: number): Approval {
  const rule = approvalRuleFor(config, change.type, change.risk);
  const approval: Approval = {
    id,
    subject: 'change',
    recordId: change.id,
    recordLabel: changeLabel(change).slice(0, 400),
    siteId: change.siteId,
    ruleLabel: rule.label,
    groupId: rule.groupId,
    quorum: rule.quorum,
    approverIds: [...approverIds],
    managerIds: config.managerIds,
    requesterId: change.ownerId,
    allowSelfApproval: config.allowSelfApproval,
    state: 'pending',
    approvals: 0,
    rejections: 0,
    needed: 0,
    decidedAt: null,
    decidedBy: null,
    requestedAt: at,
    rev,
  };
  approval.needed = tally(approval.quorum, factsOf(approval), []).needed;
  return approval;
}

/** Opens the approval a change entering Authorize waits for, as the configuration's rule says, with the group's members now. */
export async function openApproval(b: BatchContext, change: ChangeRequest, at: string): Promise<Approval> {
  const config = (await b.config()).changes ?? DEFAULT_CHANGE_CONFIG;
  const { groupId } = approvalRuleFor(config, change.type, change.risk);
  const members = groupId ? (await b.transaction().db.selectFrom('person_groups').select('person_id').where('group_id', '=', groupId).orderBy('person_id').execute()).map((r) => r.person_id) : [];
  const approval = newChangeApproval(change, config, members, at, randomUUID(), await b.nextRev());
  b.put('approval', { record: approval, fieldRevs: {}, writers: {} });
  return approval;
}

/** The pending approvals of a record (a change moved out of Authorize withdraws them). */
export async function withdrawApprovals(b: BatchContext, recordId: string): Promise<void> {
  for (const a of await b.findAll('approval', 'recordId', [recordId], { state: 'pending' })) {
    b.put('approval', { record: { ...a, state: 'cancelled', rev: await b.nextRev() }, fieldRevs: {}, writers: {} });
  }
}

export const approvalVoteRefs = (op: OpOf<'approval_vote', 'create'>) => [['approval', op.data.approvalId] as const];

export async function approvalVoteCreate(b: BatchContext, op: OpOf<'approval_vote', 'create'>): Promise<OpResult> {
  if (await b.record('approval_vote', op.id)) reject('A vote with this id already exists.');
  const state = await b.record('approval', op.data.approvalId);
  if (!state || !(await b.visible('approval', op.data.approvalId))) return reject(APPROVAL_NOT_VISIBLE);
  const approval = state.record;
  if (approval.state === 'cancelled') return reject(NOT_WAITING);
  enforce(checkVote(factsOf(approval), b.viewer.id, { outcome: 'pending', waiting: true }));
  const late = approval.state !== 'pending';
  const vote: ApprovalVote = {
    id: op.id,
    approvalId: approval.id,
    voterId: b.viewer.id,
    choice: op.data.choice,
    comment: op.data.comment,
    castAt: clampTime(op.clientTime, b.info.nowIso),
    late,
    counted: false,
    note: late ? LATE_NOTE : '',
    siteId: approval.siteId,
    rev: await b.nextRev(),
  };
  b.put('approval_vote', { record: vote, fieldRevs: {}, writers: {} });
  const written = late ? vote : await recount(b, approval, vote.id);
  return { opId: op.opId, status: 'applied', rev: written.rev, record: { ...written } };
}

/** Counts an approval's votes again; writes what changed; moves the record on once decided. Returns the new vote as written. */
async function recount(b: BatchContext, approval: Approval, newVoteId: string): Promise<ApprovalVote> {
  const votes = (await b.findAll('approval_vote', 'approvalId', [approval.id])).sort((x, y) => x.rev - y.rev);
  const result = tally(
    approval.quorum,
    factsOf(approval),
    votes.map((v) => ({ id: v.id, voterId: v.voterId, choice: v.choice, castAt: v.castAt, receivedRev: v.rev, comment: v.comment })),
  );
  const counted = new Set(result.counted);
  const late = new Set(result.late);
  const ignored = new Map(result.ignored.map((i) => [i.voteId, i.reason]));
  let mine = votes.find((v) => v.id === newVoteId)!;
  // Votes are counted by rev, the order received, and a rewritten vote takes a new rev. So from the
  // first vote whose counted/late/note changes, every vote received after it is rewritten too, in
  // order: none overtakes a vote it came after (else a replaced vote would come back after the vote
  // that replaced it, and replace it in turn at the next count).
  let rewriting = false;
  for (const v of votes) {
    const next = { ...v, counted: counted.has(v.id), late: v.late || late.has(v.id), note: late.has(v.id) ? LATE_NOTE : (ignored.get(v.id) ?? '') };
    rewriting ||= next.counted !== v.counted || next.late !== v.late || next.note !== v.note;
    if (!rewriting) continue;
    const written = { ...next, rev: await b.nextRev() };
    b.put('approval_vote', { record: written, fieldRevs: {}, writers: {} });
    if (v.id === newVoteId) mine = written;
  }

  const decided = result.outcome !== 'pending';
  const next: Approval = {
    ...approval,
    approvals: result.approvals,
    rejections: result.rejections,
    needed: result.needed,
    state: result.outcome,
    decidedAt: decided ? b.info.nowIso : null,
    decidedBy: result.decidedBy,
    rev: await b.nextRev(),
  };
  b.put('approval', { record: next, fieldRevs: {}, writers: {} });
  if (decided && approval.subject === 'change') await decideChange(b, next);
  return mine;
}

/** Moves the change an approval decided: Authorize → Scheduled or Rejected, as the approval engine. */
async function decideChange(b: BatchContext, approval: Approval): Promise<void> {
  const state = await b.record('change', approval.recordId);
  if (!state || state.record.status !== 'authorize') return;
  const change = state.record;
  const to = approval.state === 'approved' ? 'scheduled' : 'rejected';
  const verdict = checkChangeMove(change.type, change.status, to, { windowStart: change.windowStart, windowEnd: change.windowEnd, outcome: change.outcome }, 'approval');
  if (!verdict.ok) return;
  const rev = await b.nextRev();
  b.put('change', { ...state, record: { ...change, status: to, updatedAt: b.info.nowIso, rev } });
  const how = approval.decidedBy === 'manager' ? 'by a change manager' : `by ${describeQuorum(approval.quorum).toLowerCase()} (${approval.approvals} for, ${approval.rejections} against)`;
  b.add('change_event', {
    id: randomUUID(),
    changeId: change.id,
    action: 'approval',
    fromState: change.status,
    toState: to,
    actorId: null,
    at: b.info.nowIso,
    reason: `${to === 'scheduled' ? 'Approved' : 'Rejected'} ${how}.`,
    rev: await b.nextRev(),
  });
}
