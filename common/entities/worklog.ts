import { WorklogSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** Time spent and what was done on a ticket, or a reply to its requester; follows its ticket. */
export const worklog = defineEntity({
  name: 'worklog',
  schema: WorklogSchema,
  table: 'worklogs',
  scope: scope.childOf('ticket', 'ticketId'),
  replica: { table: 'worklogs', indexes: ['ticketId', 'createdAt'] },
});
