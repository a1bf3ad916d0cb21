import { z } from 'zod';
import { LinkTargetSchema, TicketLinkSchema } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

/** Links a ticket to an asset, a configuration item or a knowledge article (unlinking deletes it). */
export const TicketLinkCreateDataSchema = z.object({ ticketId: IdSchema, targetEntity: LinkTargetSchema, targetId: IdSchema }).strict();

/** A link from a ticket to an asset, a CI or an article; created and deleted, never edited; follows its ticket. */
export const ticketLink = defineEntity({
  name: 'ticket_link',
  schema: TicketLinkSchema,
  table: 'ticket_links',
  scope: scope.childOf('ticket', 'ticketId'),
  replica: { table: 'ticketLinks', indexes: ['ticketId', 'targetId'] },
  /** Unlinking: deleting a link that is already gone is no error (the result is the same). */
  ops: { create: TicketLinkCreateDataSchema, delete: true },
});
