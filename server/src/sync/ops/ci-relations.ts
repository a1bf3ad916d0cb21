/**
 * CI relationships: created between two configuration items the viewer can see, deleted by
 * whoever sees either CI; never edited (a different type is another relation). A new relation
 * is checked by the rules the app applies offline (common/cmdb/relations.ts), with the same
 * words: both CIs exist and are visible, they differ, the relation is not there yet, and a type
 * that may not go round in a circle does not (the walk reads every relation of the type, the
 * viewer's or not, this batch's included).
 *
 * - The same relation recorded twice, e.g. by two technicians offline, is refused with a
 *   reason: the client drops its copy and pulls the server's.
 * - Deleting leaves a tombstone, so every replica that has the relation drops it. Deleting one
 *   that is already gone changes nothing and is no error ('duplicate', as a replayed delete).
 */
import { checkNewRelation, type CiFacts } from '@fielddesk/common/cmdb/relations';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, reject } from './shared';

type CiRelationCreateOp = OpOf<'ci_relation', 'create'>;
type CiRelationDeleteOp = OpOf<'ci_relation', 'delete'>;

/** Both CIs of a new relation: the batch reads them up front. */
export const ciRelationRefs = (op: CiRelationCreateOp | CiRelationDeleteOp) =>
  op.kind === 'create'
    ? ([
        ['configuration_item', op.data.fromId],
        ['configuration_item', op.data.toId],
      ] as const)
    : [];

/** A CI as the rules see it, or null when it does not exist or the viewer may not see it. */
async function visibleCi(b: BatchContext, id: string): Promise<CiFacts | null> {
  if (!(await b.visible('configuration_item', id))) return null;
  const ci = await b.record('configuration_item', id);
  return ci ? { id, name: ci.record.name } : null;
}

export async function ciRelationCreate(b: BatchContext, op: CiRelationCreateOp): Promise<OpResult> {
  const { fromId, toId, type } = op.data;
  if (await b.record('ci_relation', op.id)) reject('A relation with this id already exists.');
  if (await b.tombstoneRev('ci_relation', op.id)) reject('This relation was removed; relate the items again to restore it.');
  const verdict = await checkNewRelation(op.data, { from: await visibleCi(b, fromId), to: await visibleCi(b, toId) }, (t, ids) => b.findAll('ci_relation', 'fromId', ids, { type: t }));
  if (!verdict.ok) reject(verdict.reason);
  const relation: CiRelation = {
    id: op.id,
    fromId,
    toId,
    type,
    authorId: b.viewer.id,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    rev: await b.nextRev(),
  };
  b.add('ci_relation', relation);
  return { opId: op.opId, status: 'applied', rev: relation.rev, record: { ...relation } };
}

export async function ciRelationDelete(b: BatchContext, op: CiRelationDeleteOp): Promise<OpResult> {
  const relation = (await b.record('ci_relation', op.id))?.record;
  if (!relation) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: await b.tombstoneRev('ci_relation', op.id) } };
  // A relation between CIs the viewer cannot see is, to them, a relation that is not there.
  if (!(await b.visible('ci_relation', op.id))) return reject('Relation not found or not visible to you.');
  const rev = await b.nextRev();
  b.remove('ci_relation', relation.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...relation, rev } };
}
