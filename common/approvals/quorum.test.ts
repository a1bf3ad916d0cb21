import { describe, expect, it } from 'vitest';
import {
  NO_APPROVERS,
  NOT_AN_APPROVER,
  NOT_WAITING,
  ONLY_REQUESTER_APPROVES,
  OUTSIDER_IGNORED,
  SELF_APPROVAL_IGNORED,
  SELF_APPROVAL_REFUSED,
  VOTE_REPLACED,
  checkQuorum,
  checkVote,
  describeQuorum,
  neededApprovals,
  noApproversReason,
  tally,
  type ApprovalFacts,
  type Quorum,
  type Vote,
  type VoteChoice,
} from './quorum';

const FIRST: Quorum = { rule: 'first' };
const ALL: Quorum = { rule: 'all' };
const MAJORITY: Quorum = { rule: 'majority' };
const pct = (percent: number): Quorum => ({ rule: 'percent', percent });

/** Approvers a1..aN, manager "mgr", requester "req" (not an approver unless added). */
const facts = (n: number, more: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  approverIds: Array.from({ length: n }, (_, i) => `a${i + 1}`),
  managerIds: ['mgr'],
  requesterId: 'req',
  allowSelfApproval: false,
  ...more,
});

/** Votes received in the order given (receivedRev 1, 2, …), each as "voter:a" or "voter:r"; ids v1, v2, …. */
const votes = (...spec: string[]): Vote[] =>
  spec.map((s, i) => {
    const [voterId = '', c] = s.split(':');
    const choice: VoteChoice = c === 'a' ? 'approve' : 'reject';
    return { id: `v${i + 1}`, voterId, choice, castAt: `2026-03-01T10:0${i}:00Z`, receivedRev: i + 1, comment: '' };
  });

const outcome = (q: Quorum, f: ApprovalFacts, ...spec: string[]) => tally(q, f, votes(...spec)).outcome;

describe('approvals needed', () => {
  it.each([
    [pct(60), 7, 5],
    [pct(50), 4, 2],
    [pct(33), 3, 1],
    [pct(34), 3, 2],
    [pct(100), 7, 7],
    [pct(1), 7, 1],
    [pct(60), 5, 3],
    [FIRST, 5, 1],
    [ALL, 5, 5],
    [MAJORITY, 4, 3],
    [MAJORITY, 5, 3],
    [MAJORITY, 1, 1],
    [pct(60), 0, 0],
    [ALL, 0, 0],
  ] as const)('%o of %i: %i', (quorum, eligible, needed) => {
    expect(neededApprovals(quorum, eligible)).toBe(needed);
  });
});

describe('each rule', () => {
  it.each([
    ['first: an approval approves', FIRST, ['a2:a'], 'approved'],
    ['first: a rejection rejects', FIRST, ['a3:r'], 'rejected'],
    ['all: everyone approves', ALL, ['a1:a', 'a2:a', 'a3:a'], 'approved'],
    ['all: two of three approve', ALL, ['a1:a', 'a2:a'], 'pending'],
    ['all: one rejection rejects', ALL, ['a1:a', 'a2:r'], 'rejected'],
    ['majority of 3: two approve', MAJORITY, ['a1:a', 'a2:r', 'a3:a'], 'approved'],
    ['majority of 3: two reject', MAJORITY, ['a1:r', 'a2:a', 'a3:r'], 'rejected'],
    ['majority of 3: one each', MAJORITY, ['a1:r', 'a2:a'], 'pending'],
  ] as const)('%s', (_name, quorum, spec, expected) => {
    expect(outcome(quorum, facts(3), ...spec)).toBe(expected);
  });

  it('majority of an even group: half is not a majority, and a tie rejects', () => {
    expect(outcome(MAJORITY, facts(4), 'a1:a', 'a2:a')).toBe('pending');
    expect(outcome(MAJORITY, facts(4), 'a1:a', 'a2:a', 'a3:a')).toBe('approved');
    expect(outcome(MAJORITY, facts(4), 'a1:r', 'a2:a')).toBe('pending');
    expect(outcome(MAJORITY, facts(4), 'a1:r', 'a2:a', 'a3:r')).toBe('rejected');
  });

  it('percent: approved at the approvals needed, rejected once they cannot be reached', () => {
    // 60% of 5 needs 3: two rejections leave 3 possible, three leave 2.
    expect(outcome(pct(60), facts(5), 'a1:a', 'a2:a')).toBe('pending');
    expect(outcome(pct(60), facts(5), 'a1:a', 'a2:a', 'a3:a')).toBe('approved');
    expect(outcome(pct(60), facts(5), 'a1:r', 'a2:r')).toBe('pending');
    expect(outcome(pct(60), facts(5), 'a1:r', 'a2:r', 'a3:a', 'a4:r')).toBe('rejected');
  });

  it('reports the counts and the deciding vote', () => {
    expect(tally(MAJORITY, facts(3), votes('a1:a', 'a2:r', 'a3:a'))).toEqual({
      outcome: 'approved',
      approvals: 2,
      rejections: 1,
      needed: 2,
      eligible: 3,
      decidedBy: 'quorum',
      decidingVoteId: 'v3',
      counted: ['v1', 'v2', 'v3'],
      late: [],
      ignored: [],
    });
  });
});

