import { z } from 'zod';
import { ReorderRuleSchema } from '../assets/stock';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

/**
 * When to reorder a consumable at one location: common/assets/stock.ts's ReorderRule, kept
 * with its item (so without `itemId`) and always for one location.
 */
export const ConsumableReorderRuleSchema = ReorderRuleSchema.omit({ itemId: true, locationId: true }).extend({ locationId: IdSchema }).strict();
export type ConsumableReorderRule = z.infer<typeof ConsumableReorderRuleSchema>;

/**
 * The reorder rules of an item, one per location.
 *
 * Kept as one field of the item rather than as an entity of their own: rules are few per item
 * and set now and then by whoever keeps the stock, so an edit made offline while someone else
 * changed them too is rare; when it happens the patch answers a conflict (the server's rules
 * stay, the other person's are kept on the Sync conflicts screen to apply again), never a silent
 * loss. A rule per record would merge edits of two locations on its own, at the price of a table,
 * an id per (item, location) and a unique key that two offline creations would clash on anyway.
 */
export const ReorderRulesSchema = z
  .array(ConsumableReorderRuleSchema)
  .max(500)
  .refine((rules) => new Set(rules.map((r) => r.locationId)).size === rules.length, { message: 'an item has one reorder rule per location' });

/** A stored reorder-rules column; a damaged value reads as no rules rather than failing a pull. */
function storedRules(stored: unknown): ConsumableReorderRule[] {
  try {
    const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    const parsed = ReorderRulesSchema.safeParse(value);
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** A catalog item of consumables (toner, cables, paper, mice): what it is and when to reorder it. */
export const ConsumableSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** Toner, Cables, Paper, Peripherals… (free text, as the catalog grows). */
  category: z.string().max(100),
  manufacturer: z.string().max(200),
  /** The manufacturer's part or model number (e.g. CF259A). */
  partNumber: z.string().max(100),
  /** What one unit is: "cartridge", "box", "ream", "piece". */
  unit: z.string().min(1).max(40),
  reorderRules: ReorderRulesSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Consumable = z.infer<typeof ConsumableSchema>;

const name = z.string().trim().min(1, 'a consumable needs a name').max(200);
const unit = z.string().trim().min(1, 'say what one unit is (cartridge, box, ream…)').max(40);
const text = (max: number) => z.string().trim().max(max);

/** A new catalog item. */
export const ConsumableCreateDataSchema = z
  .object({
    name,
    category: text(100).default(''),
    manufacturer: text(200).default(''),
    partNumber: text(100).default(''),
    unit,
    reorderRules: ReorderRulesSchema.default([]),
  })
  .strict();

/** Every field of an item may be edited; a clash keeps the server's value and is shown as a conflict. */
const consumablePatch = patchOf(
  ConsumableSchema,
  { name: 'conflict', category: 'conflict', manufacturer: 'conflict', partNumber: 'conflict', unit: 'conflict', reorderRules: 'conflict' },
  { name, category: text(100), manufacturer: text(200), partNumber: text(100), unit },
);

/** The consumables catalog: everyone sees it; stock is never stored here, it is the sum of the movements (consumable-movement.ts). */
export const consumable = defineEntity({
  name: 'consumable',
  schema: ConsumableSchema,
  table: 'consumables',
  scope: scope.everyone(),
  columns: { reorderRules: { read: storedRules } },
  replica: { table: 'consumables', indexes: ['name', 'category'] },
  ops: { create: ConsumableCreateDataSchema, patch: consumablePatch },
});
