/**
 * Purchase orders on this device: a new order with its lines, edits of an order and of a line
 * not yet received, removing such a line, and receiving a line. Each intent is ONE Dexie
 * transaction: the ops in the outbox and the records as they leave them. The order rules the
 * server runs (common/assets/orders.ts) run first over the replica and refuse in its words.
 *
 * Receiving chooses the new assets' ids here (uuid v7), so the receipt's assets show at once,
 * offline, with provisional tags (the applier in ../ops/purchase-order.ts, from the same fields
 * the server will compute: receivedAssetFields); the server keeps the ids and gives the tags.
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionUser } from '@fielddesk/common/api/http';
import { checkLineChangeable, checkOrderActor, checkOrderDates, checkOrderLine, checkReceipt, receivedAssetFields, type ReceiptFacts } from '@fielddesk/common/assets/orders';
import { OrderReceiptCreateDataSchema, type OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import { PurchaseOrderCreateDataSchema, type PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import { PurchaseOrderLineCreateDataSchema, type PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { entities } from '@fielddesk/common/entities/registry';
import { recordKey, type FieldDeskDb } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal, writeRelated } from './write';

export type NewOrder = z.input<typeof PurchaseOrderCreateDataSchema>;
export type NewLine = Omit<z.input<typeof PurchaseOrderLineCreateDataSchema>, 'orderId'>;
export type OrderFields = z.input<typeof entities.purchase_order.ops.patch.fields>;
export type LineFields = z.input<typeof entities.purchase_order_line.ops.patch.fields>;

/** The replica's purchase order tables, typed (db.ts reaches every entity table by name). */
export function orderTables(db: FieldDeskDb): {
  orders: Table<PurchaseOrder, string>;
  lines: Table<PurchaseOrderLine, string>;
  receipts: Table<OrderReceipt, string>;
  vendors: Table<Vendor, string>;
} {
  return {
    orders: db.tableFor('purchase_order') as unknown as Table<PurchaseOrder, string>,
    lines: db.tableFor('purchase_order_line') as unknown as Table<PurchaseOrderLine, string>,
    receipts: db.tableFor('order_receipt') as unknown as Table<OrderReceipt, string>,
    vendors: db.tableFor('vendor') as unknown as Table<Vendor, string>,
  };
}

export interface ReceiveInput {
  lineId: string;
  locationId: string | null;
  receivedOn: string;
}

export interface PurchaseOrderRepository {
  /** A new order and its lines (at least one), in one transaction. */
  createOrder(order: NewOrder, lines: readonly NewLine[]): Promise<IntentResult>;
  updateOrder(orderId: string, fields: OrderFields): Promise<IntentResult>;
  addLine(orderId: string, line: NewLine): Promise<IntentResult>;
  /** Edits a line not yet received; only the fields that changed are sent. */
  updateLine(lineId: string, fields: LineFields): Promise<IntentResult>;
  removeLine(lineId: string): Promise<IntentResult>;
  /** Receives a line: its assets made in stock at once; `id` is the receipt's, `assetIds` the new assets'. */
  receive(input: ReceiveInput): Promise<(IntentResult & { ok: false }) | { ok: true; id: string; opId: string; assetIds: string[] }>;
}

