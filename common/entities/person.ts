import { PersonSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A person (technician, agent, admin or requester); their groups are kept in person_groups. */
export const person = defineEntity({
  name: 'person',
  schema: PersonSchema,
  table: 'persons',
  scope: scope.everyone(),
  columns: { groupIds: null },
  replica: { table: 'persons', indexes: ['username'] },
});
