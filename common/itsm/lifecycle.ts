import { z } from 'zod';

/**
 * The ticket lifecycle shared by the app (offline) and the server, so a transition
 * is refused for the same reason in both places.
 */
export const TICKET_STATUSES = ['new', 'assigned', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  assigned: 'Assigned',
  in_progress: 'In progress',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['assigned', 'in_progress', 'on_hold', 'resolved'],
  assigned: ['in_progress', 'on_hold', 'resolved', 'new'],
  in_progress: ['on_hold', 'resolved', 'assigned'],
  on_hold: ['in_progress', 'assigned', 'resolved'],
  // Leaving "resolved" for an open state is a reopen: allowed within the reopen period.
  resolved: ['closed', 'in_progress', 'assigned'],
  closed: [],
};

/** States in which work on the ticket is finished (a way back from resolved is a reopen). */
export const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'in_progress', 'on_hold'];
export const isOpenStatus = (s: TicketStatus): boolean => !DONE_STATUSES.includes(s);

const DAY_MS = 86_400_000;

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

/** The facts a transition may depend on, beyond the two states. */
export interface TransitionContext {
  assigneeId: string | null;
  onHoldReason?: string | null;
  resolutionNotes?: string | null;
  /** For a reopen: when the ticket was resolved, the reopen period, and when the reopen happens. */
  resolvedAt?: string | null;
  reopenPeriodDays?: number;
  /** When the change is made (the technician's clock; the server clamps it to its own). */
  at?: string;
}

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

/** Says whether a ticket may go from one state to another, and if not, why, in words. */
export function checkTransition(from: TicketStatus, to: TicketStatus, ctx: TransitionContext): TransitionCheck {
  if (from === to) return { ok: true };
  if (!TRANSITIONS[from].includes(to)) {
    if (from === 'closed') return { ok: false, reason: `A closed ticket cannot change state (asked for "${STATUS_LABELS[to]}").` };
    return { ok: false, reason: `A ticket cannot go from "${STATUS_LABELS[from]}" to "${STATUS_LABELS[to]}".` };
  }
  if ((to === 'assigned' || to === 'in_progress') && !ctx.assigneeId) {
    return { ok: false, reason: `A ticket must have an assignee to be "${STATUS_LABELS[to]}".` };
  }
  if (to === 'on_hold' && !ctx.onHoldReason?.trim()) {
    return { ok: false, reason: 'Putting a ticket on hold needs a reason.' };
  }
  if (to === 'resolved' && !ctx.resolutionNotes?.trim()) {
    return { ok: false, reason: 'Resolving a ticket needs resolution notes.' };
  }
  if (from === 'resolved' && to !== 'closed') return checkReopen(ctx);
  return { ok: true };
}

/** A resolved ticket may be reopened within the configured period after it was resolved. */
function checkReopen(ctx: TransitionContext): TransitionCheck {
  if (ctx.reopenPeriodDays === undefined || !ctx.resolvedAt || !ctx.at) return { ok: true };
  const deadline = Date.parse(ctx.resolvedAt) + ctx.reopenPeriodDays * DAY_MS;
  if (Date.parse(ctx.at) <= deadline) return { ok: true };
  const resolvedOn = ctx.resolvedAt.slice(0, 10);
  const period = ctx.reopenPeriodDays === 1 ? '1 day' : `${ctx.reopenPeriodDays} days`;
  return {
    ok: false,
    reason: `This ticket was resolved on ${resolvedOn}; it can only be reopened within ${period} of being resolved. Raise a new ticket instead.`,
  };
}

/** The fields a ticket's lifecycle keeps for its SLA clocks and history. */
export interface LifecycleFields {
  status: TicketStatus;
  resolvedAt: string | null;
  closedAt: string | null;
  respondedAt: string | null;
  slaHolds: { from: string; to: string | null }[];
}

/**
 * What a change of state does to the lifecycle's own fields, at time `at`. The one rule the
 * server applies on push and the app applies offline, so both show the same clocks:
 * - leaving "new" the first time stops the SLA response clock (respondedAt);
 * - entering "on hold" opens a hold period, leaving it closes it (the SLA clocks pause between);
 * - resolving stamps resolvedAt; closing stamps closedAt (and resolvedAt if it was missing);
 * - reopening (resolved -> an open state) clears resolvedAt: the resolution clock runs again,
 *   and the time the ticket sat resolved is recorded as a hold (it does not count against it).
 */
export function statusEffects(before: LifecycleFields, to: TicketStatus, at: string): Partial<LifecycleFields> {
  const from = before.status;
  if (from === to) return {};
  const out: Partial<LifecycleFields> = { status: to };
  if (from === 'new' && !before.respondedAt) out.respondedAt = at;
  if (to === 'on_hold') out.slaHolds = [...before.slaHolds, { from: at, to: null }];
  if (from === 'on_hold') out.slaHolds = before.slaHolds.map((h) => (h.to === null ? { from: h.from, to: at < h.from ? h.from : at } : h));
  if (to === 'resolved') out.resolvedAt = at;
  if (to === 'closed') {
    out.closedAt = at;
    if (!before.resolvedAt) out.resolvedAt = at;
  }
  if (from === 'resolved' && to !== 'closed') {
    out.resolvedAt = null;
    // The time it sat resolved is not the desk's delay: it counts as a hold for the SLA clocks.
    if (before.resolvedAt && before.resolvedAt < at) out.slaHolds = [...before.slaHolds, { from: before.resolvedAt, to: at }];
  }
  return out;
}

/** The person an assignee must be, for a ticket or task of a group: someone who works tickets, in that group. */
export interface AssigneeFacts {
  displayName: string;
  role: string;
  groupIds: readonly string[];
}

/** Refuses an assignee who is a requester, or who is not a member of the record's support group. */
export function checkAssignee(assignee: AssigneeFacts, group: { id: string; name: string } | null): TransitionCheck {
  if (assignee.role === 'requester') {
    return { ok: false, reason: `${assignee.displayName} is a requester; tickets can only be assigned to technicians, agents or admins.` };
  }
  if (group && !assignee.groupIds.includes(group.id)) {
    return { ok: false, reason: `${assignee.displayName} is not a member of the group "${group.name}". Choose someone from the group, or change the group first.` };
  }
  return { ok: true };
}

/** Refuses a due date that is already past when it is set (`at`: when it is set). */
export function checkDueDate(dueAt: string | null, at: string): TransitionCheck {
  if (dueAt === null) return { ok: true };
  if (Date.parse(dueAt) < Date.parse(at)) {
    return { ok: false, reason: `The due date ${dueAt.slice(0, 16).replace('T', ' ')} UTC is in the past; choose a date from now on.` };
  }
  return { ok: true };
}

export const TASK_STATUS_LABELS = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' } as const;
type TaskStatusName = keyof typeof TASK_STATUS_LABELS;
const TASK_TRANSITIONS: Record<TaskStatusName, readonly TaskStatusName[]> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

/** Tasks: open, in progress, done or cancelled; done and cancelled tasks can be reopened. */
export function checkTaskTransition(from: TaskStatusName, to: TaskStatusName): TransitionCheck {
  if (from === to || TASK_TRANSITIONS[from].includes(to)) return { ok: true };
  return { ok: false, reason: `A task cannot go from "${TASK_STATUS_LABELS[from]}" to "${TASK_STATUS_LABELS[to]}".` };
}
