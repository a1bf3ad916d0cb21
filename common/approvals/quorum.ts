/**
 * The one approval engine for every record that needs approval (changes, catalog service
 * requests): who may vote, how votes are counted, and when the outcome is decided. Pure rules,
 * the same in the app (offline, to show where a vote stands) and on the server, which alone
 * counts votes authoritatively.
 *
 * - A quorum is data (`Quorum`): the first answer decides, everyone must approve, a majority,
 *   or a percentage of the approvers.
 * - Votes are counted in the order the server received them (`receivedRev`), never by the
 *   device's clock (`castAt`), which may be wrong. Once the outcome is decided it never flips:
 *   later votes are kept and shown as late, not counted.
 * - One voter counts once: a later vote before the decision replaces the earlier one. The
 *   requester's own vote does not count unless self-approval is allowed, nor does the vote of
 *   someone who is neither approver nor manager.
 * - A manager's vote decides at once, whatever the quorum (but a manager who is the requester
 *   decides their own request only when self-approval is allowed).
 * - With no eligible approvers the outcome stays pending: a manager must decide.
 *
 * Percentages. ServiceNow's "Ask for Approval action" page (Workflow Studio reference,
 * ServiceNow/ServiceNowDocs) offers "% of users approve" but does not say how a fraction of a
 * person is rounded. The widely used ServiceNowGuru script "Percentage or Majority-based
 * Workflow Approvals" approves when approved / total * 100 >= percent, and rejects when
 * rejected / total * 100 > 100 - percent. That is the same as rounding the number of approvals
 * needed up, the rounding that never lets fewer than the percentage decide: 60% of 7 needs 5
 * (4 of 7 is 57%). It is what this file does.
 */
import type { TransitionCheck } from '../itsm/lifecycle';

export type { TransitionCheck };

export type Quorum = { rule: 'first' } | { rule: 'all' } | { rule: 'majority' } | { rule: 'percent'; percent: number };
export type QuorumRule = Quorum['rule'];
export const QUORUM_RULES: readonly QuorumRule[] = ['first', 'all', 'majority', 'percent'];

export type VoteChoice = 'approve' | 'reject';

export interface Vote {
  id: string;
  voterId: string;
  choice: VoteChoice;
  /** When it was cast, by the device's clock (shown, never used to order votes). */
  castAt: string;
  /** The order in which the server received it: votes are counted in this order. */
  receivedRev: number;
  comment: string;
}

export interface ApprovalFacts {
  approverIds: readonly string[];
  /** People who may decide over the vote (e.g. the change manager). */
  managerIds: readonly string[];
  requesterId: string | null;
  allowSelfApproval: boolean;
}

export type ApprovalOutcome = 'pending' | 'approved' | 'rejected';

export interface Tally {
  outcome: ApprovalOutcome;
  /** Approvers' approvals and rejections counted (a manager's decision is not among them). */
  approvals: number;
  rejections: number;
  /** Approvals needed to approve. */
  needed: number;
  /** Approvers whose votes count toward the quorum. */
  eligible: number;
  decidedBy: 'quorum' | 'manager' | null;
  decidingVoteId: string | null;
  /** Ids of the votes counted. */
  counted: string[];
  /** Ids of the votes received after the decision: recorded, shown as late, not counted. */
  late: string[];
  /** Votes not counted, and why. */
  ignored: { voteId: string; reason: string }[];
}

const ok: TransitionCheck = { ok: true };

export const VOTE_REPLACED = 'Replaced by a later vote of the same person: only their last vote counts.';
export const SELF_APPROVAL_IGNORED = 'The requester may not approve their own request, so their vote was not counted.';
export const OUTSIDER_IGNORED = 'The voter is neither an approver nor a manager of this record, so their vote was not counted.';

export const NOT_AN_APPROVER = 'You are not an approver of this record, so you cannot approve or reject it.';
export const SELF_APPROVAL_REFUSED = 'You requested this, so you cannot approve or reject it yourself: another approver or a manager decides.';
export const NOT_WAITING = 'This record is no longer waiting for approval, so no vote can be recorded.';
export const alreadyDecided = (outcome: Exclude<ApprovalOutcome, 'pending'>): string =>
  `This record has already been ${outcome}: a vote now would not change it.`;

export const NO_APPROVERS = 'This record has no approvers: a manager must approve or reject it.';
export const ONLY_REQUESTER_APPROVES = 'The only approver is the requester, who may not approve their own request: a manager must approve or reject it.';

/** The approvers whose votes count toward the quorum: each once, without the requester unless self-approval is allowed. */
export function eligibleApprovers(facts: ApprovalFacts): string[] {
  const ids = [...new Set(facts.approverIds)];
  return facts.allowSelfApproval ? ids : ids.filter((id) => id !== facts.requesterId);
}

/** Why nobody can reach the quorum (the UI tells a manager to decide), or null when someone can. */
export function noApproversReason(facts: ApprovalFacts): string | null {
  if (eligibleApprovers(facts).length > 0) return null;
  return facts.approverIds.length === 0 ? NO_APPROVERS : ONLY_REQUESTER_APPROVES;
}

