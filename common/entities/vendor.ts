import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

const optionalText = (max: number) => z.string().trim().max(max).nullable();

/** An e-mail address as people write one (something@somewhere), or none. */
const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .refine((v) => /^[^\s@]+@[^\s@]+$/.test(v), 'must be an e-mail address such as sales@vendor.example')
  .nullable();
/** A web address: http or https only (it is shown as a link). */
const WebsiteSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be a web address starting with http:// or https://')
  .nullable();

export const VendorSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  contactName: optionalText(200),
  email: EmailSchema,
  phone: optionalText(64),
  website: WebsiteSchema,
  notes: z.string().max(20_000),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Vendor = z.infer<typeof VendorSchema>;

export const VendorCreateDataSchema = z
  .object({
    name: z.string().trim().min(1, 'a vendor needs a name').max(200),
    contactName: optionalText(200).default(null),
    email: EmailSchema.default(null),
    phone: optionalText(64).default(null),
    website: WebsiteSchema.default(null),
    notes: z.string().max(20_000).default(''),
  })
  .strict();

const vendorPatch = patchOf(VendorSchema, { name: 'conflict', contactName: 'conflict', email: 'conflict', phone: 'conflict', website: 'conflict', notes: 'conflict' });

/**
 * A vendor: who sells, leases or supports what the contracts and licences cover. Reference
 * data everyone sees (a technician calls the vendor's support line from the field, offline);
 * desk staff and admins create and edit them, merged per field like tickets.
 */
export const vendor = defineEntity({
  name: 'vendor',
  schema: VendorSchema,
  table: 'vendors',
  scope: scope.everyone(),
  replica: { table: 'vendors', indexes: ['name'] },
  ops: { create: VendorCreateDataSchema, patch: vendorPatch },
});
