/** A short human name for the record a sync notice is about ("INC-1042 status change"). */
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import type { FieldDeskDb } from '../../data/db';
import { ticketIdOf } from '../../data/apply';
import type { OpInput } from '@fielddesk/common/sync/protocol';

export async function describeRecord(db: FieldDeskDb, notice: { entity: string; recordId: string; op?: OpInput }): Promise<string> {
  const ticketId = notice.op ? ticketIdOf(notice.op) : notice.entity === 'ticket' ? notice.recordId : null;
  const ticket = ticketId ? await db.tickets.get(ticketId) : undefined;
  const name = ticket ? (ticket.number ?? provisionalNumber(ticket.kind, ticket.id)) : null;
  const what = notice.entity === 'worklog' ? 'worklog' : notice.entity === 'attachment' ? 'attachment' : notice.op?.kind === 'patch' && notice.op.entity === 'ticket' && notice.op.fields.status ? 'status change' : 'change';
  return name ? `${name} ${what}` : `A ${what}`;
}
