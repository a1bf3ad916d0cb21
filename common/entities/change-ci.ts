import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

export const ChangeCiSchema = z.object({
  id: IdSchema,
  changeId: IdSchema,
  /** The configuration item the change affects. */
  configurationItemId: IdSchema,
  /** Who linked them (null: the server or an import). */
  addedById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type ChangeCi = z.infer<typeof ChangeCiSchema>;

export const ChangeCiCreateDataSchema = z.object({ changeId: IdSchema, configurationItemId: IdSchema }).strict();

/**
 * A configuration item a change request affects: one link per (change, CI), added and removed,
 * never edited. A link of its own rather than a list of CI ids on the change, as a contract's
 * covered assets are (contract-asset.ts): two people who each add a CI offline make two links,
 * and both arrive.
 *
 * Scope: with its change and its CI. Whoever gets the change gets its links to the CIs they get
 * too: a technician, who gets every change of the next 90 days and their own site's CIs, sees
 * which of their site's servers a change touches, and nothing of another site's CIs (desk staff
 * and admins see all). A link leaves a replica when its change drifts out of the window or its CI
 * leaves the site.
 */
export const changeCi = defineEntity({
  name: 'change_ci',
  schema: ChangeCiSchema,
  table: 'change_cis',
  scope: scope.allOf(scope.childOf('change', 'changeId'), scope.childOf('configuration_item', 'configurationItemId')),
  replica: { table: 'changeCis', indexes: ['changeId', 'configurationItemId'] },
  ops: { create: ChangeCiCreateDataSchema, delete: true },
});
