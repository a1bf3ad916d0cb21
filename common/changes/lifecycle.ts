/**
 * The change lifecycle (issue 15): types, states and the moves between them, the same on the app
 * (offline) and the server, so a move is refused in the same words in both places. After ITIL 4
 * change enablement as ServiceNow models it:
 *
 * - normal:    new → assess → authorize → scheduled → implement → review → closed
 * - emergency: new → authorize → scheduled → implement → review → closed (no assessment; its
 *              approval is expedited: approval.ts picks the emergency rule)
 * - standard:  new → scheduled → implement → review → closed (pre-approved by its template: no
 *              assessment, no approval)
 *
 * Besides: `rejected` (the approvers said no; back to new to revise and submit again) and
 * `cancelled` (by a person, with a reason, from any state before review). Leaving `authorize`
 * is the approval engine's alone: a change is authorised only once the server has counted the
 * votes (common/approvals/quorum.ts), never by a person moving it on a device.
 *
 * Policy as data: TRANSITIONS names every move each type allows and who may make it; the checks
 * of what a state needs on entering it (a window, a review outcome, a reason) are ENTRY_NEEDS.
 */
import { z } from 'zod';
import type { TransitionCheck } from '../itsm/lifecycle';

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export const ChangeTypeSchema = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof ChangeTypeSchema>;
export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = { standard: 'Standard', normal: 'Normal', emergency: 'Emergency' };

