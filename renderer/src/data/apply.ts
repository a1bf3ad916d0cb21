/**
 * How an op changes a record, used in two places so they always agree:
 * - repositories, to show a local change at once;
 * - the sync engine, to rebase pending changes onto a newer server record.
 */
import type { AnyRecord, Attachment, EntityName, Ticket, Worklog } from '@fielddesk/common/domain/entities';
import type { OpInput } from '@fielddesk/common/sync/protocol';

export interface ApplyContext {
  /** The signed-in user: the author of worklogs made on this device. */
  userId: string;
}

/** The ticket an op is about (a ticket op, or a worklog/attachment of that ticket). */
export function ticketIdOf(op: OpInput): string {
  return op.entity === 'ticket' ? op.id : op.data.ticketId;
}

/** The record after `op`, or undefined when the op cannot apply (e.g. the record is gone). */
export function applyOp(record: AnyRecord | undefined, op: OpInput, ctx: ApplyContext): AnyRecord | undefined {
  if (op.entity === 'ticket' && op.kind === 'patch') {
    if (!record) return undefined;
    const ticket = record as Ticket;
    const next: Ticket = { ...ticket, ...op.fields, updatedAt: maxTime(ticket.updatedAt, op.clientTime) };
    if (op.fields.status === 'resolved' && ticket.status !== 'resolved') next.resolvedAt = op.clientTime;
    if (op.fields.status === 'closed' && ticket.status !== 'closed') next.closedAt = op.clientTime;
    return next;
  }
  if (op.entity === 'ticket' && op.kind === 'create') {
    // Creating is idempotent by id: if the server already has the record, it wins.
    if (record) return record;
    const t: Ticket = {
      id: op.id,
      number: null,
      status: 'new',
      onHoldReason: null,
      resolutionCode: null,
      resolutionNotes: null,
      createdAt: op.clientTime,
      updatedAt: op.clientTime,
      resolvedAt: null,
      closedAt: null,
      rev: 0,
      ...op.data,
    };
    return t;
  }
  if (op.entity === 'worklog' && op.kind === 'create') {
    if (record) return record;
    const w: Worklog = {
      id: op.id,
      ticketId: op.data.ticketId,
      authorId: ctx.userId,
      body: op.data.body,
      minutes: op.data.minutes,
      createdAt: op.clientTime,
      rev: 0,
    };
    return w;
  }
  if (op.entity === 'attachment' && op.kind === 'create') {
    if (record) return record;
    // The bytes are with the platform (desktop: main's upload queue); the server flips
    // `uploaded` once it holds them, and the next pull brings that.
    const a: Attachment = { id: op.id, ...op.data, authorId: ctx.userId, createdAt: op.clientTime, uploaded: false, rev: 0 };
    return a;
  }
  return record;
}

/** The server record with pending ops re-applied on top, in order. */
export function rebase(server: AnyRecord | null | undefined, ops: readonly OpInput[], ctx: ApplyContext): AnyRecord | undefined {
  return ops.reduce<AnyRecord | undefined>((record, op) => applyOp(record, op, ctx), server ?? undefined);
}

export function entityOf(op: OpInput): EntityName {
  return op.entity;
}

function maxTime(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
