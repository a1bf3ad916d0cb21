import { TicketLinkSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A link from a ticket to an asset, a CI or an article; created and deleted, never edited; follows its ticket. */
export const ticketLink = defineEntity({
  name: 'ticket_link',
  schema: TicketLinkSchema,
  table: 'ticket_links',
  scope: scope.childOf('ticket', 'ticketId'),
  replica: { table: 'ticketLinks', indexes: ['ticketId', 'targetId'] },
});
