import { LocationSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A room or area of a site: every signed-in user sees every location. */
export const location = defineEntity({
  name: 'location',
  schema: LocationSchema,
  table: 'locations',
  scope: scope.everyone(),
  replica: { table: 'locations', indexes: ['siteId'] },
});
