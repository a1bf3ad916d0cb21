import { ChangeRequestSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** Technicians get the change requests whose window touches the next this many days. */
export const CHANGE_HORIZON_DAYS = 90;

/** A change request with its maintenance window. */
export const change = defineEntity({
  name: 'change',
  schema: ChangeRequestSchema,
  table: 'changes',
  scope: scope.window('windowStart', 'windowEnd', CHANGE_HORIZON_DAYS),
  replica: { table: 'changes', indexes: ['number', 'status', 'windowStart', 'windowEnd', 'siteId'] },
});
