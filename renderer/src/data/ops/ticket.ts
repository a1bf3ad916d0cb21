/** How ticket ops (create, patch) change the local replica; derived fields follow the shared rules the server applies (statusEffects). */
import type { Ticket } from '@fielddesk/common/domain/entities';
import { priorityFor } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { statusEffects } from '@fielddesk/common/itsm/lifecycle';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

type TicketCreate = Extract<OpOf<'ticket'>, { kind: 'create' }>['data'];
type TicketPatch = Extract<OpOf<'ticket'>, { kind: 'patch' }>['fields'];

export const ticketOps: LocalOpApplier<OpOf<'ticket'>> = {
  ticketIdOf: (op) => op.id,
  apply: (record, op) =>
    op.kind === 'patch' ? patchTicket(record as Ticket | undefined, op.fields, op.clientTime) : (record ?? newTicket(op.id, op.data, op.clientTime)),
};

/** A ticket as its create op makes it (before the server numbers it). */
export function newTicket(id: string, data: TicketCreate, at: string): Ticket {
  const impact = data.impact ?? 2;
  const urgency = data.urgency ?? 2;
  return {
    id,
    number: null,
    kind: data.kind,
    title: data.title,
    description: data.description ?? '',
    status: 'new',
    // Repositories always send the priority they showed; the default matrix is the last resort.
    priority: data.priority ?? priorityFor(DEFAULT_ITSM_CONFIG.priorityMatrix, impact, urgency),
    impact,
    urgency,
    category: data.category ?? '',
    subcategory: data.subcategory ?? '',
    requesterId: data.requesterId ?? null,
    assigneeId: data.assigneeId ?? null,
    groupId: data.groupId ?? null,
    siteId: data.siteId ?? null,
    locationId: data.locationId ?? null,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    respondedAt: null,
    slaHolds: [],
    catalogItemId: data.catalogItemId ?? null,
    problemId: data.problemId ?? null,
    rootCause: data.rootCause ?? null,
    workaround: data.workaround ?? null,
    knownError: data.knownError ?? false,
    rev: 0,
  };
}

function patchTicket(ticket: Ticket | undefined, fields: TicketPatch, at: string): Ticket | undefined {
  if (!ticket) return undefined;
  const { status, ...rest } = fields;
  const next: Ticket = { ...ticket, ...rest, updatedAt: maxTime(ticket.updatedAt, at) };
  return status === undefined ? next : { ...next, ...statusEffects(ticket, status, at) };
}
