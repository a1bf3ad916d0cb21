/**
 * Ticket create and patch: the rules the app applies offline (common/itsm), applied again
 * by the server, with the same words when they refuse.
 *
 * Create: numbered per kind (INC/REQ/PRB); priority from the configured impact x urgency
 * matrix unless the op carries one (an override); kind-only fields checked (a catalog item
 * of the configured catalog for service requests, a visible problem for incidents, root
 * cause / workaround / known error for problems); the assignee must be in the group; a
 * 'created' event.
 *
 * Patch: three-way merge (sync/field-state.ts); impact or urgency changed without a
 * priority -> the matrix's priority; status through checkTransition (with the reopen
 * period of the configuration, at the op's clamped time), its derived fields from
 * statusEffects (respondedAt, hold periods, resolvedAt, closedAt); events for status
 * ('reopened' for a reopen), assignee, group, priority and problem changes.
 */
import type { Ticket, TicketEventType } from '@fielddesk/common/domain/entities';
import { priorityFor } from '@fielddesk/common/itsm/config';
import { checkCatalogItem, checkKindFields, checkKnownError, checkProblemLink } from '@fielddesk/common/itsm/kinds';
import { STATUS_LABELS, checkTransition, statusEffects, type TransitionContext } from '@fielddesk/common/itsm/lifecycle';
import { TICKET_FIELD_POLICIES, type FieldConflict } from '@fielddesk/common/sync/merge';
import type { OpResult, TicketCreateOp, TicketPatchOp } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { createdFieldState, planPatch } from '../field-state';
import { canSeeTicket } from '../scope';
import { applyPlan, checkBaseRev, finishPatch, setField } from './patch';
import { clampTime, definedFields, enforce, reject } from './shared';

const PROBLEM_NOT_VISIBLE = 'The problem to link does not exist or is not visible to you.';

/** A linked problem must be a problem the viewer can see. */
async function checkProblem(b: BatchContext, problemId: string): Promise<void> {
  const problem = await b.visibleTicket(problemId);
  if (!problem) return reject(PROBLEM_NOT_VISIBLE);
  enforce(checkProblemLink(problem.record));
}

/** The problem a ticket is linked to: the batch reads it up front. */
export const ticketRefs = (op: TicketCreateOp | TicketPatchOp) => [['ticket', op.kind === 'create' ? op.data.problemId : op.fields.problemId]] as const;

export async function ticketCreate(b: BatchContext, op: TicketCreateOp): Promise<OpResult> {
  if (await b.ticket(op.id)) reject('A ticket with this id already exists.');
  const { viewer, info } = b;
  const at = clampTime(op.clientTime, info.nowIso);
  const data = { ...op.data };
  if (data.locationId && !data.siteId) {
    const loc = await b.location(data.locationId);
    if (loc) data.siteId = loc.siteId;
  }
  // A technician's ticket without group or site belongs to their site, so they keep seeing it.
  if (viewer.role === 'technician' && !data.groupId && !data.siteId) data.siteId = viewer.siteId;

  const config = await b.config();
  enforce(checkKindFields(data.kind, data));
  enforce(checkCatalogItem(config, data.catalogItemId));
  if (data.problemId) await checkProblem(b, data.problemId);
  if (data.kind === 'problem') enforce(checkKnownError(data));
  await b.checkReferences(data);
  await b.checkAssignee(data.assigneeId, data.groupId);
  if (!canSeeTicket(viewer, data)) reject('You can only create tickets for your own site or support groups.');

  const rev = await b.nextRev();
  const ticket: Ticket = {
    id: op.id,
    number: await b.nextNumber(data.kind),
    kind: data.kind,
    title: data.title,
    description: data.description,
    status: 'new',
    priority: data.priority ?? priorityFor(config.priorityMatrix, data.impact, data.urgency),
    impact: data.impact,
    urgency: data.urgency,
    category: data.category,
    subcategory: data.subcategory,
    requesterId: data.requesterId,
    assigneeId: data.assigneeId,
    groupId: data.groupId,
    siteId: data.siteId,
    locationId: data.locationId,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: at,
    updatedAt: info.nowIso,
    resolvedAt: null,
    closedAt: null,
    // A new ticket has not been responded to and was never on hold (statusEffects moves these later).
    respondedAt: null,
    slaHolds: [],
    catalogItemId: data.catalogItemId,
    problemId: data.problemId,
    rootCause: data.rootCause,
    workaround: data.workaround,
    knownError: data.knownError,
    rev,
  };
  b.putTicket({ record: ticket, ...createdFieldState(ticket, rev, info.clientId, TICKET_FIELD_POLICIES) });
  await b.addEvent(ticket.id, 'created', null, ticket.status, at);
  return { opId: op.opId, status: 'applied', rev, record: { ...ticket } };
}

