/**
 * Purchase orders, their lines, and receiving a line (issue 13 item 4).
 *
 * - Who: desk staff and admins on every order; technicians on their own site's orders
 *   (common/assets/orders.ts checkOrderActor, the app's words); requesters on none.
 * - `purchase_order` create (numbered PO-0001… by the server) and patch, merged per field.
 * - `purchase_order_line` create, patch and delete, while the line is not received.
 * - `order_receipt` create: receives a line, once. The line's `quantity` assets are made in
 *   stock with the ids the app chose, tagged from the line's pattern (or the server's FD-
 *   numbering) by the same counter asset creates use, with the order's site, vendor and date,
 *   the line's unit cost and the model's warranty, each with a 'received' history event. Every
 *   rule is checked before the first write (the tag counters are written at once, in the
 *   batch's transaction), so a refused receipt leaves nothing behind, and the unique index on
 *   order_receipts(line_id) stops a second receipt of the line in any case.
 */
import { checkLineChangeable, checkOrderActor, checkOrderDates, checkOrderLine, checkReceipt, receivedAssetFields, type ReceiptFacts } from '@fielddesk/common/assets/orders';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import type { OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { nextAssetTag } from '../../inventory/record';
import type { BatchContext } from './context';
import { nextPatternTag, serverEvent } from './assets';
import { patchDeclared, putCreated } from './declared-patch';
import { clampTime, enforce, reject } from './shared';

const ORDER_POLICIES = entities.purchase_order.ops.patch.policies;
const LINE_POLICIES = entities.purchase_order_line.ops.patch.policies;
const ASSET_POLICIES = entities.asset.ops.patch.policies;
export const ORDER_NOT_VISIBLE = 'Purchase order not found or not visible to you.';
export const LINE_NOT_VISIBLE = 'Purchase order line not found or not visible to you.';
export const NO_VENDOR = 'The vendor of this order does not exist.';
export const NO_MODEL = 'The asset model does not exist.';

type OrderOp = OpOf<'purchase_order', 'create'> | OpOf<'purchase_order', 'patch'>;
type LineOp = OpOf<'purchase_order_line', 'create'> | OpOf<'purchase_order_line', 'patch'> | OpOf<'purchase_order_line', 'delete'>;
type ReceiptOp = OpOf<'order_receipt', 'create'>;

/** The vendor an order names: the batch reads it up front. */
export const purchaseOrderRefs = (op: OrderOp) => [['vendor', op.kind === 'create' ? op.data.vendorId : op.fields.vendorId] as const];

/** A new line's order and model. */
export const purchaseOrderLineRefs = (op: LineOp) =>
  op.kind === 'create'
    ? ([
        ['purchase_order', op.data.orderId],
        ['asset_model', op.data.modelId],
      ] as const)
    : op.kind === 'patch'
      ? ([['asset_model', op.fields.modelId]] as const)
      : [];

/** A receipt's order, line and location. */
export const orderReceiptRefs = (op: ReceiptOp) =>
  [
    ['purchase_order', op.data.orderId],
    ['purchase_order_line', op.data.lineId],
    ['location', op.data.locationId],
  ] as const;

/** The order, or the refusal a viewer who may not act on it gets (missing, or another site's for a technician, in the app's words). */
async function actionableOrder(b: BatchContext, orderId: string): Promise<PurchaseOrder> {
  const order = (await b.record('purchase_order', orderId))?.record;
  if (!order) return reject(ORDER_NOT_VISIBLE);
  enforce(checkOrderActor(b.viewer, order.siteId));
  return order;
}

/** The receipt of a line, as its refusal words show it (when, and by whom), or null. */
async function receiptOf(b: BatchContext, lineId: string): Promise<ReceiptFacts | null> {
  const id = await b.findOne('order_receipt', { lineId });
  const receipt = id ? (await b.record('order_receipt', id))?.record : null;
  if (!receipt) return null;
  const by = receipt.receivedById ? (await b.record('person', receipt.receivedById))?.record : null;
  return { receivedOn: receipt.receivedOn, receivedBy: by?.displayName ?? 'someone' };
}

export async function purchaseOrderCreate(b: BatchContext, op: OpOf<'purchase_order', 'create'>): Promise<OpResult> {
  const data = op.data;
  enforce(checkOrderActor(b.viewer, data.siteId));
  if ((await b.record('purchase_order', op.id)) || (await b.tombstoneRev('purchase_order', op.id))) reject('A purchase order with this id already exists.');
  await b.checkReferences({ siteId: data.siteId });
  if (!(await b.record('vendor', data.vendorId))) reject(NO_VENDOR);
  enforce(checkOrderDates(data));
  const rev = await b.nextRev();
  const order: PurchaseOrder = {
    id: op.id,
    number: await b.nextNumber('purchase_order'),
    ...data,
    createdById: b.viewer.id,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    updatedAt: b.info.nowIso,
    rev,
  };
  putCreated(b, 'purchase_order', order, ORDER_POLICIES);
  return { opId: op.opId, status: 'applied', rev, record: { ...order } };
}

export async function purchaseOrderPatch(b: BatchContext, op: OpOf<'purchase_order', 'patch'>): Promise<OpResult> {
  await actionableOrder(b, op.id);
  return patchDeclared(b, op, {
    entity: 'purchase_order',
    what: 'purchase order',
    notFound: ORDER_NOT_VISIBLE,
    policies: ORDER_POLICIES,
    check: async (next, _current, changed) => {
      if (changed.includes('vendorId') && !(await b.record('vendor', next.vendorId))) return { ok: false, reason: NO_VENDOR };
      return checkOrderDates(next);
    },
  });
}

export async function purchaseOrderLineCreate(b: BatchContext, op: OpOf<'purchase_order_line', 'create'>): Promise<OpResult> {
  const data = op.data;
  await actionableOrder(b, data.orderId);
  if ((await b.record('purchase_order_line', op.id)) || (await b.tombstoneRev('purchase_order_line', op.id))) reject('A purchase order line with this id already exists.');
  enforce(checkOrderLine(data));
  if (data.modelId && !(await b.record('asset_model', data.modelId))) reject(NO_MODEL);
  const line: PurchaseOrderLine = { id: op.id, ...data, rev: await b.nextRev() };
  putCreated(b, 'purchase_order_line', line, LINE_POLICIES);
  return { opId: op.opId, status: 'applied', rev: line.rev, record: { ...line } };
}

/** A line the viewer may change: it exists, its order is theirs to handle, and it is not received. */
async function changeableLine(b: BatchContext, id: string, change: 'edit' | 'delete'): Promise<PurchaseOrderLine> {
  const line = (await b.record('purchase_order_line', id))?.record;
  if (!line) return reject(LINE_NOT_VISIBLE);
  await actionableOrder(b, line.orderId);
  enforce(checkLineChangeable(await receiptOf(b, id), change));
  return line;
}

export async function purchaseOrderLinePatch(b: BatchContext, op: OpOf<'purchase_order_line', 'patch'>): Promise<OpResult> {
  await changeableLine(b, op.id, 'edit');
  return patchDeclared(b, op, {
    entity: 'purchase_order_line',
    what: 'purchase order line',
    notFound: LINE_NOT_VISIBLE,
    policies: LINE_POLICIES,
    check: async (next, _current, changed) => {
      if (changed.includes('modelId') && next.modelId && !(await b.record('asset_model', next.modelId))) return { ok: false, reason: NO_MODEL };
      return checkOrderLine(next);
    },
  });
}

export async function purchaseOrderLineDelete(b: BatchContext, op: OpOf<'purchase_order_line', 'delete'>): Promise<OpResult> {
  if (!(await b.record('purchase_order_line', op.id))) {
    const gone = await b.tombstoneRev('purchase_order_line', op.id);
    if (gone) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: gone } };
    return reject(LINE_NOT_VISIBLE);
  }
  const line = await changeableLine(b, op.id, 'delete');
  const rev = await b.nextRev();
  b.remove('purchase_order_line', line.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...line, rev } };
}

