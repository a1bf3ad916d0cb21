/**
 * Change requests and the configuration items they affect (common/entities/change-ci.ts), the
 * same on the app (offline, over the replica) and the server (over the database): which changes
 * count as scheduled on a CI, the words of a change's status, and the check a new link must pass,
 * with the words a person reads when it is refused. Pure: the caller gathers the facts.
 */
import type { ChangeState } from '../changes/lifecycle';
import type { ChangeRequest } from '../changes/records';
import type { TransitionCheck } from './lifecycle';

/** The states of a change that is going to happen, or is happening. */
export const UPCOMING_CHANGE_STATES: readonly ChangeState[] = ['scheduled', 'implement'];
const UPCOMING: ReadonlySet<ChangeState> = new Set(UPCOMING_CHANGE_STATES);

/**
 * Whether a change is scheduled on its CIs at `nowMs`: scheduled or being implemented, and its
 * window not yet ended (a change left in Implement after its window is not shown as coming).
 */
export function isScheduledChange(change: Pick<ChangeRequest, 'status' | 'windowEnd'>, nowMs: number): boolean {
  return UPCOMING.has(change.status) && Date.parse(change.windowEnd) > nowMs;
}

/** Changes as a CI's screen lists them: the scheduled ones first, soonest first; then the others, latest window first. */
export function sortChanges<C extends Pick<ChangeRequest, 'id' | 'status' | 'windowStart' | 'windowEnd'>>(changes: readonly C[], nowMs: number): C[] {
  const scheduled = changes.filter((c) => isScheduledChange(c, nowMs)).sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.id.localeCompare(b.id));
  const others = changes.filter((c) => !isScheduledChange(c, nowMs)).sort((a, b) => b.windowStart.localeCompare(a.windowStart) || a.id.localeCompare(b.id));
  return [...scheduled, ...others];
}

/** How a change is named in a sentence: its number, or its title until it has one. */
export function changeName(change: Pick<ChangeRequest, 'number' | 'title'>): string {
  return change.number ?? change.title;
}

export const CHANGE_NOT_VISIBLE = 'The change does not exist or is not visible to you.';
export const CI_NOT_VISIBLE = 'The configuration item does not exist or is not visible to you.';

/**
 * Whether a change may be recorded as affecting a CI: both exist and the person sees them
 * (null when not), and the CI is not linked to the change yet (`linkedCiIds`: the CIs the change
 * already affects, as the server or this device knows them).
 */
export function checkChangeCi(
  change: Pick<ChangeRequest, 'number' | 'title'> | null,
  ci: { id: string; name: string } | null,
  linkedCiIds: readonly string[],
): TransitionCheck {
  if (!change) return { ok: false, reason: CHANGE_NOT_VISIBLE };
  if (!ci) return { ok: false, reason: CI_NOT_VISIBLE };
  if (linkedCiIds.includes(ci.id)) return { ok: false, reason: `${changeName(change)} already affects ${ci.name}.` };
  return { ok: true };
}
