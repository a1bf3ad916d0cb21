import { z } from 'zod';
import { CheckoutTargetKindSchema } from '../assets/checkout';
import { IsoDateSchema } from '../assets/dates';
import { SubstateKeySchema } from '../assets/lifecycle';
import { TagPatternSchema } from '../assets/tags';
import { AssetKindSchema, AssetSchema } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';
import { stringArray } from './strings';

const Cents = z.number().int('must be a whole number of cents').min(0, 'cannot be negative').max(Number.MAX_SAFE_INTEGER);

/**
 * A new asset, made by hand (one, or many: one op each, with a tag pattern) or received from a
 * purchase order line. Its tag: the one typed in; or the next of `tagPattern`; or, with
 * neither, the server's own numbering (FD-000401). The server gives pattern and numbered tags,
 * so two technicians offline never give the same one; the app shows a provisional tag until then.
 * A new asset is on order or in stock: it goes into use by being checked out.
 */
export const AssetCreateDataSchema = z
  .object({
    tag: z.string().trim().min(1).max(64).nullable().default(null),
    tagPattern: TagPatternSchema.nullable().default(null),
    name: z.string().trim().min(1, 'an asset needs a name').max(200),
    kind: AssetKindSchema.default('hardware'),
    modelId: IdSchema.nullable().default(null),
    type: z.string().trim().min(1, 'an asset needs a type').max(64),
    serial: z.string().trim().max(128).nullable().default(null),
    siteId: IdSchema.nullable(),
    locationId: IdSchema.nullable().default(null),
    state: z.enum(['ordered', 'in_stock']).default('in_stock'),
    substate: SubstateKeySchema.nullable().default('available'),
    vendorId: IdSchema.nullable().default(null),
    purchasedOn: IsoDateSchema.nullable().default(null),
    costCents: Cents.nullable().default(null),
    warrantyEndsOn: IsoDateSchema.nullable().default(null),
    notes: z.string().max(20_000).default(''),
  })
  .strict()
  .refine((d) => d.tag === null || d.tagPattern === null, { message: 'give a tag or a tag pattern, not both', path: ['tagPattern'] });

/**
 * What a patch may change: the details. The state, the location and who has it change only
 * through asset actions (asset_event ops), which keep the history; the tag never changes.
 */
const assetPatch = patchOf(
  AssetSchema,
  {
    name: 'conflict',
    serial: 'conflict',
    kind: 'conflict',
    modelId: 'conflict',
    type: 'conflict',
    vendorId: 'conflict',
    purchasedOn: 'conflict',
    costCents: 'conflict',
    warrantyEndsOn: 'conflict',
    notes: 'conflict',
  },
  { name: z.string().trim().min(1).max(200), serial: z.string().trim().max(128).nullable(), costCents: Cents.nullable() },
);

/** A piece of equipment, with the identity inventories match it by (serial, uuid, MACs, name), its lifecycle state and who has it. */
export const asset = defineEntity({
  name: 'asset',
  schema: AssetSchema,
  table: 'assets',
  scope: scope.atViewerSite('siteId'),
  columns: { macs: { read: stringArray }, checkedOutTo: { read: targetOrNull } },
  replica: { table: 'assets', indexes: ['serial', 'uuid', '*macs', 'name', 'tag', 'state', 'siteId', 'modelId', 'assignedToId', 'locationId'] },
  ops: { create: AssetCreateDataSchema, patch: assetPatch },
});

/** A stored check-out target; a damaged one reads as none. */
function targetOrNull(stored: unknown): unknown {
  try {
    const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    if (!value || typeof value !== 'object') return null;
    const { kind, id } = value as { kind?: unknown; id?: unknown };
    return CheckoutTargetKindSchema.safeParse(kind).success && typeof id === 'string' ? { kind, id } : null;
  } catch {
    return null;
  }
}