export const CHANGE_STATES = ['new', 'assess', 'authorize', 'scheduled', 'implement', 'review', 'closed', 'rejected', 'cancelled'] as const;
export const ChangeStateSchema = z.enum(CHANGE_STATES);
export type ChangeState = z.infer<typeof ChangeStateSchema>;
export const CHANGE_STATE_LABELS: Record<ChangeState, string> = {
  new: 'New',
  assess: 'Assess',
  authorize: 'Authorize',
  scheduled: 'Scheduled',
  implement: 'Implement',
  review: 'Review',
  closed: 'Closed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

/** How a change went, recorded at its post-implementation review. */
export const CHANGE_OUTCOMES = ['succeeded', 'failed', 'backed_out'] as const;
export const ChangeOutcomeSchema = z.enum(CHANGE_OUTCOMES);
export type ChangeOutcome = z.infer<typeof ChangeOutcomeSchema>;
export const CHANGE_OUTCOME_LABELS: Record<ChangeOutcome, string> = { succeeded: 'Succeeded', failed: 'Failed', backed_out: 'Backed out' };

/** Who makes a move: a person on a device, or the server once it has counted the votes. */
export type ChangeMover = 'person' | 'approval';

type Moves = Partial<Record<ChangeState, Partial<Record<ChangeState, ChangeMover>>>>;

const CANCEL_FROM: readonly ChangeState[] = ['new', 'assess', 'authorize', 'scheduled', 'implement'];
const withCancel = (moves: Moves): Moves =>
  Object.fromEntries(
    (Object.entries(moves) as [ChangeState, Partial<Record<ChangeState, ChangeMover>>][]).map(([from, to]) => [from, CANCEL_FROM.includes(from) ? { ...to, cancelled: 'person' } : to]),
  );

const LATER: Moves = {
  scheduled: { implement: 'person' },
  implement: { review: 'person' },
  review: { closed: 'person' },
};

/** Every move each type allows, and who makes it. */
export const TRANSITIONS: Record<ChangeType, Moves> = {
  normal: withCancel({
    new: { assess: 'person' },
    assess: { authorize: 'person', new: 'person' },
    authorize: { scheduled: 'approval', rejected: 'approval' },
    rejected: { new: 'person' },
    ...LATER,
  }),
  emergency: withCancel({
    new: { authorize: 'person' },
    authorize: { scheduled: 'approval', rejected: 'approval' },
    rejected: { new: 'person' },
    ...LATER,
  }),
  standard: withCancel({
    new: { scheduled: 'person' },
    ...LATER,
  }),
};

/** States a change never leaves. */
export const FINAL_CHANGE_STATES: readonly ChangeState[] = ['closed', 'cancelled'];
/** States in which a change holds its window on the calendar (collisions are checked against these). */
export const BOOKED_CHANGE_STATES: readonly ChangeState[] = ['authorize', 'scheduled', 'implement'];
/** States in which the plan (window, CIs, plans) may still be edited. */
export const PLANNING_CHANGE_STATES: readonly ChangeState[] = ['new', 'assess', 'authorize', 'scheduled', 'rejected'];

export const isFinalChangeState = (s: ChangeState): boolean => FINAL_CHANGE_STATES.includes(s);

/** The states a person may move a change of this type to from `from`. */
export function nextChangeStates(type: ChangeType, from: ChangeState, by: ChangeMover = 'person'): ChangeState[] {
  const moves = TRANSITIONS[type][from] ?? {};
  return (Object.keys(moves) as ChangeState[]).filter((to) => moves[to] === by);
}

/** What a move reads about the change besides its type and state. */
export interface ChangeMoveFacts {
  windowStart: string;
  windowEnd: string;
  outcome: ChangeOutcome | null;
  /** The reason given with the move (cancelling needs one). */
  reason?: string;
}

export const reasons = {
  sameState: (state: ChangeState) => `The change is already ${CHANGE_STATE_LABELS[state]}.`,
  final: (state: ChangeState) => `The change is ${CHANGE_STATE_LABELS[state]}; it cannot move any more.`,
  notAllowed: (type: ChangeType, from: ChangeState, to: ChangeState) => {
    const next = nextChangeStates(type, from);
    const options = next.length > 0 ? ` From ${CHANGE_STATE_LABELS[from]} it can go to ${next.map((s) => CHANGE_STATE_LABELS[s]).join(', ')}.` : '';
    return `A ${CHANGE_TYPE_LABELS[type].toLowerCase()} change cannot go from ${CHANGE_STATE_LABELS[from]} to ${CHANGE_STATE_LABELS[to]}.${options}`;
  },
  approvalOnly: (to: ChangeState) =>
    to === 'rejected'
      ? 'A change is rejected only by its approvers: the server counts the votes.'
      : 'A change is authorised only once its approvers have approved it and the server has counted the votes.',
  endBeforeStart: 'The planned end must be after the planned start.',
  noOutcome: 'Record how the change went (succeeded, failed or backed out) before closing it.',
  noReason: 'Say why the change is cancelled.',
} as const;

/** Whether an ISO window is well formed: both parse and the end is after the start. */
export function checkChangeWindow(windowStart: string, windowEnd: string): TransitionCheck {
  const start = Date.parse(windowStart);
  const end = Date.parse(windowEnd);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return { ok: false, reason: reasons.endBeforeStart };
  return { ok: true };
}

/** What entering a state needs, checked after the move itself is allowed. */
const ENTRY_NEEDS: Partial<Record<ChangeState, (facts: ChangeMoveFacts) => TransitionCheck>> = {
  scheduled: (f) => checkChangeWindow(f.windowStart, f.windowEnd),
  closed: (f) => (f.outcome ? { ok: true } : { ok: false, reason: reasons.noOutcome }),
  cancelled: (f) => ((f.reason ?? '').trim() ? { ok: true } : { ok: false, reason: reasons.noReason }),
};

/** Whether `by` may move a change of `type` from `from` to `to`, and what the new state needs. */
export function checkChangeMove(type: ChangeType, from: ChangeState, to: ChangeState, facts: ChangeMoveFacts, by: ChangeMover = 'person'): TransitionCheck {
  if (from === to) return { ok: false, reason: reasons.sameState(to) };
  if (isFinalChangeState(from)) return { ok: false, reason: reasons.final(from) };
  const mover = TRANSITIONS[type][from]?.[to];
  if (!mover) return { ok: false, reason: reasons.notAllowed(type, from, to) };
  if (mover !== by) return { ok: false, reason: mover === 'approval' ? reasons.approvalOnly(to) : reasons.notAllowed(type, from, to) };
  return ENTRY_NEEDS[to]?.(facts) ?? { ok: true };
}

/** Whether a change of this type goes through approval at all. */
export const needsApproval = (type: ChangeType): boolean => type !== 'standard';
