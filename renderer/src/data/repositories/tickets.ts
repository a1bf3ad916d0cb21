/**
 * Ticket intents: the only way the app changes tickets and worklogs. Each intent is ONE
 * Dexie transaction that checks the rule, writes the record (so screens show it at once)
 * and appends the op to the outbox (so the sync engine sends it). Nothing else writes.
 */
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { checkTransition, STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import {
  TicketCreateDataSchema,
  TicketPatchFieldsSchema,
  WorklogCreateDataSchema,
  describeZodError,
  type TicketPatchFields,
} from '@fielddesk/common/sync/protocol';
import { recordKey, type FieldDeskDb } from '../db';
import type { NewOp } from '../outbox';
import { serverBaseOf, writeLocal as writeRecord, type KnownShadow } from './write';

export interface RepositoryContext {
  db: FieldDeskDb;
  /** The signed-in user (author of worklogs). */
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

export interface TicketRepository {
  /** Creates a ticket on this device; it shows a provisional number until the server numbers it. */
  createTicket(data: NewTicket): Promise<IntentResult>;
  changeTicketStatus(ticketId: string, to: TicketStatus, details?: StatusDetails): Promise<IntentResult>;
  addWorklog(ticketId: string, body: string, minutes: number): Promise<IntentResult>;
}

function clean(text: string | null | undefined): string | null {
  const t = text?.trim();
  return t ? t : null;
}

export function createTicketRepository(ctx: RepositoryContext): TicketRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());

  const writeLocal = (ticketBefore: Ticket | undefined, op: NewOp, known?: KnownShadow) => writeRecord(db, ctx.userId, ticketBefore, op, known);

  return {
    async createTicket(data) {
      const parsed = TicketCreateDataSchema.safeParse(data);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return { ok: false, reason: first ? capitalise(`${first.path.join('.') || 'ticket'}: ${first.message}`) : describeZodError(parsed.error) };
      }
      return db.transaction('rw', [db.tickets, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const id = uuidv7();
        const entry = await writeLocal(undefined, { entity: 'ticket', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async changeTicketStatus(ticketId, to, details = {}) {
      return db.transaction('rw', [db.tickets, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const ticket = await db.tickets.get(ticketId);
        if (!ticket) return { ok: false, reason: 'This ticket is not on this device.' };
        if (ticket.status === to) return { ok: false, reason: `The ticket is already "${STATUS_LABELS[to]}".` };
        const onHoldReason = clean(details.onHoldReason);
        const resolutionNotes = clean(details.resolutionNotes);
        const check = checkTransition(ticket.status, to, { assigneeId: ticket.assigneeId, onHoldReason, resolutionNotes });
        if (!check.ok) return { ok: false, reason: check.reason };

        const fields: TicketPatchFields = { status: to };
        if (to === 'on_hold') fields.onHoldReason = onHoldReason;
        if (to === 'resolved') {
          fields.resolutionNotes = resolutionNotes;
          fields.resolutionCode = clean(details.resolutionCode);
        }
        const parsed = TicketPatchFieldsSchema.safeParse(fields);
        if (!parsed.success) return { ok: false, reason: `This change cannot be saved: ${describeZodError(parsed.error)}` };

        // baseRev: the rev this device last saw from the server (local writes never change rev).
        const { baseRev, known } = await serverBaseOf(db, recordKey('ticket', ticketId), ticket);
        const entry = await writeLocal(ticket, {
          entity: 'ticket',
          kind: 'patch',
          id: ticketId,
          baseRev,
          fields: parsed.data,
          clientTime: now().toISOString(),
        }, known);
        return { ok: true, id: ticketId, opId: entry.opId };
      });
    },

    async addWorklog(ticketId, body, minutes) {
      const parsed = WorklogCreateDataSchema.safeParse({ ticketId, body, minutes });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path[0] === 'minutes' ? 'Time spent must be a whole number of minutes between 0 and 1440.' : issue?.message;
        return { ok: false, reason: field ? capitalise(field) : describeZodError(parsed.error) };
      }
      return db.transaction('rw', [db.tickets, db.worklogs, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const ticket = await db.tickets.get(ticketId);
        if (!ticket) return { ok: false, reason: 'This ticket is not on this device.' };
        const id = uuidv7();
        const entry = await writeLocal(undefined, {
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

function capitalise(s: string): string {
  const text = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