describe('order and late votes', () => {
  it('votes after the decision are late: recorded, not counted, the outcome does not flip', () => {
    const t = tally(FIRST, facts(3), votes('a1:a', 'a2:r', 'a3:r'));
    expect(t).toMatchObject({ outcome: 'approved', approvals: 1, rejections: 0, decidingVoteId: 'v1', counted: ['v1'], late: ['v2', 'v3'] });
  });

  it('counts in the order the server received votes, not by the device clock', () => {
    // a2's device says it voted first, but the server received a1's vote first.
    const [a1, a2] = votes('a1:a', 'a2:r') as [Vote, Vote];
    const early = { ...a2, castAt: '2026-03-01T09:00:00Z' };
    const t = tally(FIRST, facts(2), [early, a1]);
    expect(t).toMatchObject({ outcome: 'approved', decidingVoteId: a1.id, counted: [a1.id], late: [early.id] });
  });

  it('a later vote of the same person before the decision replaces the earlier one', () => {
    const t = tally(ALL, facts(2), votes('a1:r', 'a1:a', 'a2:a'));
    expect(t).toMatchObject({ outcome: 'rejected', counted: ['v1'], late: ['v2', 'v3'] });
    const changed = tally(MAJORITY, facts(3), votes('a1:r', 'a1:a', 'a2:a'));
    expect(changed).toMatchObject({ outcome: 'approved', approvals: 2, rejections: 0, counted: ['v2', 'v3'], ignored: [{ voteId: 'v1', reason: VOTE_REPLACED }] });
  });
});

