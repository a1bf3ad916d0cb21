import { z } from 'zod';
import { LicenceSchema as LicenceSeatsSchema } from '../assets/compliance';
import { CurrencySchema } from '../assets/contracts';
import { IsoDateSchema } from '../assets/dates';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

/**
 * A software licence as recorded: what compliance counts (../assets/compliance.ts
 * LicenceSchema: the title's name and publisher, the seats, per device or per user) and what
 * it cost, from whom, under which contract. The product key is a plain field, shown as text
 * and never rendered as HTML.
 */
export const LicenceRecordSchema = LicenceSeatsSchema.extend({
  vendorId: IdSchema.nullable(),
  contractId: IdSchema.nullable(),
  productKey: z.string().max(2000).nullable(),
  purchasedOn: IsoDateSchema.nullable(),
  expiresOn: IsoDateSchema.nullable(),
  costCents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  currency: CurrencySchema,
  notes: z.string().max(20_000),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
}).strip();
export type LicenceRecord = z.infer<typeof LicenceRecordSchema>;

const anyWhole = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** A new licence; whole numbers of any sign, so the licence rule (checkLicence) says what is wrong in words. */
export const LicenceCreateDataSchema = z
  .object({
    name: z.string().trim().min(1, 'a licence needs the software title it licenses').max(1000),
    publisher: z.string().trim().max(1000).nullable().default(null),
    seats: anyWhole,
    kind: LicenceSeatsSchema.shape.kind,
    vendorId: IdSchema.nullable().default(null),
    contractId: IdSchema.nullable().default(null),
    productKey: z.string().max(2000).nullable().default(null),
    purchasedOn: IsoDateSchema.nullable().default(null),
    expiresOn: IsoDateSchema.nullable().default(null),
    costCents: anyWhole.nullable().default(null),
    currency: CurrencySchema.default('EUR'),
    notes: z.string().max(20_000).default(''),
  })
  .strict();

const licencePatch = patchOf(
  LicenceRecordSchema,
  {
    name: 'conflict',
    publisher: 'conflict',
    seats: 'conflict',
    kind: 'conflict',
    vendorId: 'conflict',
    contractId: 'conflict',
    productKey: 'conflict',
    purchasedOn: 'conflict',
    expiresOn: 'conflict',
    costCents: 'conflict',
    currency: 'conflict',
    notes: 'conflict',
  },
  { seats: anyWhole, costCents: anyWhole.nullable() },
);

/**
 * Scope: everyone. Compliance is counted on the device too (offline), and a technician who
 * installs software must see the licences and how many seats are left.
 */
export const licence = defineEntity({
  name: 'licence',
  schema: LicenceRecordSchema,
  table: 'licences',
  scope: scope.everyone(),
  replica: { table: 'licences', indexes: ['name', 'vendorId', 'contractId'] },
  ops: { create: LicenceCreateDataSchema, patch: licencePatch },
});
