/**
 * Writing server answers into the replica: per-op push results and pulled pages.
 * Both keep one invariant: a record has a shadow (the server's copy) exactly while it
 * has pending ops, and the visible record is the server's copy with those ops on top.
 */
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import type { Change, OpResult } from '@fielddesk/common/sync/protocol';
import { rebase, type ApplyContext } from '../apply';
import { recordKey, type FieldDeskDb, type OutboxEntry } from '../db';
import { setMeta } from '../meta';

export type SyncNotice =
  | { kind: 'rejected'; entity: EntityName; recordId: string; opId: string; reason: string }
  | { kind: 'conflict'; entity: EntityName; recordId: string; opId: string; fields: string[] };

/** Every table a reconcile transaction may touch. */
export function reconcileTables(db: FieldDeskDb) {
  return [...db.entityTables(), db.outbox, db.shadows, db.conflicts, db.rejections, db.meta];
}

/**
 * Settles a record after one of its ops was answered.
 * - server given (applied, conflict): it becomes the server copy;
 * - 'revert' (rejected): the shadow is the last known server copy;
 * - 'keep' (duplicate): the server has the change but did not send the record; keep the
 *   visible record until the next pull brings the server's.
 */
async function settle(db: FieldDeskDb, entity: EntityName, id: string, server: AnyRecord | 'revert' | 'keep', ctx: ApplyContext) {
  const key = recordKey(entity, id);
  const table = db.tableFor(entity);
  const remaining = await db.outbox.where('recordKey').equals(key).sortBy('seq');
  const shadow = await db.shadows.get(key);

  // Without a known server copy, rolling back could only guess: keep what is shown until the next pull.
  if (server === 'keep' || (server === 'revert' && !shadow)) {
    if (remaining.length === 0) await db.shadows.delete(key);
    return;
  }
  const base = server === 'revert' ? (shadow?.record ?? null) : server;
  if (remaining.length > 0) {
    await db.shadows.put({ key, record: base });
  } else {
    await db.shadows.delete(key);
  }
  const visible = rebase(base, remaining.map((e) => e.op), ctx);
  if (visible) await table.put(visible);
  else await table.delete(id);
}

/**
 * Applies the server's per-op answers. Runs in one transaction; ops without an answer stay
 * in the outbox. Returns notices for the UI and how many ops were answered.
 */
export async function applyPushResults(
  db: FieldDeskDb,
  sent: OutboxEntry[],
  results: OpResult[],
  ctx: ApplyContext & { now: () => Date },
): Promise<{ answered: number; notices: SyncNotice[] }> {
  const byOpId = new Map(sent.map((e) => [e.opId, e]));
  const notices: SyncNotice[] = [];
  let answered = 0;
  await db.transaction('rw', reconcileTables(db), async () => {
    for (const result of results) {
      const entry = byOpId.get(result.opId);
      if (!entry || entry.seq === undefined) continue;
      // The entry may already be gone (answered twice): then there is nothing to do.
      if (!(await db.outbox.get(entry.seq))) continue;
      byOpId.delete(result.opId);
      answered++;
      const { entity, id } = entry.op;
      await db.outbox.delete(entry.seq);
      switch (result.status) {
        case 'applied':
          await settle(db, entity, id, result.record, ctx);
          break;
        case 'duplicate':
          await settle(db, entity, id, 'keep', ctx);
          break;
        case 'conflict': {
          const local = entry.op.kind === 'patch' ? (entry.op.fields as Record<string, unknown>) : (entry.op.data as Record<string, unknown>);
          const conflicting = Object.fromEntries(result.fields.map((f) => [f, local[f]]));
          await db.conflicts.put({
            opId: entry.opId,
            recordKey: entry.recordKey,
            entity,
            recordId: id,
            fields: result.fields,
            local: result.fields.length > 0 ? conflicting : local,
            server: result.server,
            detectedAt: ctx.now().toISOString(),
            resolved: 0,
          });
          await settle(db, entity, id, result.server, ctx);
          notices.push({ kind: 'conflict', entity, recordId: id, opId: entry.opId, fields: result.fields });
          break;
        }
        case 'rejected':
          await db.rejections.put({
            opId: entry.opId,
            recordKey: entry.recordKey,
            entity,
            recordId: id,
            op: entry.op,
            reason: result.reason,
            rejectedAt: ctx.now().toISOString(),
            acknowledged: 0,
          });
          await settle(db, entity, id, 'revert', ctx);
          notices.push({ kind: 'rejected', entity, recordId: id, opId: entry.opId, reason: result.reason });
          break;
      }
    }
  });
  return { answered, notices };
}

/** Applies one pulled page and moves the cursor, in one transaction. */
export async function applyPullPage(db: FieldDeskDb, changes: Change[], cursor: string, ctx: ApplyContext): Promise<void> {
  await db.transaction('rw', reconcileTables(db), async () => {
    const pending = new Map<string, OutboxEntry[]>();
    await db.outbox.orderBy('seq').each((entry) => {
      const list = pending.get(entry.recordKey);
      if (list) list.push(entry);
      else pending.set(entry.recordKey, [entry]);
    });

    const puts = new Map<EntityName, Map<string, AnyRecord>>();
    const deletes = new Map<EntityName, Set<string>>();
    for (const change of changes) {
      const key = recordKey(change.entity, change.id);
      const ops = pending.get(key);
      if (change.op === 'delete') {
        puts.get(change.entity)?.delete(change.id);
        getOr(deletes, change.entity, () => new Set()).add(change.id);
        // Pending ops stay: the server answers them (most likely refused) on the next push.
        if (ops) await db.shadows.put({ key, record: null });
        continue;
      }
      deletes.get(change.entity)?.delete(change.id);
      let visible: AnyRecord | undefined = change.data;
      if (ops) {
        await db.shadows.put({ key, record: change.data });
        visible = rebase(change.data, ops.map((e) => e.op), ctx);
      }
      if (visible) getOr(puts, change.entity, () => new Map()).set(change.id, visible);
    }
    for (const [entity, ids] of deletes) if (ids.size) await db.tableFor(entity).bulkDelete([...ids]);
    for (const [entity, records] of puts) if (records.size) await db.tableFor(entity).bulkPut([...records.values()]);
    await setMeta(db, 'cursor', cursor);
  });
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
