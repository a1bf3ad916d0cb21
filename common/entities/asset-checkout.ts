import { AssetCheckoutSchema } from '../assets/actions';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * Check-outs of assets to a person, a location or another asset (common/assets/actions.ts),
 * open until checked in, with the person's signature when they accepted it. Written only by
 * asset actions (asset_event ops), so it has no ops of its own. Seen by whoever sees the asset.
 */
export const assetCheckout = defineEntity({
  name: 'asset_checkout',
  schema: AssetCheckoutSchema,
  table: 'asset_checkouts',
  scope: scope.childOf('asset', 'assetId'),
  replica: { table: 'assetCheckouts', indexes: ['assetId', 'expectedReturnOn'] },
});
