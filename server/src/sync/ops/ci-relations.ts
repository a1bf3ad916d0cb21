/**
 * CI relationships: created between two configuration items the viewer can see, deleted by
 * whoever sees either CI; never edited (a different type is another relation).
 *
 * - The same relation (from, to, type) recorded twice, e.g. by two technicians offline, is
 *   refused with a reason: the client drops its copy and pulls the server's.
 * - Deleting leaves a tombstone, so every replica that has the relation drops it. Deleting one
 *   that is already gone changes nothing and is no error ('duplicate', as a replayed delete).
 */
import { CI_RELATION_TYPES, type CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, reject } from './shared';

type CiRelationCreateOp = OpOf<'ci_relation', 'create'>;
type CiRelationDeleteOp = OpOf<'ci_relation', 'delete'>;

const NOT_VISIBLE = 'The configuration item does not exist or is not visible to you.';

/** Both CIs of a new relation: the batch reads them up front. */
export const ciRelationRefs = (op: CiRelationCreateOp | CiRelationDeleteOp) =>
  op.kind === 'create'
    ? ([
        ['configuration_item', op.data.fromId],
        ['configuration_item', op.data.toId],
      ] as const)
    : [];

export async function ciRelationCreate(b: BatchContext, op: CiRelationCreateOp): Promise<OpResult> {
  const { fromId, toId, type } = op.data;
  if (await b.record('ci_relation', op.id)) reject('A relation with this id already exists.');
  if (await b.tombstoneRev('ci_relation', op.id)) reject('This relation was removed; relate the items again to restore it.');
  if (!(await b.visible('configuration_item', fromId))) reject(NOT_VISIBLE);
  if (!(await b.visible('configuration_item', toId))) reject(`The related ${NOT_VISIBLE.slice(4)}`);
  if (await b.findOne('ci_relation', { fromId, toId, type })) reject(`These items are already related: it ${CI_RELATION_TYPES[type].forward} the other.`);
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
