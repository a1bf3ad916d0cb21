/**
 * Purchase orders and receiving: the rules the app runs over its replica before it queues an
 * op and the server runs again in the push batch, so both refuse in the same words (issue 13,
 * "Bad input": a purchase order line received twice). Pure: the callers gather the facts (the
 * line, its receipt, the location's site, who is acting) and these say yes or why not.
 *
 * Receiving a line makes its `quantity` assets at once, in stock; the app chooses their ids
 * (so the new assets show offline at once and the server keeps the same ids) and the server
 * gives their tags from the line's pattern. A line is received once, whole.
 */
import type { TransitionCheck } from '../itsm/lifecycle';
import type { IsoDate } from './dates';
import { warrantyEnds } from './depreciation';

/** The most units one line may order (and one receipt create). */
export const MAX_LINE_QUANTITY = 500;

const OK: TransitionCheck = { ok: true };
const no = (reason: string): TransitionCheck => ({ ok: false, reason });

/** An order's dates: expected on or after the day it was ordered. */
export function checkOrderDates(order: { orderedOn: IsoDate; expectedOn: IsoDate | null }): TransitionCheck {
  if (order.expectedOn !== null && order.expectedOn < order.orderedOn) return no(`The expected date ${order.expectedOn} is before the order date ${order.orderedOn}.`);
  return OK;
}

/** A line's quantity and unit cost. */
export function checkOrderLine(line: { quantity: number; unitCostCents: number }): TransitionCheck {
  if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
    return no(`A line orders between 1 and ${MAX_LINE_QUANTITY} units (got ${line.quantity}).`);
  }
  if (!Number.isInteger(line.unitCostCents) || line.unitCostCents < 0) return no('A unit cost cannot be negative.');
  return OK;
}

/** How a line's receipt is shown in a refusal: when, and by whom. */
export interface ReceiptFacts {
  receivedOn: IsoDate;
  /** The name of whoever received it (their id when the person is not known here). */
  receivedBy: string;
}

export const receivedWords = (r: ReceiptFacts) => `This line was already received on ${r.receivedOn} by ${r.receivedBy}.`;

/** Editing (or deleting) a line: only while it is not received. */
export function checkLineChangeable(receipt: ReceiptFacts | null, change: 'edit' | 'delete'): TransitionCheck {
  if (!receipt) return OK;
  return no(`${receivedWords(receipt)} A received line can no longer be ${change === 'edit' ? 'changed' : 'removed'}.`);
}

/** Who acts on an order: technicians on their own site's orders only; desk staff and admins on any. */
export function checkOrderActor(viewer: { role: string; siteId: string | null }, orderSiteId: string): TransitionCheck {
  if (viewer.role === 'admin' || viewer.role === 'agent') return OK;
  if (viewer.role !== 'technician') return no('Only technicians, desk staff and admins handle purchase orders.');
  if (!viewer.siteId) return no('You have no site, so you cannot handle purchase orders. Ask an admin to set your site.');
  if (viewer.siteId !== orderSiteId) return no("Technicians handle their own site's purchase orders only.");
  return OK;
}

export interface ReceiveFacts {
  /** The line's quantity: one new asset per unit. */
  quantity: number;
  /** The ids the app chose for the new assets. */
  assetIds: readonly string[];
  /** The line's receipt, if it was received already. */
  receipt: ReceiptFacts | null;
  /** The order's delivery site. */
  orderSiteId: string;
  /** Where the assets are put: its name and site (null: no location given). */
  location: { name: string; siteId: string } | null;
  /** Ids among `assetIds` already used by other assets (the app's replica, the server's table). */
  takenIds?: readonly string[];
}

/** Receiving a line: once, one new asset id per unit, at the order's site. */
export function checkReceipt(f: ReceiveFacts): TransitionCheck {
  if (f.receipt) return no(receivedWords(f.receipt));
  if (f.assetIds.length !== f.quantity) {
    return no(`Receiving this line makes ${f.quantity} asset${f.quantity === 1 ? '' : 's'}, one per unit ordered; ${f.assetIds.length} asset id${f.assetIds.length === 1 ? ' was' : 's were'} given.`);
  }
  if (new Set(f.assetIds).size !== f.assetIds.length) return no('Each new asset needs its own id; an id was given twice.');
  if (f.takenIds && f.takenIds.length > 0) return no('An id given for a new asset is already used by another asset.');
  if (f.location && f.location.siteId !== f.orderSiteId) return no(`The location ${f.location.name} is at another site than the order's delivery site.`);
  return OK;
}

/** What an order's lines add up to: units, money, and how many lines are received. */
export function orderTotals(lines: readonly { id: string; quantity: number; unitCostCents: number }[], receivedLineIds: ReadonlySet<string>): {
  lines: number;
  received: number;
  units: number;
  totalCents: number;
} {
  let units = 0;
  let totalCents = 0;
  let received = 0;
  for (const l of lines) {
    units += l.quantity;
    totalCents += l.quantity * l.unitCostCents;
    if (receivedLineIds.has(l.id)) received += 1;
  }
  return { lines: lines.length, received, units, totalCents };
}

/** What every asset a line makes is: the same on the app (shown at once) and the server (recorded). */
export interface ReceivedAssetFields {
  name: string;
  kind: 'hardware' | 'non_it';
  type: string;
  modelId: string | null;
  siteId: string;
  vendorId: string | null;
  purchasedOn: IsoDate | null;
  costCents: number | null;
  warrantyEndsOn: IsoDate | null;
}

/**
 * The assets of a received line: the model's kind, type and name (else hardware, "other", the
 * line's description), at the order's site, from its vendor, bought on its order date at the
 * line's unit cost, with the model's warranty counted from that date.
 */
export function receivedAssetFields(
  order: { siteId: string; vendorId: string; orderedOn: IsoDate },
  line: { description: string; unitCostCents: number; modelId: string | null },
  model: { name: string; kind: 'hardware' | 'non_it'; type: string; warrantyMonths: number | null } | null,
): ReceivedAssetFields {
  return {
    name: (model?.name ?? line.description).slice(0, 200),
    kind: model?.kind ?? 'hardware',
    type: model?.type ?? 'other',
    modelId: model ? line.modelId : null,
    siteId: order.siteId,
    vendorId: order.vendorId,
    purchasedOn: order.orderedOn,
    costCents: line.unitCostCents,
    warrantyEndsOn: model?.warrantyMonths ? warrantyEnds(order.orderedOn, model.warrantyMonths) : null,
  };
}
