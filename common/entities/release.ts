import { ReleaseSchema } from '../changes/records';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

const releasePatch = patchOf(ReleaseSchema, { name: 'conflict', state: 'conflict', windowStart: 'conflict', windowEnd: 'conflict', ownerId: 'conflict', notes: 'conflict' });

/** A release: changes grouped under one planned window (a change's `releaseId`). Everyone sees them; numbered REL-0001… */
export const release = defineEntity({
  name: 'release',
  schema: ReleaseSchema,
  table: 'releases',
  scope: scope.everyone(),
  replica: { table: 'releases', indexes: ['number', 'state', 'windowStart'] },
  ops: { create: ReleaseSchema.omit({ id: true, number: true, updatedAt: true, rev: true }), patch: releasePatch },
  numbering: { prefixes: { release: 'REL' } },
});
