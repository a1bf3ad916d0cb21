import { z } from 'zod';
import { TagPatternSchema } from '../assets/tags';
import { IdSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

/** Any whole number: a quantity of 0 or 501 or a negative cost reaches the order rules (common/assets/orders.ts), which say in words what is wrong. */
const anyWhole = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const PurchaseOrderLineSchema = z.object({
  id: IdSchema,
  orderId: IdSchema,
  /** The asset model ordered; its assets take its kind, type, name and warranty. Null: described only. */
  modelId: IdSchema.nullable(),
  description: z.string().trim().min(1).max(300),
  quantity: z.number().int().min(1).max(500),
  unitCostCents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** How the received assets are tagged ("LAP-{####}"); null: the server's own numbering (FD-…). */
  tagPattern: TagPatternSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLineSchema>;

export const PurchaseOrderLineCreateDataSchema = z
  .object({
    orderId: IdSchema,
    modelId: IdSchema.nullable().default(null),
    description: z.string().trim().min(1, 'a line needs a description').max(300),
    quantity: anyWhole,
    unitCostCents: anyWhole.default(0),
    tagPattern: TagPatternSchema.nullable().default(null),
  })
  .strict();

const linePatch = patchOf(
  PurchaseOrderLineSchema,
  { modelId: 'conflict', description: 'conflict', quantity: 'conflict', unitCostCents: 'conflict', tagPattern: 'conflict' },
  { quantity: anyWhole, unitCostCents: anyWhole },
);

/**
 * One line of a purchase order: so many units of a model (or of something described) at a unit
 * cost, tagged from a pattern when received. Follows its order's scope. Edited and removed only
 * until it is received (common/assets/orders.ts checkLineChangeable).
 */
export const purchaseOrderLine = defineEntity({
  name: 'purchase_order_line',
  schema: PurchaseOrderLineSchema,
  table: 'purchase_order_lines',
  scope: scope.childOf('purchase_order', 'orderId'),
  replica: { table: 'purchaseOrderLines', indexes: ['orderId', 'modelId'] },
  ops: { create: PurchaseOrderLineCreateDataSchema, patch: linePatch, delete: true },
});
