/**
 * Applies one pushed op inside the batch's write transaction and says what happened:
 * applied (with the new rev and record), conflict (with the server's record and the
 * clashing fields) or rejected (with a reason a person can read).
 *
 * An op validates everything before it writes anything, so a rejected op leaves no trace.
 *
 * Ticket patches merge per field, three-way against the op's baseRev, using the rev at
 * which each field last changed on the server (tickets.field_revs):
 * - a field the server has not changed since baseRev takes the client's value;
 * - status always goes through the lifecycle (common/itsm/lifecycle.ts), checked from the
 *   server's current state with the merged record as context;
 * - any other field changed on both sides keeps the server's value and is reported as a
 *   conflict, while the op's other fields still apply. (Issue 3 refines these policies.)
 */
import type { Kysely } from 'kysely';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, checkTransition } from '@fielddesk/common/itsm/lifecycle';
import type { OpResult, TicketCreateOp, TicketPatchFields, TicketPatchOp, WorklogCreateOp } from '@fielddesk/common/sync/protocol';
import type { WriteTx } from '../db/database';
import { parseFieldRevs, ticketFromRow, ticketToRow, worklogFromRow } from '../db/records';
import type { Database } from '../db/types';
import { nextTicketNumber } from '../itsm/numbering';
import { canSeeTicket, findVisibleTicket, type Viewer } from './scope';

export const NOT_VISIBLE = 'Ticket not found or not visible to you.';

class Rejection extends Error {}
const reject = (reason: string): never => {
  throw new Rejection(reason);
};

/** The client's clock for "when it happened", but never later than the server's now. */
function clampTime(clientTime: string, nowIso: string): string {
  const t = Date.parse(clientTime);
  return Number.isFinite(t) && t <= Date.parse(nowIso) ? new Date(t).toISOString() : nowIso;
}

interface References {
  requesterId?: string | null;
  assigneeId?: string | null;
  groupId?: string | null;
  siteId?: string | null;
  locationId?: string | null;
}

/** Rejects references to people, groups, sites or locations that do not exist or do not fit. */
async function checkReferences(db: Kysely<Database>, refs: References): Promise<void> {
  if (refs.requesterId) {
    const p = await db.selectFrom('persons').select('id').where('id', '=', refs.requesterId).executeTakeFirst();
    if (!p) reject('The requester does not exist.');
  }
  if (refs.assigneeId) {
    const p = await db.selectFrom('persons').select('role').where('id', '=', refs.assigneeId).executeTakeFirst();
    if (!p) reject('The assignee does not exist.');
    else if (p.role === 'requester') reject('A ticket can only be assigned to a technician, agent or admin, not to a requester.');
  }
  if (refs.groupId) {
    const g = await db.selectFrom('groups').select('id').where('id', '=', refs.groupId).executeTakeFirst();
    if (!g) reject('The support group does not exist.');
  }
  if (refs.siteId) {
    const s = await db.selectFrom('sites').select('id').where('id', '=', refs.siteId).executeTakeFirst();
    if (!s) reject('The site does not exist.');
  }
  if (refs.locationId) {
    const l = await db.selectFrom('locations').select('site_id').where('id', '=', refs.locationId).executeTakeFirst();
    if (!l) reject('The location does not exist.');
    else if (refs.siteId && l.site_id !== refs.siteId) reject("The location is not at the ticket's site.");
  }
}

async function applyTicketCreate(tx: WriteTx, viewer: Viewer, op: TicketCreateOp, nowIso: string): Promise<OpResult> {
  const { db } = tx;
  const exists = await db.selectFrom('tickets').select('id').where('id', '=', op.id).executeTakeFirst();
  if (exists) reject('A ticket with this id already exists.');

  const data = { ...op.data };
  if (data.locationId && !data.siteId) {
    const loc = await db.selectFrom('locations').select('site_id').where('id', '=', data.locationId).executeTakeFirst();
    if (loc) data.siteId = loc.site_id;
  }
  // A technician's ticket without group or site belongs to their site, so they keep seeing it.
  if (viewer.role === 'technician' && !data.groupId && !data.siteId) data.siteId = viewer.siteId;
  await checkReferences(db, data);
  if (!canSeeTicket(viewer, data)) reject('You can only create tickets for your own site or support groups.');

  const rev = await tx.nextRev();
  const ticket: Ticket = {
    id: op.id,
    number: await nextTicketNumber(db, data.kind),
    kind: data.kind,
    title: data.title,
    description: data.description,
    status: 'new',
    priority: data.priority,
    category: data.category,
    requesterId: data.requesterId,
    assigneeId: data.assigneeId,
    groupId: data.groupId,
    siteId: data.siteId,
    locationId: data.locationId,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: clampTime(op.clientTime, nowIso),
    updatedAt: nowIso,
    resolvedAt: null,
    closedAt: null,
    rev,
  };
  const fieldRevs = Object.fromEntries(Object.keys(ticket).filter((k) => k !== 'id' && k !== 'rev').map((k) => [k, rev]));
  await db
    .insertInto('tickets')
    .values({ ...ticketToRow(ticket), field_revs: JSON.stringify(fieldRevs) })
    .execute();
  return { opId: op.opId, status: 'applied', rev, record: ticket };
}