/** How many approvals approve, among `eligible` approvers (0 when there are none). */
export function neededApprovals(quorum: Quorum, eligible: number): number {
  if (eligible <= 0) return 0;
  switch (quorum.rule) {
    case 'first':
      return 1;
    case 'all':
      return eligible;
    case 'majority':
      return Math.floor(eligible / 2) + 1;
    case 'percent':
      // ⌈percent × eligible / 100⌉ on whole numbers (no 4.000001 rounding up to 5): see the head of this file.
      return Math.max(1, Math.floor((quorum.percent * eligible + 99) / 100));
  }
}

/** How many rejections reject: the first answer decides; otherwise once approval can no longer be reached. */
function neededRejections(quorum: Quorum, eligible: number): number {
  return quorum.rule === 'first' ? 1 : eligible - neededApprovals(quorum, eligible) + 1;
}

/** Counts the votes of a record: in the order received, each voter once, until decided. */
export function tally(quorum: Quorum, facts: ApprovalFacts, votes: readonly Vote[]): Tally {
  const managers = new Set(facts.managerIds);
  const eligible = eligibleApprovers(facts).length;
  const needed = neededApprovals(quorum, eligible);
  const rejectAt = neededRejections(quorum, eligible);
  const result: Tally = { outcome: 'pending', approvals: 0, rejections: 0, needed, eligible, decidedBy: null, decidingVoteId: null, counted: [], late: [], ignored: [] };
  // Each voter's vote counted so far (before the decision).
  const current = new Map<string, Vote>();
  const ordered = [...votes].sort((a, b) => a.receivedRev - b.receivedRev || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const vote of ordered) {
    const isManager = managers.has(vote.voterId);
    if (!isManager && !facts.approverIds.includes(vote.voterId)) {
      result.ignored.push({ voteId: vote.id, reason: OUTSIDER_IGNORED });
    } else if (vote.voterId === facts.requesterId && !facts.allowSelfApproval) {
      result.ignored.push({ voteId: vote.id, reason: SELF_APPROVAL_IGNORED });
    } else if (result.outcome !== 'pending') {
      result.late.push(vote.id);
    } else if (isManager) {
      result.counted.push(vote.id);
      decide(result, vote, 'manager');
    } else {
      const earlier = current.get(vote.voterId);
      if (earlier) {
        result.counted = result.counted.filter((id) => id !== earlier.id);
        result.ignored.push({ voteId: earlier.id, reason: VOTE_REPLACED });
        if (earlier.choice === 'approve') result.approvals--;
        else result.rejections--;
      }
      current.set(vote.voterId, vote);
      result.counted.push(vote.id);
      if (vote.choice === 'approve') result.approvals++;
      else result.rejections++;
      if (eligible > 0 && (result.approvals >= needed || result.rejections >= rejectAt)) decide(result, vote, 'quorum');
    }
  }
  return result;
}

function decide(result: Tally, vote: Vote, by: 'quorum' | 'manager'): void {
  result.outcome = vote.choice === 'approve' ? 'approved' : 'rejected';
  result.decidedBy = by;
  result.decidingVoteId = vote.id;
}

/** Whether `voterId` may vote now: an approver or manager, not on their own request (unless allowed), while the record waits for approval. */
export function checkVote(facts: ApprovalFacts, voterId: string, state: { outcome: ApprovalOutcome; waiting: boolean }): TransitionCheck {
  if (state.outcome !== 'pending') return { ok: false, reason: alreadyDecided(state.outcome) };
  if (!state.waiting) return { ok: false, reason: NOT_WAITING };
  if (!facts.approverIds.includes(voterId) && !facts.managerIds.includes(voterId)) return { ok: false, reason: NOT_AN_APPROVER };
  if (voterId === facts.requesterId && !facts.allowSelfApproval) return { ok: false, reason: SELF_APPROVAL_REFUSED };
  return ok;
}

/** Whether a quorum is one this engine counts (it arrives as data: an admin's setting, a synced record). */
export function checkQuorum(quorum: Quorum): TransitionCheck {
  if (!QUORUM_RULES.includes(quorum.rule)) return { ok: false, reason: `"${String(quorum.rule)}" is not an approval rule: choose first answer, everyone, majority or a percentage.` };
  if (quorum.rule === 'percent' && !(Number.isInteger(quorum.percent) && quorum.percent >= 1 && quorum.percent <= 100)) {
    return { ok: false, reason: `The approval percentage must be a whole number from 1 to 100, not ${String(quorum.percent)}.` };
  }
  return ok;
}

/** The quorum as people read it. */
export function describeQuorum(quorum: Quorum): string {
  switch (quorum.rule) {
    case 'first':
      return 'First answer';
    case 'all':
      return 'Everyone';
    case 'majority':
      return 'Majority';
    case 'percent':
      return `${quorum.percent}% of approvers`;
  }
}
