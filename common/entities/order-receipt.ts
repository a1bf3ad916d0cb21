import { z } from 'zod';
import { IsoDateSchema } from '../assets/dates';
import { MAX_LINE_QUANTITY } from '../assets/orders';
import { AssetKindSchema } from '../domain/entities';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

export const OrderReceiptSchema = z.object({
  id: IdSchema,
  /** The order of the line (kept for the scope: a receipt follows its order, see below). */
  orderId: IdSchema,
  /** The line received; one receipt per line. */
  lineId: IdSchema,
  /** The assets the receipt made, one per unit, their ids chosen by the app. */
  assetIds: z.array(IdSchema).max(MAX_LINE_QUANTITY),
  /** Where they were put (a location of the order's site), or null. */
  locationId: IdSchema.nullable(),
  receivedOn: IsoDateSchema,
  receivedById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type OrderReceipt = z.infer<typeof OrderReceiptSchema>;

/**
 * What the app shows of each new asset until the server answers (and rebuilds them from after
 * a reset of the replica, when it has only the op). The server ignores it: it makes the assets
 * from the order, the line and the model it holds.
 */
export const ReceivedAssetPreviewSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: AssetKindSchema,
    type: z.string().trim().min(1).max(64),
    modelId: IdSchema.nullable(),
    siteId: IdSchema,
    vendorId: IdSchema.nullable(),
    purchasedOn: IsoDateSchema.nullable(),
    costCents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
    warrantyEndsOn: IsoDateSchema.nullable(),
  })
  .strict();
export type ReceivedAssetPreview = z.infer<typeof ReceivedAssetPreviewSchema>;

/** Receiving a line: the ids of its new assets (any count here, so a wrong one is refused in words by common/assets/orders.ts checkReceipt). */
export const OrderReceiptCreateDataSchema = z
  .object({
    orderId: IdSchema,
    lineId: IdSchema,
    assetIds: z.array(IdSchema).max(MAX_LINE_QUANTITY + 1),
    locationId: IdSchema.nullable().default(null),
    receivedOn: IsoDateSchema,
    preview: ReceivedAssetPreviewSchema,
  })
  .strict();

/**
 * The receipt of one purchase order line: the line's assets were made in stock, at the order's
 * site, with the order's money. Created only; a second receipt of the same line is refused.
 *
 * Scope: child of the order (not of the line): pull's scope moves follow one level of parents
 * (server/src/sync/pull/moves.ts), so a child of a line would not leave with its order.
 */
export const orderReceipt = defineEntity({
  name: 'order_receipt',
  schema: OrderReceiptSchema,
  table: 'order_receipts',
  scope: scope.childOf('purchase_order', 'orderId'),
  replica: { table: 'orderReceipts', indexes: ['orderId', 'lineId'] },
  ops: { create: OrderReceiptCreateDataSchema },
});
