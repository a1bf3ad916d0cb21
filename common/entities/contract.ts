import { z } from 'zod';
import { ContractKindSchema, CurrencySchema, RenewalSchema } from '../assets/contracts';
import { IsoDateSchema } from '../assets/dates';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

export const ContractSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(300),
  /** The vendor's own number for it (on their invoices), if any. */
  reference: z.string().trim().max(100).nullable(),
  kind: ContractKindSchema,
  vendorId: IdSchema,
  startsOn: IsoDateSchema,
  /** The last day it covers. */
  endsOn: IsoDateSchema,
  renewal: RenewalSchema,
  /** Days before the end that notice must be given so it does not renew. */
  noticeDays: z.number().int().min(0),
  costCents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: CurrencySchema,
  notes: z.string().max(20_000),
  createdById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Contract = z.infer<typeof ContractSchema>;

/**
 * A new contract. Numbers are any whole number here so that a negative cost or notice period
 * reaches the contract rule (common/assets/contracts.ts checkContract), which says in words
 * what is wrong, in the app and on the server alike.
 */
export const ContractCreateDataSchema = z
  .object({
    name: z.string().trim().min(1, 'a contract needs a name').max(300),
    reference: z.string().trim().max(100).nullable().default(null),
    kind: ContractKindSchema,
    vendorId: IdSchema,
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema,
    renewal: RenewalSchema.default('none'),
    noticeDays: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(0),
    costCents: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(0),
    currency: CurrencySchema.default('EUR'),
    notes: z.string().max(20_000).default(''),
  })
  .strict();

const anyWhole = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const contractPatch = patchOf(
  ContractSchema,
  {
    name: 'conflict',
    reference: 'conflict',
    kind: 'conflict',
    vendorId: 'conflict',
    startsOn: 'conflict',
    endsOn: 'conflict',
    renewal: 'conflict',
    noticeDays: 'conflict',
    costCents: 'conflict',
    currency: 'conflict',
    notes: 'conflict',
  },
  { noticeDays: anyWhole, costCents: anyWhole },
);

/**
 * A contract with a vendor (support, lease, warranty, licence agreement): its dates, renewal,
 * notice period and cost. The assets it covers are `contract_asset` links (./contract-asset.ts).
 *
 * Scope: everyone. A technician at a broken device must see, offline, whether a support
 * contract or a warranty covers it, until when, and whom to call; a contract holds no one's
 * personal data, and its cost is no secret inside the organisation. Which of its assets a
 * technician sees follows the assets (their site's). Desk staff and admins create and edit
 * contracts; edits merge per field like tickets.
 */
export const contract = defineEntity({
  name: 'contract',
  schema: ContractSchema,
  table: 'contracts',
  scope: scope.everyone(),
  replica: { table: 'contracts', indexes: ['vendorId', 'endsOn', 'kind'] },
  ops: { create: ContractCreateDataSchema, patch: contractPatch },
});
