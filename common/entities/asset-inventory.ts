import { AssetInventorySchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * An asset's latest inventory (hardware, OS, network, software summary): one per asset, its id
 * the asset's, so `assetId` is the `id` column again. The table also keeps the asset's site,
 * which is not part of the record: inventories are scoped by it, as their asset is.
 */
export const assetInventory = defineEntity({
  name: 'asset_inventory',
  schema: AssetInventorySchema,
  table: 'asset_inventories',
  columns: { assetId: 'id' },
  tableOnly: { siteId: 'site_id' },
  scope: scope.atViewerSite('siteId'),
  replica: { table: 'assetInventories', indexes: ['assetId'] },
});
