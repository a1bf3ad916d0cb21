import { ChangeEventSchema, ChangeMoveSchema } from '../changes/records';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * A change's history: every move to another state, by a person (sent as this record's creation,
 * checked by the server with common/changes/lifecycle.ts) or by the approval engine.
 */
export const changeEvent = defineEntity({
  name: 'change_event',
  schema: ChangeEventSchema,
  table: 'change_events',
  scope: scope.childOf('change', 'changeId'),
  replica: { table: 'changeEvents', indexes: ['changeId', 'at'] },
  ops: { create: ChangeMoveSchema },
});
