import { z } from 'zod';
import { IssuedToSchema, MOVEMENT_KINDS, StockMovementSchema, type StockMovement } from '../assets/stock';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * One stock movement of a consumable, as recorded and synced: common/assets/stock.ts's
 * StockMovement laid flat (one column per fact), with who recorded it and the sites it touches.
 * Append-only: a movement is never edited or deleted (a mistake is put right by another one,
 * an adjustment with its reason), so it syncs as it is, with no merge and no conflict.
 */
export const ConsumableMovementSchema = z.object({
  id: IdSchema,
  /** The consumable (StockMovement's itemId). */
  itemId: IdSchema,
  kind: z.enum(MOVEMENT_KINDS),
  quantity: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Where the stock moves: the location received at, issued or adjusted from; a transfer's source. */
  locationId: IdSchema,
  /** A transfer's destination; null for the other kinds. */
  toLocationId: IdSchema.nullable(),
  /** Who or what an issue went to; null for the other kinds. */
  issuedTo: IssuedToSchema.nullable(),
  /** An adjustment's way (add, remove); null for the other kinds. */
  direction: z.enum(['add', 'remove']).nullable(),
  /** Why an adjustment was made; null for the other kinds. */
  reason: z.string().max(500).nullable(),
  /**
   * The site of `locationId`, and of `toLocationId` (null when none): set by the server from
   * the locations, for the scope (null only on the device, until the server has recorded it, as
   * a new article's number). Record fields rather than table-only columns because the push batch
   * writes a record's fields.
   */
  siteId: IdSchema.nullable(),
  toSiteId: IdSchema.nullable(),
  /** Who recorded it (null: an import or the server). */
  authorId: IdSchema.nullable(),
  /** When it happened, by the technician's clock (never later than the server's). */
  at: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type ConsumableMovement = z.infer<typeof ConsumableMovementSchema>;

// The create data is a StockMovement without its id (the op's) and time (the op's clientTime).
const [received, issued, adjusted, transferred] = StockMovementSchema.options;
const omitted = { id: true, at: true } as const;

/** A new movement: one of the four kinds of StockMovement, without id and time. */
export const ConsumableMovementCreateDataSchema = z
  .discriminatedUnion('kind', [received.omit(omitted), issued.omit(omitted), adjusted.omit(omitted), transferred.omit(omitted)])
  .refine((m) => m.kind !== 'transferred' || m.fromLocationId !== m.toLocationId, { message: 'a transfer needs two different locations', path: ['toLocationId'] });
export type ConsumableMovementCreateData = z.infer<typeof ConsumableMovementCreateDataSchema>;

/** The StockMovement a new movement is: the create data with the op's id and time. */
export function movementOfCreate(id: string, data: ConsumableMovementCreateData, at: string): StockMovement {
  return { ...data, id, at } as StockMovement;
}

/** The StockMovement a recorded movement is (for stockByLocation and checkMovement). */
export function stockMovementOf(m: ConsumableMovement): StockMovement {
  const common = { id: m.id, itemId: m.itemId, quantity: m.quantity, at: m.at };
  switch (m.kind) {
    case 'received':
      return { ...common, kind: 'received', locationId: m.locationId };
    case 'issued':
      // An issue always names whom it went to (both the app and the server refuse one that does
      // not); the stock does not depend on it, so a damaged record still counts.
      return { ...common, kind: 'issued', locationId: m.locationId, to: m.issuedTo ?? { kind: 'person', id: m.authorId ?? m.id } };
    case 'adjusted':
      return { ...common, kind: 'adjusted', locationId: m.locationId, direction: m.direction ?? 'add', reason: m.reason ?? '' };
    case 'transferred':
      return { ...common, kind: 'transferred', fromLocationId: m.locationId, toLocationId: m.toLocationId ?? m.locationId };
  }
}

/** The record of a new movement (author, sites and rev are the caller's: the server's, or the device's until it answers). */
export function recordOfMovement(
  movement: StockMovement,
  facts: { siteId: string | null; toSiteId: string | null; authorId: string | null; rev: number },
): ConsumableMovement {
  return {
    id: movement.id,
    itemId: movement.itemId,
    kind: movement.kind,
    quantity: movement.quantity,
    locationId: movement.kind === 'transferred' ? movement.fromLocationId : movement.locationId,
    toLocationId: movement.kind === 'transferred' ? movement.toLocationId : null,
    issuedTo: movement.kind === 'issued' ? movement.to : null,
    direction: movement.kind === 'adjusted' ? movement.direction : null,
    reason: movement.kind === 'adjusted' ? movement.reason.trim() : null,
    ...facts,
    at: movement.at,
  };
}

/**
 * Consumable stock movements. A technician sees the movements at their site: of a location
 * there, or a transfer that leaves or reaches one (so a transfer between two sites is in both
 * sites' ledgers); desk staff and admins see all. Created only, never changed.
 */
export const consumableMovement = defineEntity({
  name: 'consumable_movement',
  schema: ConsumableMovementSchema,
  table: 'consumable_movements',
  scope: scope.anyOf(scope.atViewerSite('siteId'), scope.atViewerSite('toSiteId')),
  replica: { table: 'consumableMovements', indexes: ['itemId', 'at'] },
  ops: { create: ConsumableMovementCreateDataSchema },
});