export function createPurchaseOrderRepository(ctx: RepositoryContext & { user: Pick<SessionUser, 'role' | 'siteId'> }): PurchaseOrderRepository {
  const { db, user } = ctx;
  const now = ctx.now ?? (() => new Date());
  const { orders, lines, receipts, vendors } = orderTables(db);
  const tables = [orders, lines, receipts, vendors, db.assets, db.assetModels, db.persons, db.locations, db.outbox, db.shadows];

  /** The receipt of a line on this device, as the refusal words show it. */
  async function receiptOf(lineId: string): Promise<ReceiptFacts | null> {
    const receipt = await receipts.where('lineId').equals(lineId).first();
    if (!receipt) return null;
    const by = receipt.receivedById ? await db.persons.get(receipt.receivedById) : undefined;
    return { receivedOn: receipt.receivedOn, receivedBy: by?.displayName ?? 'someone' };
  }

  async function checkLine(line: { quantity: number; unitCostCents: number; modelId: string | null }): Promise<IntentResult | null> {
    const verdict = checkOrderLine(line);
    if (!verdict.ok) return verdict;
    if (line.modelId && !(await db.assetModels.get(line.modelId))) return { ok: false, reason: 'The asset model does not exist.' };
    return null;
  }

  /** The order, if it is here and this user may act on it. */
  async function actionable(orderId: string): Promise<PurchaseOrder | IntentResult> {
    const order = await orders.get(orderId);
    if (!order) return { ok: false, reason: 'Purchase order not found or not visible to you.' };
    const who = checkOrderActor(user, order.siteId);
    return who.ok ? order : who;
  }
  const refused = (x: PurchaseOrder | IntentResult): x is IntentResult => 'ok' in x;

  async function writeLine(orderId: string, input: NewLine): Promise<IntentResult> {
    const parsed = PurchaseOrderLineCreateDataSchema.safeParse({ ...input, orderId });
    if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'order line') };
    const bad = await checkLine(parsed.data);
    if (bad) return bad;
    const id = uuidv7();
    const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'purchase_order_line', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
    return { ok: true, id, opId: entry.opId };
  }

  /** A line this user may change now (here, their order, not received). */
  async function changeableLine(lineId: string, change: 'edit' | 'delete'): Promise<PurchaseOrderLine | IntentResult> {
    const line = await lines.get(lineId);
    if (!line) return { ok: false, reason: 'Purchase order line not found or not visible to you.' };
    const order = await actionable(line.orderId);
    if (refused(order)) return order;
    const verdict = checkLineChangeable(await receiptOf(lineId), change);
    return verdict.ok ? line : verdict;
  }

  return {
    async createOrder(input, newLines) {
      const parsed = PurchaseOrderCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'purchase order') };
      const who = checkOrderActor(user, parsed.data.siteId);
      if (!who.ok) return who;
      const dates = checkOrderDates(parsed.data);
      if (!dates.ok) return dates;
      if (newLines.length === 0) return { ok: false, reason: 'An order needs at least one line.' };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        if (!(await vendors.get(parsed.data.vendorId))) return { ok: false, reason: 'The vendor of this order does not exist.' };
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'purchase_order', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        for (const [i, line] of newLines.entries()) {
          const written = await writeLine(id, line);
          // Nothing of the order is kept when one of its lines is refused.
          if (!written.ok) throw new LineRefused(newLines.length > 1 ? `Line ${i + 1}: ${written.reason}` : written.reason);
        }
        return { ok: true, id, opId: entry.opId };
      }).catch((e: unknown) => {
        if (e instanceof LineRefused) return { ok: false as const, reason: e.message };
        throw e;
      });
    },

    async updateOrder(orderId, requested) {
      const parsed = entities.purchase_order.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'purchase order') };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const order = await actionable(orderId);
        if (refused(order)) return order;
        const fields = Object.fromEntries(Object.entries(parsed.data).filter(([k, v]) => JSON.stringify(order[k as keyof PurchaseOrder]) !== JSON.stringify(v)));
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const dates = checkOrderDates({ ...order, ...fields });
        if (!dates.ok) return dates;
        if (fields.vendorId && !(await vendors.get(fields.vendorId as string))) return { ok: false, reason: 'The vendor of this order does not exist.' };
        const { baseRev, known } = await serverBaseOf(db, recordKey('purchase_order', orderId), order);
        const entry = await writeLocal(db, ctx.userId, order, { entity: 'purchase_order', kind: 'patch', id: orderId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: orderId, opId: entry.opId };
      });
    },

    async addLine(orderId, line) {
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const order = await actionable(orderId);
        if (refused(order)) return order;
        return writeLine(orderId, line);
      });
    },

    async updateLine(lineId, requested) {
      const parsed = entities.purchase_order_line.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'order line') };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const line = await changeableLine(lineId, 'edit');
        if ('ok' in line) return line;
        const fields = Object.fromEntries(Object.entries(parsed.data).filter(([k, v]) => JSON.stringify(line[k as keyof PurchaseOrderLine]) !== JSON.stringify(v)));
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const bad = await checkLine({ ...line, ...fields });
        if (bad) return bad;
        const { baseRev, known } = await serverBaseOf(db, recordKey('purchase_order_line', lineId), line);
        const entry = await writeLocal(db, ctx.userId, line, { entity: 'purchase_order_line', kind: 'patch', id: lineId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: lineId, opId: entry.opId };
      });
    },

    async removeLine(lineId) {
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const line = await changeableLine(lineId, 'delete');
        if ('ok' in line) return line;
        const entry = await writeLocal(db, ctx.userId, line, { entity: 'purchase_order_line', kind: 'delete', id: lineId, clientTime: now().toISOString() });
        return { ok: true, id: lineId, opId: entry.opId };
      });
    },

    async receive(input) {
      return db.transaction('rw', tables, async () => {
        const line = await lines.get(input.lineId);
        if (!line) return { ok: false as const, reason: 'Purchase order line not found or not visible to you.' };
        const order = await actionable(line.orderId);
        if (refused(order)) return order as IntentResult & { ok: false };
        const location = input.locationId ? await db.locations.get(input.locationId) : null;
        if (input.locationId && !location) return { ok: false as const, reason: 'The location does not exist.' };
        const assetIds = Array.from({ length: line.quantity }, () => uuidv7());
        const verdict = checkReceipt({
          quantity: line.quantity,
          assetIds,
          receipt: await receiptOf(line.id),
          orderSiteId: order.siteId,
          location: location ? { name: location.name, siteId: location.siteId } : null,
        });
        if (!verdict.ok) return verdict;
        const model = line.modelId ? ((await db.assetModels.get(line.modelId)) ?? null) : null;
        const parsed = OrderReceiptCreateDataSchema.safeParse({
          orderId: order.id,
          lineId: line.id,
          assetIds,
          locationId: input.locationId,
          receivedOn: input.receivedOn,
          preview: receivedAssetFields(order, line, model),
        });
        if (!parsed.success) return { ok: false as const, reason: firstIssue(parsed.error, 'receipt') };
        const id = uuidv7();
        const op = { entity: 'order_receipt' as const, kind: 'create' as const, id, data: parsed.data, clientTime: now().toISOString() };
        const entry = await writeLocal(db, ctx.userId, undefined, op);
        // The new assets, as the op makes them (the same function rebuilds them after a reset).
        await writeRelated(db, ctx.userId, entry);
        return { ok: true as const, id, opId: entry.opId, assetIds };
      });
    },
  };
}

/** A line of a new order refused: aborts the order's transaction, so nothing of it is written. */
class LineRefused extends Error {}
