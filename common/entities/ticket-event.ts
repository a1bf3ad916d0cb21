import { TicketEventSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** One line of a ticket's history, written by the server; follows its ticket. */
export const ticketEvent = defineEntity({
  name: 'ticket_event',
  schema: TicketEventSchema,
  table: 'ticket_events',
  scope: scope.childOf('ticket', 'ticketId'),
  columns: { from: 'from_value', to: 'to_value' },
  replica: { table: 'ticketEvents', indexes: ['ticketId'] },
});
