/**
 * Ticket intents: the only way the app changes tickets and worklogs. Each intent is ONE
 * Dexie transaction that checks the rule, writes the record (so screens show it at once)
 * and appends the op to the outbox (so the sync engine sends it). Nothing else writes.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { checkTransition, STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { TicketPatchFieldsSchema, WorklogCreateDataSchema, describeZodError, type TicketPatchFields } from '@fielddesk/common/sync/protocol';
import { applyOp } from '../apply';
import { recordKey, type FieldDeskDb } from '../db';
import { appendOp, type NewOp } from '../outbox';

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

export interface TicketRepository {
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

  /** Writes the locally changed record, keeping the server's copy in `shadows` the first time. */
  async function writeLocal(ticketBefore: Ticket | undefined, op: NewOp) {
    const key = recordKey(op.entity, op.id);
    if (!(await db.shadows.get(key))) await db.shadows.put({ key, record: ticketBefore ?? null });
    const entry = await appendOp(db, op);
    const next = applyOp(ticketBefore, entry.op, { userId: ctx.userId });
    if (next) await db.tableFor(op.entity).put(next);
    return entry;
  }

  return {
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
        const shadow = await db.shadows.get(recordKey('ticket', ticketId));
        const baseRev = shadow?.record ? shadow.record.rev : ticket.rev;
        const entry = await writeLocal(ticket, {
          entity: 'ticket',
          kind: 'patch',
          id: ticketId,
          baseRev,
          fields: parsed.data,
          clientTime: now().toISOString(),
        });
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
