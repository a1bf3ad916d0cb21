/**
 * Relating one configuration item to another ("hq-app01 depends on hq-dc01") and removing a
 * relation. A relation is created or deleted, never edited; each is ONE Dexie transaction
 * (record + outbox op). Before writing, the rules of common/cmdb/relations.ts are checked over
 * this device's replica (both CIs here, not itself, not twice, no circle for the types that
 * forbid one), with the same words the server answers with. The replica holds only the
 * relations that touch a CI this user sees, so the server, which sees them all, may still
 * refuse a circle that runs through other sites; that refusal comes back as a sync notice.
 */
import { v7 as uuidv7 } from 'uuid';
import type { CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { checkNewRelation } from '@fielddesk/common/cmdb/relations';
import { writeLocal } from './write';
import type { IntentResult, RepositoryContext } from './tickets';

export interface CiRelationRepository {
  /** Records "from <type> to"; refuses, with the reason in words, what the rules forbid. */
  relate(fromId: string, toId: string, type: CiRelationType): Promise<IntentResult>;
  /** Removes a relation (its delete op is sent at the next sync). */
  unrelate(relationId: string): Promise<IntentResult>;
}

export function createCiRelationRepository(ctx: RepositoryContext): CiRelationRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());

  return {
    async relate(fromId, toId, type) {
      return db.transaction('rw', [db.configurationItems, db.ciRelations, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const [from, to] = await db.configurationItems.bulkGet([fromId, toId]);
        const verdict = await checkNewRelation(
          { fromId, toId, type },
          { from: from ? { id: from.id, name: from.name } : null, to: to ? { id: to.id, name: to.name } : null },
          (relationType, fromIds) =>
            db.ciRelations
              .where('fromId')
              .anyOf([...fromIds])
              .filter((r) => r.type === relationType)
              .toArray(),
        );
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'ci_relation', kind: 'create', id, data: { fromId, toId, type }, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async unrelate(relationId) {
      return db.transaction('rw', [db.ciRelations, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const relation = await db.ciRelations.get(relationId);
        if (!relation) return { ok: false, reason: 'This relationship is not on this device (it may already be removed).' };
        const entry = await writeLocal(db, ctx.userId, relation, { entity: 'ci_relation', kind: 'delete', id: relationId, clientTime: now().toISOString() });
        return { ok: true, id: relationId, opId: entry.opId };
      });
    },
  };
}
