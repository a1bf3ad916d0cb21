import { ConfigurationItemSchema } from '../domain/entities';
import { defineEntity } from './define';

/** A configuration item of the CMDB, often an asset's. */
export const configurationItem = defineEntity({
  name: 'configuration_item',
  schema: ConfigurationItemSchema,
  table: 'configuration_items',
  replica: { table: 'configurationItems', indexes: ['assetId'] },
});
