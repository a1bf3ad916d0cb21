/**
 * Consumables as records, the same on the app (offline, over the replica) and on the server
 * (over the database): whether a movement may be recorded by this person with these records,
 * whether a person may change an item's reorder rules, and each item's stock at each location
 * with what to reorder. The movement rules themselves (quantities, reasons, legs) are
 * stock.ts's; this module adds what depends on other records, with the words both sides answer.
 *
 * A movement is never refused because it takes the stock below zero: two technicians who each
 * issue the last toner offline are both recorded and the stock shows -1, flagged (stock.ts).
 */
import type { Role } from '../domain/entities';
import type { Consumable, ConsumableReorderRule } from '../entities/consumable';
import type { TransitionCheck } from '../itsm/lifecycle';
import { checkMovement, lowStock, stockByLocation, type StockMovement } from './stock';

/** Who records a movement or edits an item. */
export interface StockActor {
  role: Role;
  siteId: string | null;
}

type Found<T> = T | null | Promise<T | null>;

/** The records a movement names, as the caller sees them (null: missing, or not visible to the actor). */
export interface MovementFacts {
  consumable(id: string): Found<{ name: string }>;
  location(id: string): Found<{ name: string; siteId: string }>;
  person(id: string): Found<{ displayName: string }>;
  /** An asset the actor may see. */
  asset(id: string): Found<{ tag: string }>;
}

export const MAY_NOT_RECORD = 'Only technicians, agents and admins can record stock movements.';
export const NO_SITE = 'You have no site, so you cannot record stock movements. Ask an admin to set your site.';
const atAnotherSite = (name: string) => `${name} is at another site: technicians record stock movements only at their own site's locations.`;

/** Technicians act only at their own site; agents and admins anywhere; requesters never. */
function mayAct(actor: StockActor): TransitionCheck {
  if (actor.role === 'admin' || actor.role === 'agent') return { ok: true };
  if (actor.role !== 'technician') return { ok: false, reason: MAY_NOT_RECORD };
  return actor.siteId ? { ok: true } : { ok: false, reason: NO_SITE };
}

/**
 * Whether `actor` may record the movement: stock.ts's checkMovement, then the item, the
 * location(s) (a technician's must be at their site; a transfer may send stock to another
 * site's location) and whom an issue goes to must exist and be visible to them.
 */
export async function checkMovementFor(movement: StockMovement, actor: StockActor, facts: MovementFacts): Promise<TransitionCheck> {
  const allowed = mayAct(actor);
  if (!allowed.ok) return allowed;
  const verdict = checkMovement(movement);
  if (!verdict.ok) return verdict;
  if (!(await facts.consumable(movement.itemId))) return { ok: false, reason: 'This consumable does not exist.' };
  const from = movement.kind === 'transferred' ? movement.fromLocationId : movement.locationId;
  const location = await facts.location(from);
  if (!location) return { ok: false, reason: movement.kind === 'transferred' ? 'The location the stock leaves does not exist.' : 'The location does not exist.' };
  if (actor.role === 'technician' && location.siteId !== actor.siteId) return { ok: false, reason: atAnotherSite(location.name) };
  if (movement.kind === 'transferred' && !(await facts.location(movement.toLocationId))) return { ok: false, reason: 'The location the stock goes to does not exist.' };
  if (movement.kind === 'issued') {
    if (movement.to.kind === 'person' && !(await facts.person(movement.to.id))) return { ok: false, reason: 'The person it is issued to does not exist.' };
    if (movement.to.kind === 'asset' && !(await facts.asset(movement.to.id))) return { ok: false, reason: 'The asset it is issued to does not exist or is not visible to you.' };
  }
  return { ok: true };
}

/** Who may add items to the catalog and edit them. */
export function mayEditCatalog(actor: StockActor): TransitionCheck {
  return actor.role === 'requester' ? { ok: false, reason: 'Only technicians, agents and admins can edit the consumables catalog.' } : { ok: true };
}

/**
 * Whether `actor` may change an item's reorder rules from `before` to `after`: every location
 * whose rule is added, changed or removed must exist, and a technician's must be at their site.
 */
export async function checkRuleChange(
  actor: StockActor,
  before: readonly ConsumableReorderRule[],
  after: readonly ConsumableReorderRule[],
  location: (id: string) => Found<{ name: string; siteId: string }>,
): Promise<TransitionCheck> {
  const key = (r: ConsumableReorderRule | undefined) => (r ? `${r.reorderPoint}/${r.reorderQuantity}` : '');
  const old = new Map(before.map((r) => [r.locationId, r]));
  const next = new Map(after.map((r) => [r.locationId, r]));
  for (const id of new Set([...old.keys(), ...next.keys()])) {
    if (key(old.get(id)) === key(next.get(id))) continue;
    const place = await location(id);
    if (!place) {
      if (next.has(id)) return { ok: false, reason: 'A reorder rule names a location that does not exist.' };
      continue; // dropping the rule of a location that is gone is fine
    }
    if (actor.role === 'technician' && place.siteId !== actor.siteId) {
      return { ok: false, reason: `${place.name} is at another site: technicians set reorder rules only for their own site's locations.` };
    }
  }
  return { ok: true };
}

/** One item's stock at one location, with its reorder rule when it has one. */
export interface LocationStock {
  locationId: string;
  /** The sum of the movements: below zero when more went out than came in. */
  quantity: number;
  negative: boolean;
  rule: ConsumableReorderRule | null;
  /** At or below the reorder point: how many to order (stock.ts lowStock), else null. */
  reorder: number | null;
}

export interface ItemStock {
  item: Consumable;
  /** Every location it moved through or has a rule for, by location id. */
  locations: LocationStock[];
  total: number;
  /** Some location is at or below its reorder point. */
  low: boolean;
  /** Some location shows less than nothing: the shelf and the records disagree. */
  negative: boolean;
}

/**
 * Each item's stock per location from its movements (never a stored count), with the reorder
 * rules applied. Movements of items not given are left out.
 */
export function consumableStock(items: readonly Consumable[], movements: Iterable<StockMovement>): ItemStock[] {
  const levels = stockByLocation(movements);
  const byItem = new Map<string, Map<string, number>>();
  for (const l of levels) {
    let at = byItem.get(l.itemId);
    if (!at) byItem.set(l.itemId, (at = new Map()));
    at.set(l.locationId, l.quantity);
  }
  return items.map((item) => {
    const at = byItem.get(item.id) ?? new Map<string, number>();
    const rules = item.reorderRules.map((r) => ({ ...r, itemId: item.id }));
    const orders = new Map(lowStock(rules, levels).map((r) => [r.rule.locationId, r.order]));
    const ids = [...new Set([...at.keys(), ...item.reorderRules.map((r) => r.locationId)])].sort();
    const locations = ids.map((locationId): LocationStock => {
      const quantity = at.get(locationId) ?? 0;
      return { locationId, quantity, negative: quantity < 0, rule: item.reorderRules.find((r) => r.locationId === locationId) ?? null, reorder: orders.get(locationId) ?? null };
    });
    return {
      item,
      locations,
      total: locations.reduce((sum, l) => sum + l.quantity, 0),
      low: locations.some((l) => l.reorder !== null),
      negative: locations.some((l) => l.negative),
    };
  });
}
