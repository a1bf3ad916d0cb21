import { AssetActionSchema, AssetEventSchema } from '../assets/actions';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * An asset's history (common/assets/actions.ts): one event per action, never edited. A
 * technician's action syncs as the creation of its event (the op's data is the action); the
 * server also records events of its own (created, received, edited by an inventory). Seen by
 * whoever sees the asset.
 */
export const assetEvent = defineEntity({
  name: 'asset_event',
  schema: AssetEventSchema,
  table: 'asset_events',
  scope: scope.childOf('asset', 'assetId'),
  replica: { table: 'assetEvents', indexes: ['assetId', 'at'] },
  ops: { create: AssetActionSchema },
});
