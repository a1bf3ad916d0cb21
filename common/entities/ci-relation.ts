import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * How one configuration item relates to another, read from the first to the second, with the
 * words for both directions (after the CMDB relationship pairs of ServiceNow and iTop): "web01
 * runs on vm-host-3" is, seen from the host, "vm-host-3 runs web01". `acyclic`: a chain of
 * relations of the type may not lead back to where it started (nothing depends on itself).
 */
export const CI_RELATION_TYPES = {
  depends_on: { forward: 'depends on', reverse: 'is used by', acyclic: true },
  runs_on: { forward: 'runs on', reverse: 'runs', acyclic: true },
  hosted_on: { forward: 'is hosted on', reverse: 'hosts', acyclic: true },
  // A network link: the end that connects relies on what it connects to (a host on its switch).
  connects_to: { forward: 'connects to', reverse: 'is connected by', acyclic: false },
  member_of: { forward: 'is a member of', reverse: 'contains', acyclic: true },
  virtualized_by: { forward: 'is virtualized by', reverse: 'virtualizes', acyclic: true },
} as const;
export const CiRelationTypeSchema = z.enum(Object.keys(CI_RELATION_TYPES) as [keyof typeof CI_RELATION_TYPES, ...(keyof typeof CI_RELATION_TYPES)[]]);
export type CiRelationType = z.infer<typeof CiRelationTypeSchema>;

export const CiRelationSchema = z.object({
  id: IdSchema,
  /** The CI the relation is read from ("fromId depends on toId"). */
  fromId: IdSchema,
  toId: IdSchema,
  type: CiRelationTypeSchema,
  /** Who recorded it (null: an import or the server). */
  authorId: IdSchema.nullable(),
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type CiRelation = z.infer<typeof CiRelationSchema>;

/** A new relation between two CIs the author can see; a CI is never related to itself. */
export const CiRelationCreateDataSchema = z
  .object({ fromId: IdSchema, toId: IdSchema, type: CiRelationTypeSchema })
  .strict()
  .refine((d) => d.fromId !== d.toId, { message: 'A configuration item cannot be related to itself.', path: ['toId'] });

/**
 * A relation between two configuration items of the CMDB. Whoever sees either CI sees it (a
 * technician sees how their site's server depends on the data centre's storage); created and
 * deleted, never edited.
 */
export const ciRelation = defineEntity({
  name: 'ci_relation',
  schema: CiRelationSchema,
  table: 'ci_relations',
  scope: scope.anyOf(scope.childOf('configuration_item', 'fromId'), scope.childOf('configuration_item', 'toId')),
  replica: { table: 'ciRelations', indexes: ['fromId', 'toId'] },
  ops: { create: CiRelationCreateDataSchema, delete: true },
});
