/**
 * Ticket intents: the only way the app changes tickets and worklogs. Each intent is ONE
 * Dexie transaction that checks the rule (the same functions of common/itsm the server
 * applies on push), writes the record (so screens show it at once) and appends the op to the
 * outbox (so the sync engine sends it). Nothing else writes.
 */
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Priority, Ticket, WorklogVisibility } from '@fielddesk/common/domain/entities';
import { priorityFor } from '@fielddesk/common/itsm/config';
import { checkTransition, STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import {
  TicketCreateDataSchema,
  TicketPatchFieldsSchema,
  WorklogCreateDataSchema,
  describeZodError,
  type TicketPatchFields,
} from '@fielddesk/common/sync/protocol';
import { recordKey, type FieldDeskDb } from '../db';
import { newTicket } from '../apply';
import { readItsmConfig } from '../itsmConfig';
import { ticketNumber } from '../display';
import { serverBaseOf, writeLocal as writeRecord } from './write';
import { checkTicketFields, firstIssue, sentence, type Refusal } from './rules';

export interface RepositoryContext {
  db: FieldDeskDb;
  /** The signed-in user (author of worklogs, tasks, links and articles). */
  userId: string;
  now?: () => Date;
}

export type IntentResult = { ok: true; id: string; opId: string } | { ok: false; reason: string };

export interface StatusDetails {
  onHoldReason?: string | null;
  resolutionNotes?: string | null;
  resolutionCode?: string | null;
}

/** What a technician fills in to raise a ticket; the server fills in the rest (and the number). */
export type NewTicket = z.input<typeof TicketCreateDataSchema>;

/** One change applied to many tickets at once (the queue's bulk actions). */
export type BulkChange = { assigneeId: string | null } | { status: TicketStatus; details?: StatusDetails } | { priority: Priority };

export interface BulkResult {
  /** Tickets changed (one op each). */
  applied: string[];
  /** Tickets that already were as asked. */
  unchanged: string[];
  /** Tickets the rules refused, with the reason in words. */
  refused: { ticketId: string; number: string; reason: string }[];
}

export interface TicketRepository {
  /**
   * Creates a ticket on this device; it shows a provisional number until the server numbers
   * it. A service request of a catalog item gets the item's fulfilment tasks with it.
   */
  createTicket(data: NewTicket): Promise<IntentResult>;
  /**
   * Changes fields other than the status. Assigning a new ticket also makes it "Assigned";
   * a change of impact or urgency without a priority takes the matrix's priority.
   */
  updateTicket(ticketId: string, fields: TicketPatchFields): Promise<IntentResult>;
  changeTicketStatus(ticketId: string, to: TicketStatus, details?: StatusDetails): Promise<IntentResult>;
  /** Applies one change to many tickets in ONE transaction; each ticket is checked on its own. */
  bulkUpdate(ticketIds: readonly string[], change: BulkChange): Promise<BulkResult>;
  addWorklog(ticketId: string, body: string, minutes: number, visibility?: WorklogVisibility): Promise<IntentResult>;
}

function clean(text: string | null | undefined): string | null {
  const t = text?.trim();
  return t ? t : null;
}

const NOT_HERE = 'This ticket is not on this device.';

export function createTicketRepository(ctx: RepositoryContext): TicketRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());
  const ticketTables = () => [db.tickets, db.tasks, db.outbox, db.shadows, db.persons, db.groups, db.itsmConfig];

  /** The patch a status change makes, or why it is refused. Runs inside the caller's transaction. */
  async function statusPatch(ticket: Ticket, to: TicketStatus, details: StatusDetails, at: string): Promise<TicketPatchFields | Refusal> {
    if (ticket.status === to) return { reason: `The ticket is already "${STATUS_LABELS[to]}".` };
    const config = await readItsmConfig(db);
    const onHoldReason = clean(details.onHoldReason);
    const resolutionNotes = clean(details.resolutionNotes);
    const check = checkTransition(ticket.status, to, {
      assigneeId: ticket.assigneeId,
      onHoldReason,
      resolutionNotes,
      resolvedAt: ticket.resolvedAt,
      reopenPeriodDays: config.reopenPeriodDays,
      at,
    });
    if (!check.ok) return { reason: check.reason };
    const fields: TicketPatchFields = { status: to };
    if (to === 'on_hold') fields.onHoldReason = onHoldReason;
    if (to === 'resolved') {
      fields.resolutionNotes = resolutionNotes;
      fields.resolutionCode = clean(details.resolutionCode);
    }
    return fields;
  }

  /** The patch a field change makes (only what differs), or why it is refused. */
  async function fieldsPatch(ticket: Ticket, requested: TicketPatchFields): Promise<TicketPatchFields | Refusal> {
    if (requested.status !== undefined) return { reason: 'Change the status with the status control, so its rules apply.' };
    const parsed = TicketPatchFieldsSchema.safeParse(requested);
    if (!parsed.success) return { reason: firstIssue(parsed.error, 'ticket') };
    const fields: TicketPatchFields = { ...parsed.data };
    if ((fields.impact !== undefined || fields.urgency !== undefined) && fields.priority === undefined) {
      const config = await readItsmConfig(db);
      fields.priority = priorityFor(config.priorityMatrix, fields.impact ?? ticket.impact, fields.urgency ?? ticket.urgency);
    }
    const changed = Object.fromEntries(
      Object.entries(fields).filter(([k, v]) => JSON.stringify(ticket[k as keyof Ticket] ?? null) !== JSON.stringify(v ?? null)),
    ) as TicketPatchFields;
    if (Object.keys(changed).length === 0) return changed;
    const next = { ...ticket, ...changed };
    const refused = await checkTicketFields(db, next, Object.keys(changed));
    if (refused) return refused;
    // Assigning a new ticket makes it "Assigned" (the status change goes in the same op).
    if (changed.assigneeId && ticket.status === 'new') changed.status = 'assigned';
    if (changed.assigneeId === null && (ticket.status === 'assigned' || ticket.status === 'in_progress')) {
      return { reason: `A ticket that is "${STATUS_LABELS[ticket.status]}" must keep an assignee. Put it back to "New" first.` };
    }
    return changed;
  }

  /** Writes one patch of a ticket (record + outbox op), inside the caller's transaction. */
  async function writePatch(ticket: Ticket, fields: TicketPatchFields, at: string): Promise<IntentResult> {
    const parsed = TicketPatchFieldsSchema.safeParse(fields);
    if (!parsed.success) return { ok: false, reason: `This change cannot be saved: ${describeZodError(parsed.error)}` };
    // baseRev: the rev this device last saw from the server (local writes never change rev).
    const { baseRev, known } = await serverBaseOf(db, recordKey('ticket', ticket.id), ticket);
    const entry = await writeRecord(db, ctx.userId, ticket, { entity: 'ticket', kind: 'patch', id: ticket.id, baseRev, fields: parsed.data, clientTime: at }, known);
    return { ok: true, id: ticket.id, opId: entry.opId };
  }

  return {
    async createTicket(data) {
      const parsed = TicketCreateDataSchema.safeParse(data);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'ticket') };
      return db.transaction('rw', ticketTables(), async (): Promise<IntentResult> => {
        const config = await readItsmConfig(db);
        const fields = { ...parsed.data };
        // The priority the technician saw: the matrix's, unless they chose one.
        fields.priority ??= priorityFor(config.priorityMatrix, fields.impact, fields.urgency);
        const at = now().toISOString();
        const id = uuidv7();
        const draft = newTicket(id, fields, at);
        const refused = await checkTicketFields(db, draft, Object.keys(fields), config);
        if (refused) return { ok: false, reason: refused.reason };
        const entry = await writeRecord(db, ctx.userId, undefined, { entity: 'ticket', kind: 'create', id, data: fields, clientTime: at });
        const item = fields.kind === 'service_request' && fields.catalogItemId ? config.catalog.find((c) => c.id === fields.catalogItemId) : undefined;
        for (const title of item?.tasks ?? []) {
          await writeRecord(db, ctx.userId, undefined, {
            entity: 'task',
            kind: 'create',
            id: uuidv7(),
            data: { ticketId: id, title, description: '', assigneeId: null, groupId: fields.groupId, siteId: fields.siteId, dueAt: null },
            clientTime: at,
          });
        }
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateTicket(ticketId, requested) {
      return db.transaction('rw', ticketTables(), async (): Promise<IntentResult> => {
        const ticket = await db.tickets.get(ticketId);
        if (!ticket) return { ok: false, reason: NOT_HERE };
        const fields = await fieldsPatch(ticket, requested);
        if ('reason' in fields) return { ok: false, reason: String(fields.reason) };
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        return writePatch(ticket, fields, now().toISOString());
      });
    },

    async changeTicketStatus(ticketId, to, details = {}) {
      return db.transaction('rw', ticketTables(), async (): Promise<IntentResult> => {
        const ticket = await db.tickets.get(ticketId);
        if (!ticket) return { ok: false, reason: NOT_HERE };
        const at = now().toISOString();
        const fields = await statusPatch(ticket, to, details, at);
        if ('reason' in fields) return { ok: false, reason: String(fields.reason) };
        return writePatch(ticket, fields, at);
      });
    },

    async bulkUpdate(ticketIds, change) {
      const result: BulkResult = { applied: [], unchanged: [], refused: [] };
      await db.transaction('rw', ticketTables(), async () => {
        const at = now().toISOString();
        const tickets = await db.tickets.bulkGet([...ticketIds]);
        for (const [i, ticket] of tickets.entries()) {
          const ticketId = ticketIds[i]!;
          if (!ticket) {
            result.refused.push({ ticketId, number: ticketId, reason: NOT_HERE });
            continue;
          }
          const fields =
            'status' in change
              ? ticket.status === change.status
                ? {}
                : await statusPatch(ticket, change.status, change.details ?? {}, at)
              : await fieldsPatch(ticket, change);
          if ('reason' in fields) {
            result.refused.push({ ticketId, number: ticketNumber(ticket), reason: String(fields.reason) });
            continue;
          }
          if (Object.keys(fields).length === 0) {
            result.unchanged.push(ticketId);
            continue;
          }
          const written = await writePatch(ticket, fields, at);
          if (written.ok) result.applied.push(ticketId);
          else result.refused.push({ ticketId, number: ticketNumber(ticket), reason: written.reason });
        }
      });
      return result;
    },

    async addWorklog(ticketId, body, minutes, visibility = 'internal') {
      const parsed = WorklogCreateDataSchema.safeParse({ ticketId, body, minutes, visibility });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        if (issue?.path[0] === 'minutes') return { ok: false, reason: 'Time spent must be a whole number of minutes between 0 and 1440.' };
        return { ok: false, reason: issue ? sentence(issue.message) : firstIssue(parsed.error, 'worklog') };
      }
      return db.transaction('rw', [db.tickets, db.worklogs, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const ticket = await db.tickets.get(ticketId);
        if (!ticket) return { ok: false, reason: NOT_HERE };
        const id = uuidv7();
        const entry = await writeRecord(db, ctx.userId, undefined, {
          entity: 'worklog',
          kind: 'create',
          id,
          data: { ...parsed.data, body: parsed.data.body.trim() },
          clientTime: now().toISOString(),
        });
        return { ok: true, id, opId: entry.opId };
      });
    },
  };
}

