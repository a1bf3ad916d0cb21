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
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

/** The facts a transition may depend on, beyond the two states. */
export interface TransitionContext {
  assigneeId: string | null;
  onHoldReason?: string | null;
  resolutionNotes?: string | null;
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
  return { ok: true };
}
