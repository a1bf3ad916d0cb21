import { z } from 'zod';
import { AssetStateSchema, SubstateKeySchema } from '../assets/lifecycle';
import { AssetInventorySchema, AssetStatusSchema } from '../domain/entities';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { InventorySummarySchema } from '../inventory/summary';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * Registers or updates an asset (and its configuration item) from an inventory of the device,
 * made offline on the "This device" screen. The op's `id` is the asset's: an asset the
 * replica matched, or a new id for a new one. The server matches again with the same rules
 * (common/inventory/matching.ts); when it knows the device under another asset (an agent
 * reported it meanwhile), it updates that one and answers with it (the answer's record id then
 * differs from the op's id, and the client drops its provisional copy). `asset` is used only
 * when the asset is created: its tag is numbered by the server when null.
 */
export const AssetInventoryCreateDataSchema = z
  .object({
    configurationItemId: IdSchema,
    asset: z
      .object({
        name: z.string().trim().min(1, 'an asset needs a name').max(200),
        tag: z.string().trim().min(1).max(64).nullable(),
        type: z.string().trim().min(1).max(64),
        /** The state it is registered in. An app from before the lifecycle sends `status` instead (mapped by OLD_STATUS_TO_STATE). */
        state: AssetStateSchema.optional(),
        substate: SubstateKeySchema.nullable().optional(),
        status: AssetStatusSchema.optional(),
        siteId: IdSchema.nullable(),
        locationId: IdSchema.nullable(),
      })
      .strict(),
    deviceId: z.string().max(255).nullable(),
    scannedAt: TimestampSchema,
    summary: InventorySummarySchema,
  })
  .strict();

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
  /** Assets and CIs change only through an inventory: its create registers or updates both. */
  ops: { create: AssetInventoryCreateDataSchema },
});
