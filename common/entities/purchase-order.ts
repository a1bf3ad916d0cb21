import { z } from 'zod';
import { IsoDateSchema } from '../assets/dates';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

export const PurchaseOrderSchema = z.object({
  id: IdSchema,
  /** PO-0042, given by the server (a provisional number on the device until then). */
  number: z.string().min(1).max(32),
  vendorId: IdSchema,
  /** Where the goods are delivered, and so whose technicians handle the order. */
  siteId: IdSchema,
  orderedOn: IsoDateSchema,
  expectedOn: IsoDateSchema.nullable(),
  /** The vendor's own number for the order (on their delivery note), if any. */
  reference: z.string().trim().max(100),
  notes: z.string().max(20_000),
  createdById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrderSchema>;

/** A new order (its lines are purchase_order_line creates that follow it in the same push). */
export const PurchaseOrderCreateDataSchema = z
  .object({
    vendorId: IdSchema,
    siteId: IdSchema,
    orderedOn: IsoDateSchema,
    expectedOn: IsoDateSchema.nullable().default(null),
    reference: z.string().trim().max(100).default(''),
    notes: z.string().max(20_000).default(''),
  })
  .strict();

/**
 * What an edit may change. Not the delivery site: assets already received there carry it, and
 * moving an order between sites would move it between technicians; a wrong site is a new order.
 */
const purchaseOrderPatch = patchOf(PurchaseOrderSchema, { vendorId: 'conflict', orderedOn: 'conflict', expectedOn: 'conflict', reference: 'conflict', notes: 'conflict' });

/**
 * A purchase order to a vendor, delivered at one site (issue 13 item 4). Technicians see and
 * receive their site's orders; desk staff and admins all. Numbered PO-0001… by the server.
 * Edits merge per field like tickets.
 */
export const purchaseOrder = defineEntity({
  name: 'purchase_order',
  schema: PurchaseOrderSchema,
  table: 'purchase_orders',
  scope: scope.atViewerSite('siteId'),
  replica: { table: 'purchaseOrders', indexes: ['number', 'vendorId', 'siteId', 'orderedOn'] },
  ops: { create: PurchaseOrderCreateDataSchema, patch: purchaseOrderPatch },
  numbering: { prefixes: { purchase_order: 'PO' } },
});