describe('who counts', () => {
  it('the requester’s own vote is ignored unless self-approval is allowed, and they are not an eligible approver', () => {
    const f = facts(3, { approverIds: ['a1', 'a2', 'req'] });
    const refused = tally(ALL, f, votes('req:a', 'a1:a', 'a2:a'));
    expect(refused).toMatchObject({ outcome: 'approved', eligible: 2, needed: 2, counted: ['v2', 'v3'], ignored: [{ voteId: 'v1', reason: SELF_APPROVAL_IGNORED }] });
    const allowed = tally(ALL, { ...f, allowSelfApproval: true }, votes('req:a', 'a1:a', 'a2:a'));
    expect(allowed).toMatchObject({ outcome: 'approved', eligible: 3, needed: 3, counted: ['v1', 'v2', 'v3'], ignored: [] });
  });

  it('a vote from someone neither approver nor manager is ignored', () => {
    const t = tally(FIRST, facts(2), votes('zed:a', 'req:a'));
    expect(t).toMatchObject({
      outcome: 'pending',
      counted: [],
      ignored: [
        { voteId: 'v1', reason: OUTSIDER_IGNORED },
        { voteId: 'v2', reason: OUTSIDER_IGNORED },
      ],
    });
  });

  it('a manager decides at once, whatever the quorum', () => {
    const t = tally(ALL, facts(3), votes('a1:a', 'mgr:r', 'a2:a'));
    expect(t).toMatchObject({ outcome: 'rejected', approvals: 1, rejections: 0, decidedBy: 'manager', decidingVoteId: 'v2', counted: ['v1', 'v2'], late: ['v3'] });
  });

  it('a manager’s vote after the decision is late', () => {
    const t = tally(FIRST, facts(3), votes('a1:a', 'mgr:r'));
    expect(t).toMatchObject({ outcome: 'approved', decidedBy: 'quorum', late: ['v2'] });
  });

  it('a manager who is the requester decides only when self-approval is allowed', () => {
    expect(outcome(FIRST, facts(2, { requesterId: 'mgr' }), 'mgr:a')).toBe('pending');
    expect(outcome(FIRST, facts(2, { requesterId: 'mgr', allowSelfApproval: true }), 'mgr:a')).toBe('approved');
  });

  it('with no eligible approvers the outcome stays pending and says why; a manager decides', () => {
    const none = facts(0);
    expect(noApproversReason(none)).toBe(NO_APPROVERS);
    expect(tally(pct(60), none, [])).toMatchObject({ outcome: 'pending', eligible: 0, needed: 0 });
    const onlyRequester = facts(0, { approverIds: ['req'] });
    expect(noApproversReason(onlyRequester)).toBe(ONLY_REQUESTER_APPROVES);
    expect(outcome(MAJORITY, onlyRequester, 'req:a')).toBe('pending');
    expect(outcome(MAJORITY, onlyRequester, 'req:a', 'mgr:a')).toBe('approved');
    expect(noApproversReason(facts(1))).toBeNull();
    expect(noApproversReason({ ...onlyRequester, allowSelfApproval: true })).toBeNull();
  });
});

describe('may this person vote', () => {
  const f = facts(2, { approverIds: ['a1', 'a2', 'req'] });
  const open = { outcome: 'pending', waiting: true } as const;
  it.each([
    ['an approver', 'a1', open, null],
    ['a manager', 'mgr', open, null],
    ['an outsider', 'zed', open, NOT_AN_APPROVER],
    ['the requester', 'req', open, SELF_APPROVAL_REFUSED],
    ['no longer waiting', 'a1', { outcome: 'pending', waiting: false }, NOT_WAITING],
    ['already approved', 'a1', { outcome: 'approved', waiting: false }, 'This record has already been approved: a vote now would not change it.'],
    ['already rejected', 'mgr', { outcome: 'rejected', waiting: false }, 'This record has already been rejected: a vote now would not change it.'],
  ] as const)('%s', (_name, voterId, state, reason) => {
    const verdict = checkVote(f, voterId, state);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });

  it('the requester may vote when self-approval is allowed', () => {
    expect(checkVote({ ...f, allowSelfApproval: true }, 'req', open)).toEqual({ ok: true });
  });

  it('the words', () => {
    expect(NOT_AN_APPROVER).toBe('You are not an approver of this record, so you cannot approve or reject it.');
    expect(SELF_APPROVAL_REFUSED).toBe('You requested this, so you cannot approve or reject it yourself: another approver or a manager decides.');
    expect(NOT_WAITING).toBe('This record is no longer waiting for approval, so no vote can be recorded.');
  });
});

describe('a quorum setting', () => {
  it.each([
    [FIRST, null],
    [pct(1), null],
    [pct(100), null],
    [pct(0), 'The approval percentage must be a whole number from 1 to 100, not 0.'],
    [pct(101), 'The approval percentage must be a whole number from 1 to 100, not 101.'],
    [pct(50.5), 'The approval percentage must be a whole number from 1 to 100, not 50.5.'],
    [{ rule: 'vote' } as unknown as Quorum, '"vote" is not an approval rule: choose first answer, everyone, majority or a percentage.'],
  ])('%o', (quorum, reason) => {
    const verdict = checkQuorum(quorum);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });

  it.each([
    [FIRST, 'First answer'],
    [ALL, 'Everyone'],
    [MAJORITY, 'Majority'],
    [pct(60), '60% of approvers'],
  ] as const)('%o reads "%s"', (quorum, words) => {
    expect(describeQuorum(quorum)).toBe(words);
  });
});
