import { z } from 'zod';
import { WorklogSchema, WorklogVisibilitySchema } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

export const WorklogCreateDataSchema = z
  .object({
    ticketId: IdSchema,
    body: z.string().trim().min(1, 'a worklog needs text').max(20_000),
    minutes: z.number().int().min(0).max(24 * 60),
    visibility: WorklogVisibilitySchema.default('internal'),
  })
  .strict();

/** Time spent and what was done on a ticket, or a reply to its requester; follows its ticket. */
export const worklog = defineEntity({
  name: 'worklog',
  schema: WorklogSchema,
  table: 'worklogs',
  scope: scope.childOf('ticket', 'ticketId'),
  replica: { table: 'worklogs', indexes: ['ticketId', 'createdAt'] },
  /** Append-only: created, never edited or deleted. */
  ops: { create: WorklogCreateDataSchema },
});