export async function orderReceiptCreate(b: BatchContext, op: ReceiptOp): Promise<OpResult> {
  const data = op.data;
  const order = await actionableOrder(b, data.orderId);
  if ((await b.record('order_receipt', op.id)) || (await b.tombstoneRev('order_receipt', op.id))) reject('A receipt with this id already exists.');
  const line = (await b.record('purchase_order_line', data.lineId))?.record;
  if (!line || line.orderId !== order.id) return reject(LINE_NOT_VISIBLE);
  let location: { name: string; siteId: string } | null = null;
  if (data.locationId) {
    const found = (await b.record('location', data.locationId))?.record;
    if (!found) reject('The location does not exist.');
    location = { name: found!.name, siteId: found!.siteId };
  }
  const taken: string[] = [];
  for (const id of data.assetIds) if ((await b.record('asset', id)) || (await b.tombstoneRev('asset', id))) taken.push(id);
  enforce(checkReceipt({ quantity: line.quantity, assetIds: data.assetIds, receipt: await receiptOf(b, line.id), orderSiteId: order.siteId, location, takenIds: taken }));
  const model = line.modelId ? ((await b.record('asset_model', line.modelId))?.record ?? null) : null;

  // Everything is checked: from here on the op is written whole.
  const at = clampTime(op.clientTime, b.info.nowIso);
  const fields = receivedAssetFields(order, line, model);
  for (const id of data.assetIds) {
    const tag = line.tagPattern !== null ? await nextPatternTag(b, line.tagPattern) : await nextAssetTag(b.transaction().db);
    const asset = newAsset({ id, tag, ...fields, state: 'in_stock', substate: 'available', locationId: data.locationId, orderLineId: line.id, rev: await b.nextRev() });
    putCreated(b, 'asset', asset, ASSET_POLICIES);
    b.add('asset_event', serverEvent(b, asset, 'received', at, asset.rev));
  }
  const receipt: OrderReceipt = {
    id: op.id,
    orderId: order.id,
    lineId: line.id,
    assetIds: data.assetIds,
    locationId: data.locationId,
    receivedOn: data.receivedOn,
    receivedById: b.viewer.id,
    createdAt: at,
    rev: await b.nextRev(),
  };
  b.add('order_receipt', receipt);
  return { opId: op.opId, status: 'applied', rev: receipt.rev, record: { ...receipt } };
}

