/**
 * Consumables (toner, cables, mice): how many are where, and what to reorder, the same on
 * the app (offline) and the server.
 *
 * Stock is the sum of its movements, never a count someone overwrites. Snipe-IT and GLPI
 * keep a count per consumable and take one off per check-out; offline that count is a
 * last-write-wins field, and two technicians who each issue the last toner while offline
 * would leave a stock of 0 and one issue forgotten. Here each movement is an append-only
 * record that syncs as it is (no merge, no conflict), so both issues count and the stock
 * shows -1, flagged `negative`: the shelf and the records disagree and a person looks. It
 * is never corrected silently (a recount is recorded as an adjustment, with its reason).
 *
 * A movement has a kind, which says which way the stock goes, and a quantity that is a
 * whole number above zero: received (in, at a location), issued (out, to a person or an
 * asset), adjusted (in or out, with a reason), transferred (out of one location and into
 * another: two legs of one movement, so a transfer is never half recorded).
 *
 * Reordering follows ServiceNow's stock rules: at or below its reorder point, an item is
 * reordered by its reorder quantity, or by more if that would not lift it above the point.
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import type { TransitionCheck } from '../itsm/lifecycle';

export const MOVEMENT_KINDS = ['received', 'issued', 'adjusted', 'transferred'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_KIND_LABELS: Record<MovementKind, string> = { received: 'Received', issued: 'Issued', adjusted: 'Adjusted', transferred: 'Transferred' };

const QuantitySchema = z.number().int('must be a whole number').positive('must be more than zero').max(Number.MAX_SAFE_INTEGER);

const common = { id: IdSchema, itemId: IdSchema, quantity: QuantitySchema, at: TimestampSchema };

/** Who or what an issue goes to. */
export const IssuedToSchema = z.object({ kind: z.enum(['person', 'asset']), id: IdSchema }).strict();
export type IssuedTo = z.infer<typeof IssuedToSchema>;

/** A stock movement, as recorded and synced (append-only). */
export const StockMovementSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...common, kind: z.literal('received'), locationId: IdSchema }).strict(),
    z.object({ ...common, kind: z.literal('issued'), locationId: IdSchema, to: IssuedToSchema }).strict(),
    z.object({ ...common, kind: z.literal('adjusted'), locationId: IdSchema, direction: z.enum(['add', 'remove']), reason: z.string().trim().min(1, 'an adjustment needs a reason').max(500) }).strict(),
    z.object({ ...common, kind: z.literal('transferred'), fromLocationId: IdSchema, toLocationId: IdSchema }).strict(),
  ])
  .refine((m) => m.kind !== 'transferred' || m.fromLocationId !== m.toLocationId, { message: 'a transfer needs two different locations', path: ['toLocationId'] });
export type StockMovement = z.infer<typeof StockMovementSchema>;

/** Says whether a movement can be recorded, and if not, why, in words. */
export function checkMovement(m: StockMovement): TransitionCheck {
  if (!Number.isSafeInteger(m.quantity)) return { ok: false, reason: `The quantity must be a whole number (got ${m.quantity}).` };
  if (m.quantity <= 0) {
    return { ok: false, reason: `The quantity must be more than zero (got ${m.quantity}): the kind of movement says whether stock comes in or goes out.` };
  }
  if (m.kind === 'adjusted' && !m.reason.trim()) return { ok: false, reason: 'An adjustment needs a reason.' };
  if (m.kind === 'transferred' && m.fromLocationId === m.toLocationId) return { ok: false, reason: 'A transfer needs two different locations.' };
  return { ok: true };
}

/** One location's change of one item's stock. */
export interface StockLeg {
  itemId: string;
  locationId: string;
  delta: number;
}

/** What a movement does to the stock: one leg, or two for a transfer. */
export function legsOf(m: StockMovement): StockLeg[] {
  switch (m.kind) {
    case 'received':
      return [{ itemId: m.itemId, locationId: m.locationId, delta: m.quantity }];
    case 'issued':
      return [{ itemId: m.itemId, locationId: m.locationId, delta: -m.quantity }];
    case 'adjusted':
      return [{ itemId: m.itemId, locationId: m.locationId, delta: m.direction === 'add' ? m.quantity : -m.quantity }];
    case 'transferred':
      return [
        { itemId: m.itemId, locationId: m.fromLocationId, delta: -m.quantity },
        { itemId: m.itemId, locationId: m.toLocationId, delta: m.quantity },
      ];
  }
}

export interface StockLevel {
  itemId: string;
  locationId: string;
  /** The sum of the movements: below zero when more went out than came in. */
  quantity: number;
  /** More went out than the records say came in: a person should count the shelf. */
  negative: boolean;
}

/**
 * Each item's stock at each location it ever moved through, by item then location.
 * Throws an Error in words on a movement that could not have been recorded (the sync
 * boundary validates them, so this is bad data, not a technician's mistake).
 */
export function stockByLocation(movements: Iterable<StockMovement>): StockLevel[] {
  const byItem = new Map<string, Map<string, number>>();
  for (const m of movements) {
    const verdict = checkMovement(m);
    if (!verdict.ok) throw new Error(`Stock movement ${m.id}: ${verdict.reason}`);
    for (const leg of legsOf(m)) {
      let at = byItem.get(leg.itemId);
      if (!at) byItem.set(leg.itemId, (at = new Map()));
      at.set(leg.locationId, (at.get(leg.locationId) ?? 0) + leg.delta);
    }
  }
  const levels: StockLevel[] = [];
  for (const itemId of [...byItem.keys()].sort()) {
    const at = byItem.get(itemId)!;
    for (const locationId of [...at.keys()].sort()) {
      const quantity = at.get(locationId)!;
      levels.push({ itemId, locationId, quantity, negative: quantity < 0 });
    }
  }
  return levels;
}

/** When to reorder an item: at one location, or across all of them (`locationId` null). */
export const ReorderRuleSchema = z
  .object({
    itemId: IdSchema,
    locationId: IdSchema.nullable(),
    /** Reorder when the stock is at or below this. */
    reorderPoint: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** How many to order at least. */
    reorderQuantity: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type ReorderRule = z.infer<typeof ReorderRuleSchema>;

export interface Reorder<R> {
  rule: R;
  /** The stock the rule looks at (negative when the records are short). */
  onHand: number;
  /** How many to order. */
  order: number;
}

/**
 * The rules whose stock is at or below their reorder point, in the order given, with how
 * many to order: the reorder quantity, or enough to lift the stock above the reorder point
 * if that is more (a stock of -3 under a point of 2 orders at least 6).
 */
export function lowStock<R extends ReorderRule>(rules: readonly R[], stock: readonly StockLevel[]): Reorder<R>[] {
  const atLocation = new Map<string, Map<string, number>>();
  const total = new Map<string, number>();
  for (const level of stock) {
    let at = atLocation.get(level.itemId);
    if (!at) atLocation.set(level.itemId, (at = new Map()));
    at.set(level.locationId, level.quantity);
    total.set(level.itemId, (total.get(level.itemId) ?? 0) + level.quantity);
  }
  const out: Reorder<R>[] = [];
  for (const rule of rules) {
    const onHand = rule.locationId === null ? (total.get(rule.itemId) ?? 0) : (atLocation.get(rule.itemId)?.get(rule.locationId) ?? 0);
    if (onHand > rule.reorderPoint) continue;
    out.push({ rule, onHand, order: Math.max(rule.reorderQuantity, rule.reorderPoint - onHand + 1) });
  }
  return out;
}
