import { SiteSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A site (a building or campus): every signed-in user sees every site. */
export const site = defineEntity({
  name: 'site',
  schema: SiteSchema,
  table: 'sites',
  scope: scope.everyone(),
  replica: { table: 'sites', indexes: [] },
});