type PatchField = keyof TicketPatchFields;

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

async function applyTicketPatch(tx: WriteTx, viewer: Viewer, op: TicketPatchOp, nowIso: string): Promise<OpResult> {
  const { db } = tx;
  const row = await findVisibleTicket(db, viewer, op.id);
  if (!row) return reject(NOT_VISIBLE);
  const current = ticketFromRow(row);
  if (op.baseRev > current.rev) {
    reject(`This change is based on version ${op.baseRev} of the ticket, but the server's latest is version ${current.rev}. Pull again, then retry.`);
  }
  const fieldRevs = parseFieldRevs(row.field_revs);
  const next: Ticket = { ...current };
  const mutable = next as unknown as Record<PatchField, unknown>;
  const changed: string[] = [];
  const clashes: string[] = [];

  for (const [field, value] of Object.entries(op.fields) as [PatchField, unknown][]) {
    if (value === undefined || current[field] === value) continue;
    const changedOnServer = (fieldRevs[field] ?? 0) > op.baseRev;
    if (field !== 'status' && changedOnServer) {
      clashes.push(field);
      continue;
    }
    mutable[field] = value;
    changed.push(field);
  }

  if (next.status !== current.status) {
    const check = checkTransition(current.status, next.status, {
      assigneeId: next.assigneeId,
      onHoldReason: next.onHoldReason,
      resolutionNotes: next.resolutionNotes,
    });
    if (!check.ok) reject(check.reason);
    const when = clampTime(op.clientTime, nowIso);
    if (next.status === 'resolved') {
      next.resolvedAt = when;
      changed.push('resolvedAt');
    }
    if (next.status === 'closed') {
      next.closedAt = when;
      changed.push('closedAt');
    }
    if (current.status === 'resolved' && next.status !== 'closed') {
      next.resolvedAt = null;
      changed.push('resolvedAt');
    }
  }
  const broken = brokenInvariant(next, changed);
  if (broken) reject(broken);
  await checkReferences(db, {
    assigneeId: changed.includes('assigneeId') ? next.assigneeId : null,
    groupId: changed.includes('groupId') ? next.groupId : null,
    locationId: changed.includes('locationId') ? next.locationId : null,
    siteId: changed.includes('locationId') ? next.siteId : null,
  });

  if (changed.length > 0) {
    const rev = await tx.nextRev();
    next.rev = rev;
    next.updatedAt = nowIso;
    for (const field of [...changed, 'updatedAt']) fieldRevs[field] = rev;
    const { id: _id, ...columns } = ticketToRow(next);
    await db
      .updateTable('tickets')
      .set({ ...columns, field_revs: JSON.stringify(fieldRevs) })
      .where('id', '=', next.id)
      .execute();
  }
  if (clashes.length > 0) return { opId: op.opId, status: 'conflict', fields: clashes, server: next };
  return { opId: op.opId, status: 'applied', rev: next.rev, record: next };
}

async function applyWorklogCreate(tx: WriteTx, viewer: Viewer, op: WorklogCreateOp, nowIso: string): Promise<OpResult> {
  const { db } = tx;
  const ticket = await findVisibleTicket(db, viewer, op.data.ticketId);
  if (!ticket) reject(NOT_VISIBLE);
  const exists = await db.selectFrom('worklogs').select('id').where('id', '=', op.id).executeTakeFirst();
  if (exists) reject('A worklog with this id already exists.');
  const rev = await tx.nextRev();
  const row = {
    id: op.id,
    ticket_id: op.data.ticketId,
    author_id: viewer.id,
    body: op.data.body,
    minutes: op.data.minutes,
    created_at: clampTime(op.clientTime, nowIso),
    rev,
  };
  await db.insertInto('worklogs').values(row).execute();
  return { opId: op.opId, status: 'applied', rev, record: worklogFromRow(row) };
}

export type ApplicableOp = TicketCreateOp | TicketPatchOp | WorklogCreateOp;

export async function applyOp(tx: WriteTx, viewer: Viewer, op: ApplicableOp, nowIso: string): Promise<OpResult> {
  try {
    if (op.entity === 'ticket') {
      return op.kind === 'create' ? await applyTicketCreate(tx, viewer, op, nowIso) : await applyTicketPatch(tx, viewer, op, nowIso);
    }
    return await applyWorklogCreate(tx, viewer, op, nowIso);
  } catch (error) {
    if (error instanceof Rejection) return { opId: op.opId, status: 'rejected', reason: error.message };
    throw error;
  }
}
