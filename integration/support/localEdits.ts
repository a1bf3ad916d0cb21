/**
 * A local ticket edit for fields the repositories do not offer an intent for yet (title,
 * description) or that must bypass the local lifecycle check (a status the server should
 * refuse). It takes the repositories' own path: one Dexie transaction that keeps the
 * server copy in `shadows`, appends the op to the outbox and shows the change locally.
 */
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { TicketPatchFields } from '@fielddesk/common/sync/protocol';
import { applyOp } from '../../renderer/src/data/apply';
import { recordKey, type FieldDeskDb } from '../../renderer/src/data/db';
import { appendOp } from '../../renderer/src/data/outbox';

export async function patchTicketLocally(db: FieldDeskDb, userId: string, ticketId: string, fields: TicketPatchFields, now: Date): Promise<string | null> {
  return db.transaction('rw', [db.tickets, db.outbox, db.shadows], async () => {
    const ticket = await db.tickets.get(ticketId);
    if (!ticket) return null;
    const key = recordKey('ticket', ticketId);
    const shadow = await db.shadows.get(key);
    if (!shadow) await db.shadows.put({ key, record: ticket });
    const baseRev = shadow?.record ? shadow.record.rev : ticket.rev;
    const entry = await appendOp(db, { entity: 'ticket', kind: 'patch', id: ticketId, baseRev, fields, clientTime: now.toISOString() });
    const next = applyOp(ticket, entry.op, { userId }) as Ticket | undefined;
    if (next) await db.tickets.put(next);
    return entry.opId;
  });
}
