import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

export const ContractAssetSchema = z.object({
  id: IdSchema,
  contractId: IdSchema,
  assetId: IdSchema,
  /** Who added the asset to the contract (null: the server or an import). */
  addedById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type ContractAsset = z.infer<typeof ContractAssetSchema>;

export const ContractAssetCreateDataSchema = z.object({ contractId: IdSchema, assetId: IdSchema }).strict();

/**
 * An asset a contract covers. A link of its own rather than an array of asset ids on the
 * contract: two people who each add an asset to one contract while offline make two links,
 * and both arrive; an array would be one field both changed, a conflict that keeps one list
 * and sets the other aside. Removing an asset deletes its link (a tombstone), which merges
 * the same way.
 *
 * Scope: with its asset (a technician sees which of their site's assets a contract covers;
 * desk staff and admins see all).
 */
export const contractAsset = defineEntity({
  name: 'contract_asset',
  schema: ContractAssetSchema,
  table: 'contract_assets',
  scope: scope.childOf('asset', 'assetId'),
  replica: { table: 'contractAssets', indexes: ['contractId', 'assetId'] },
  ops: { create: ContractAssetCreateDataSchema, delete: true },
});
