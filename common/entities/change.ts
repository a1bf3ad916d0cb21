import { ChangeRequestSchema } from '../domain/entities';
import { defineEntity } from './define';

/** A change request with its maintenance window. */
export const change = defineEntity({
  name: 'change',
  schema: ChangeRequestSchema,
  table: 'changes',
  replica: { table: 'changes', indexes: ['number', 'status', 'windowStart', 'windowEnd', 'siteId'] },
});
