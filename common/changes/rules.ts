/**
 * Who may do what with changes, windows, releases and CAB meetings, and what an edit of a change
 * may touch in its state (issue 15): the same checks and words on the app (offline) and the
 * server. The moves between states are lifecycle.ts; risk is risk.ts; votes are
 * common/approvals/quorum.ts; collisions are collisions.ts.
 */
import type { Role } from '../domain/entities';
import type { TransitionCheck } from '../itsm/lifecycle';
import { CHANGE_STATE_LABELS, PLANNING_CHANGE_STATES, checkChangeWindow, isFinalChangeState, type ChangeState } from './lifecycle';
import type { ChangeRequest } from './records';

export const ONLY_STAFF_CHANGES = 'Only IT staff can raise or edit changes.';
export const ONLY_DESK_CALENDAR = 'Only desk staff and administrators can edit change windows, releases and CAB meetings.';
export const CHANGE_NOT_VISIBLE = 'The change does not exist or is not visible to you.';

const OK: TransitionCheck = { ok: true };
const isStaff = (role: Role) => role === 'technician' || role === 'agent' || role === 'admin';

export function checkChangeActor(viewer: { role: Role }): TransitionCheck {
  return isStaff(viewer.role) ? OK : { ok: false, reason: ONLY_STAFF_CHANGES };
}

export function checkCalendarEditor(viewer: { role: Role }): TransitionCheck {
  return viewer.role === 'agent' || viewer.role === 'admin' ? OK : { ok: false, reason: ONLY_DESK_CALENDAR };
}

/** Fields of the plan: fixed once the change is being implemented. */
const PLAN_FIELDS: ReadonlySet<string> = new Set(['type', 'title', 'description', 'reason', 'category', 'riskAnswers', 'windowStart', 'windowEnd', 'downtimeMinutes', 'implementationPlan', 'backoutPlan', 'testPlan', 'siteId', 'releaseId']);
/** Fields of the post-implementation review. */
const REVIEW_FIELDS: ReadonlySet<string> = new Set(['outcome', 'reviewNotes']);
const REVIEW_STATES: readonly ChangeState[] = ['implement', 'review'];

export const changeReasons = {
  final: (state: ChangeState) => `The change is ${CHANGE_STATE_LABELS[state]}; it can no longer be edited.`,
  typeFixed: 'The type of a change can be changed only while it is New.',
  planFixed: (state: ChangeState) => `The change is in ${CHANGE_STATE_LABELS[state]}: its plan can no longer be changed.`,
  reviewTooEarly: 'How the change went is recorded once it is being implemented or reviewed.',
} as const;

/** Whether an edit that changed `changed` fields may be made to a change as it is now. */
export function checkChangePatch(current: Pick<ChangeRequest, 'status'>, next: Pick<ChangeRequest, 'windowStart' | 'windowEnd'>, changed: readonly string[]): TransitionCheck {
  if (isFinalChangeState(current.status)) return { ok: false, reason: changeReasons.final(current.status) };
  if (changed.includes('type') && current.status !== 'new') return { ok: false, reason: changeReasons.typeFixed };
  if (changed.some((f) => PLAN_FIELDS.has(f)) && !PLANNING_CHANGE_STATES.includes(current.status)) return { ok: false, reason: changeReasons.planFixed(current.status) };
  if (changed.some((f) => REVIEW_FIELDS.has(f)) && !REVIEW_STATES.includes(current.status)) return { ok: false, reason: changeReasons.reviewTooEarly };
  if (changed.includes('windowStart') || changed.includes('windowEnd')) return checkChangeWindow(next.windowStart, next.windowEnd);
  return OK;
}
