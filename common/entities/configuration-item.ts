import { ConfigurationItemSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A configuration item of the CMDB, often an asset's. */
export const configurationItem = defineEntity({
  name: 'configuration_item',
  schema: ConfigurationItemSchema,
  table: 'configuration_items',
  scope: scope.atViewerSite('siteId'),
  replica: { table: 'configurationItems', indexes: ['assetId'] },
});
