import { GroupSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A support group: every signed-in user sees every group. */
export const group = defineEntity({
  name: 'group',
  schema: GroupSchema,
  table: 'groups',
  scope: scope.everyone(),
  replica: { table: 'groups', indexes: [] },
});
