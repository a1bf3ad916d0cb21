/**
 * Writing server answers into the replica: per-op push results and pulled pages.
 * Both keep one invariant: a record has a shadow (the server's copy) exactly while it
 * has pending ops, and the visible record is the server's copy with those ops on top.
 */
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import type { OpResult, PullResponse } from '@fielddesk/common/sync/protocol';
import { rebase, type ApplyContext } from '../apply';
import { fieldConflictId, recordKey, type FieldConflictEntry, type FieldDeskDb, type OutboxEntry } from '../db';
import { setMeta } from '../meta';

export type SyncNotice =
  | { kind: 'rejected'; entity: EntityName; recordId: string; opId: string; reason: string }
  | { kind: 'conflict'; entity: EntityName; recordId: string; opId: string; fields: string[] };

/** Every table a reconcile transaction may touch. */
export function reconcileTables(db: FieldDeskDb) {
  return [...db.entityTables(), db.outbox, db.shadows, db.fieldConflicts, db.rejections, db.meta];
}

/**
 * Settles a record after one of its ops was answered.
 * - server given (applied, conflict): it becomes the server copy;
 * - 'revert' (rejected, duplicate): the shadow is the last known server copy. A duplicate
 *   means the server answered this op before and that answer was lost: it may have been
 *   applied, refused or a conflict, and the device cannot tell which. So it shows the last
 *   server copy it knows, like a refusal; the pull after every push brings the server's
 *   record if the op changed it. (Keeping the local value instead left a refused change on
 *   screen for good whenever the record did not change again on the server.)
 */
async function settle(db: FieldDeskDb, entity: EntityName, id: string, server: AnyRecord | 'revert', ctx: ApplyContext) {
  const key = recordKey(entity, id);
  const table = db.tableFor(entity);
  const remaining = await db.outbox.where('recordKey').equals(key).sortBy('seq');
  const shadow = await db.shadows.get(key);

  // Without a known server copy, rolling back could only guess: keep what is shown until the next pull.
  if (server === 'revert' && !shadow) {
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
          await settle(db, entity, id, 'revert', ctx);
          break;
        case 'conflict': {
          // One row per clashing field, holding both values: nothing the technician typed is lost.
          const local = (entry.op.kind === 'patch' ? entry.op.fields : entry.op.data) as Record<string, unknown>;
          const server = result.server as unknown as Record<string, unknown>;
          const fields = result.fields.length > 0 ? result.fields : Object.keys(local);
          const detectedAt = ctx.now().toISOString();
          const rows: FieldConflictEntry[] = fields.map((field) => ({
            id: fieldConflictId(entry.opId, field),
            opId: entry.opId,
            recordKey: entry.recordKey,
            entity,
            recordId: id,
            field,
            local: local[field] ?? null,
            server: server[field] ?? null,
            detectedAt,
            resolved: 0,
          }));
          await db.fieldConflicts.bulkPut(rows);
          await settle(db, entity, id, result.server, ctx);
          notices.push({ kind: 'conflict', entity, recordId: id, opId: entry.opId, fields });
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

/**
 * Applies one pulled page and moves the cursor (stored exactly as the server gave it), in
 * one transaction: records are written with one bulkPut/bulkDelete per table, never one
 * await per record. Records with pending ops are rebased (the server copy becomes their
 * shadow; the ops are re-applied on top). A 'delete' removes the record, whether the server
 * deleted it or it left the user's scope.
 *
 * `reset`: the user's scope changed; every pulled record is dropped and this page starts a
 * fresh download. The outbox, conflicts, rejections and the shadows of records with pending
 * ops are kept, and those records are rebuilt from shadow + ops.
 */
export async function applyPullPage(db: FieldDeskDb, page: Pick<PullResponse, 'changes' | 'cursor' | 'reset'>, ctx: ApplyContext): Promise<void> {
  await db.transaction('rw', reconcileTables(db), async () => {
    const pending = new Map<string, OutboxEntry[]>();
    await db.outbox.orderBy('seq').each((entry) => {
      const list = pending.get(entry.recordKey);
      if (list) list.push(entry);
      else pending.set(entry.recordKey, [entry]);
    });
    if (page.reset) await resetReplica(db, pending, ctx);

    const puts = new Map<EntityName, Map<string, AnyRecord>>();
    const deletes = new Map<EntityName, Set<string>>();
    const shadowPuts: { key: string; record: AnyRecord | null }[] = [];
    for (const change of page.changes) {
      const key = recordKey(change.entity, change.id);
      const ops = pending.get(key);
      if (change.op === 'delete') {
        puts.get(change.entity)?.delete(change.id);
        getOr(deletes, change.entity, () => new Set()).add(change.id);
        // Pending ops stay: the server answers them (most likely refused) on the next push.
        if (ops) shadowPuts.push({ key, record: null });
        continue;
      }
      deletes.get(change.entity)?.delete(change.id);
      let visible: AnyRecord | undefined = change.data;
      if (ops) {
        shadowPuts.push({ key, record: change.data });
        visible = rebase(change.data, ops.map((e) => e.op), ctx);
      }
      if (visible) getOr(puts, change.entity, () => new Map()).set(change.id, visible);
    }
    for (const [entity, ids] of deletes) if (ids.size) await db.tableFor(entity).bulkDelete([...ids]);
    for (const [entity, records] of puts) if (records.size) await db.tableFor(entity).bulkPut([...records.values()]);
    if (shadowPuts.length) await db.shadows.bulkPut(shadowPuts);
    await setMeta(db, 'cursor', page.cursor);
  });
}

/** Drops every pulled record, keeping (and re-showing) records with pending ops. */
async function resetReplica(db: FieldDeskDb, pending: Map<string, OutboxEntry[]>, ctx: ApplyContext): Promise<void> {
  const shadows = new Map((await db.shadows.toArray()).map((s) => [s.key, s.record]));
  for (const table of db.entityTables()) await table.clear();
  const stale = [...shadows.keys()].filter((key) => !pending.has(key));
  if (stale.length) await db.shadows.bulkDelete(stale);
  for (const [key, entries] of pending) {
    const first = entries[0]!.op;
    const visible = rebase(shadows.get(key) ?? null, entries.map((e) => e.op), ctx);
    if (visible) await db.tableFor(first.entity).put(visible);
  }
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
