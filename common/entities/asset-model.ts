import { z } from 'zod';
import { AssetKindSchema } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

const Months = z.number().int().min(1).max(1200);

/**
 * Kind-specific facts of a model, as label → value ("RAM" → "16 GB" for a laptop, "Seats" →
 * "5" for a van, "Width" → "160 cm" for a desk): free labels, as GLPI's and Snipe-IT's custom
 * fields are, at most 50 of them.
 */
export const ModelFieldsSchema = z.record(z.string().trim().min(1).max(100), z.string().max(1000)).refine((f) => Object.keys(f).length <= 50, 'a model has at most 50 fields');

/**
 * What assets of one model share (after Snipe-IT's and ServiceNow's models): name, maker,
 * category, the asset type their CIs get, how long they last and how long their warranty
 * runs, and the model's own facts. Assets of the model take these as their defaults.
 */
export const AssetModelSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  manufacturer: z.string().trim().max(200),
  /** "Laptops", "Office furniture", "Vehicles"… */
  category: z.string().trim().max(100),
  kind: AssetKindSchema,
  /** The asset type its assets get ("laptop", "desk"). */
  type: z.string().trim().min(1).max(64),
  /** Useful life for straight-line depreciation, and the warranty's length, in months (null: none). */
  lifeMonths: Months.nullable(),
  warrantyMonths: Months.nullable(),
  fields: ModelFieldsSchema,
  rev: z.number().int().nonnegative(),
});
export type AssetModel = z.infer<typeof AssetModelSchema>;

export const AssetModelCreateDataSchema = AssetModelSchema.omit({ id: true, rev: true }).strict();

/** Asset models: everyone sees them (reference data); technicians and the desk create and edit them. */
export const assetModel = defineEntity({
  name: 'asset_model',
  schema: AssetModelSchema,
  table: 'asset_models',
  scope: scope.everyone(),
  replica: { table: 'assetModels', indexes: ['name', 'category'] },
  ops: {
    create: AssetModelCreateDataSchema,
    patch: patchOf(AssetModelSchema, { name: 'conflict', manufacturer: 'conflict', category: 'conflict', kind: 'conflict', type: 'conflict', lifeMonths: 'conflict', warrantyMonths: 'conflict', fields: 'conflict' }),
  },
});
