import { AssetInventorySchema } from '../domain/entities';
import { defineEntity } from './define';

/**
 * An asset's latest inventory (hardware, OS, network, software summary): one per asset, its id
 * the asset's, so `assetId` is the `id` column again. The table also keeps the asset's site
 * (for scope), which is not part of the record.
 */
export const assetInventory = defineEntity({
  name: 'asset_inventory',
  schema: AssetInventorySchema,
  table: 'asset_inventories',
  columns: { assetId: 'id' },
  replica: { table: 'assetInventories', indexes: ['assetId'] },
});