/** A patch that keeps the status must not take away what that status needs (the lifecycle's own facts). */
function brokenInvariant(t: Ticket, changed: readonly string[]): string | null {
  if (changed.includes('status')) return null; // checked by checkTransition
  if (changed.includes('assigneeId') && !t.assigneeId && (t.status === 'assigned' || t.status === 'in_progress')) {
    return `A ticket that is "${STATUS_LABELS[t.status]}" must keep an assignee.`;
  }
  if (changed.includes('onHoldReason') && t.status === 'on_hold' && !t.onHoldReason?.trim()) return 'A ticket on hold must keep its reason.';
  if (changed.includes('resolutionNotes') && (t.status === 'resolved' || t.status === 'closed') && !t.resolutionNotes?.trim()) {
    return 'A resolved ticket must keep its resolution notes.';
  }
  return null;
}

export async function ticketPatch(b: BatchContext, op: TicketPatchOp): Promise<OpResult> {
  const state = await b.requireVisibleTicket(op.id);
  const current = state.record;
  checkBaseRev(op.baseRev, current, 'ticket');
  const config = await b.config();
  const at = clampTime(op.clientTime, b.info.nowIso);
  const fields = definedFields(op.fields);
  enforce(checkKindFields(current.kind, fields));

  const plan = planPatch(state, fields, op.baseRev, TICKET_FIELD_POLICIES, b.info.clientId);
  const { next, changed } = applyPlan(current, plan);
  const conflicts: FieldConflict[] = [...plan.conflicts];
  let reason: string | undefined;

  // Impact or urgency changed and no priority chosen with them: the matrix decides.
  if (fields.priority === undefined && (changed.includes('impact') || changed.includes('urgency'))) {
    setField(next, changed, 'priority', priorityFor(config.priorityMatrix, next.impact, next.urgency));
  }

  const transitionContext = (): TransitionContext => ({
    assigneeId: next.assigneeId,
    onHoldReason: next.onHoldReason,
    resolutionNotes: next.resolutionNotes,
    resolvedAt: current.resolvedAt,
    reopenPeriodDays: config.reopenPeriodDays,
    at,
  });
  if (next.status !== current.status) {
    // Only the client changed the status: the lifecycle must allow it, or the op is refused.
    enforce(checkTransition(current.status, next.status, transitionContext()));
  } else if (plan.lifecycle.status !== undefined && plan.lifecycle.status !== current.status) {
    // Both sides changed the status: the client's applies if the lifecycle allows it from the server's state.
    const check = checkTransition(current.status, plan.lifecycle.status, transitionContext());
    if (check.ok) setField(next, changed, 'status', plan.lifecycle.status);
    else {
      conflicts.unshift({ field: 'status', local: plan.lifecycle.status, server: current.status });
      reason = check.reason;
    }
  }
  if (next.status !== current.status) {
    for (const [field, value] of Object.entries(statusEffects(current, next.status, at))) setField(next, changed, field as keyof Ticket, value);
  }

  const broken = brokenInvariant(next, changed);
  if (broken) reject(broken);
  if (changed.includes('problemId') && next.problemId) await checkProblem(b, next.problemId);
  if (changed.includes('knownError') || changed.includes('workaround')) enforce(checkKnownError(next));
  await b.checkReferences({
    requesterId: changed.includes('requesterId') ? next.requesterId : null,
    groupId: changed.includes('groupId') ? next.groupId : null,
    locationId: changed.includes('locationId') ? next.locationId : null,
    siteId: changed.includes('locationId') ? next.siteId : null,
  });
  if (changed.includes('assigneeId') || changed.includes('groupId')) await b.checkAssignee(next.assigneeId, next.groupId);

  const answer = await finishPatch(b, op, 'ticket', state, { next, changed, conflicts, reason }, TICKET_FIELD_POLICIES, (s) => b.putTicket(s));
  if (changed.length > 0) await writeEvents(b, current, next, at);
  return answer;
}

/** The history lines of a written patch. */
async function writeEvents(b: BatchContext, before: Ticket, after: Ticket, at: string): Promise<void> {
  const events: [TicketEventType, string | null, string | null][] = [];
  if (before.status !== after.status) {
    const reopened = before.status === 'resolved' && after.status !== 'closed';
    events.push([reopened ? 'reopened' : 'status', before.status, after.status]);
  }
  if (before.assigneeId !== after.assigneeId) events.push(['assignee', before.assigneeId, after.assigneeId]);
  if (before.groupId !== after.groupId) events.push(['group', before.groupId, after.groupId]);
  if (before.priority !== after.priority) events.push(['priority', String(before.priority), String(after.priority)]);
  if (before.problemId !== after.problemId) events.push(['problem', before.problemId, after.problemId]);
  for (const [type, from, to] of events) await b.addEvent(after.id, type, from, to, at);
}
