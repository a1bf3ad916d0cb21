/**
 * Writing server answers into the replica: per-op push results and pulled pages.
 * Both keep one invariant: a record has a shadow (the server's copy) exactly while it
 * has pending ops, and the visible record is the server's copy with those ops on top.
 */
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import type { OpResult, PullResponse } from '@fielddesk/common/sync/protocol';
import { applyOpTo, isRetargeted, rebase, relatedKeysOf, type ApplyContext } from '../apply';
import {
  fieldConflictId,
  recordKey,
  type FieldConflictEntry,
  type FieldDeskDb,
  type OutboxEntry,
  type RejectionEntry,
  type ShadowEntry,
} from '../db';
import { setMeta } from '../meta';

export type SyncNotice =
  | { kind: 'rejected'; entity: EntityName; recordId: string; opId: string; reason: string }
  | { kind: 'conflict'; entity: EntityName; recordId: string; opId: string; fields: string[] };

/** Every table a reconcile transaction may touch. */
export function reconcileTables(db: FieldDeskDb) {
  return [...db.entityTables(), db.outbox, db.shadows, db.fieldConflicts, db.rejections, db.meta];
}

/**
 * What settling a batch of answers does to the replica, worked out in memory first and then
 * written with one bulk call per table (a push answer of 1,000 ops costs a handful of
 * IndexedDB requests, not thousands).
 */
class SettleBatch {
  /** Outbox entries of the touched records still waiting for an answer, oldest first. */
  private readonly pendingByKey = new Map<string, OutboxEntry[]>();
  /**
   * Current shadow of the records that need it: only a rollback ('revert') reads a shadow, so
   * only records with a rejected or duplicate answer in this batch are loaded (absent: none).
   * Applied and conflict answers replace the shadow without reading it.
   */
  private readonly shadows = new Map<string, AnyRecord | null>();
  private readonly shadowsChanged = new Set<string>();
  /** Final visible record per touched record: a record to put, or null to delete. */
  private readonly visible = new Map<string, { entity: EntityName; id: string; record: AnyRecord | null }>();
  readonly settledSeqs: number[] = [];
  readonly conflictRows: FieldConflictEntry[] = [];
  readonly rejectionRows: RejectionEntry[] = [];

  constructor(
    outboxRows: OutboxEntry[],
    shadowRows: (ShadowEntry | undefined)[],
    private readonly ctx: ApplyContext,
  ) {
    for (const row of outboxRows) getOr(this.pendingByKey, row.recordKey, () => []).push(row);
    for (const list of this.pendingByKey.values()) list.sort((a, b) => (a.seq as number) - (b.seq as number));
    for (const row of shadowRows) if (row) this.shadows.set(row.key, row.record);
  }

  /** Whether the entry is still in the outbox (not answered before, in this batch or earlier). */
  isPending(entry: OutboxEntry): boolean {
    return !!this.pendingByKey.get(entry.recordKey)?.some((e) => e.seq === entry.seq);
  }

  /** The op leaves the outbox (it is answered). */
  answer(entry: OutboxEntry): void {
    const list = this.pendingByKey.get(entry.recordKey);
    const at = list ? list.findIndex((e) => e.seq === entry.seq) : -1;
    if (list && at >= 0) list.splice(at, 1);
    this.settledSeqs.push(entry.seq as number);
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
  /** The last server copy the device knows of a record loaded for a rollback, if any. */
  serverCopy(key: string): AnyRecord | null {
    return this.shadows.get(key) ?? null;
  }

  settle(entity: EntityName, id: string, key: string, server: AnyRecord | null | 'revert'): void {
    const remaining = this.pendingByKey.get(key) ?? [];
    const hasShadow = this.shadows.has(key);
    // Without a known server copy, rolling back could only guess: keep what is shown until the next pull.
    if (server === 'revert' && !hasShadow) return;
    const base = server === 'revert' ? (this.shadows.get(key) ?? null) : server;
    if (remaining.length > 0) this.shadows.set(key, base);
    else this.shadows.delete(key);
    this.shadowsChanged.add(key);
    const visible = rebase(base, remaining.map((e) => e.op), this.ctx);
    this.visible.set(key, { entity, id, record: visible ?? null });
  }

  /** Whether ops of this record are still waiting after this batch. */
  stillPending(key: string): boolean {
    return (this.pendingByKey.get(key)?.length ?? 0) > 0;
  }

  /**
   * A related record no pending op touches any more: its shadow goes, and when given, the
   * record shows the server copy again (an action the server refused leaves the asset as it was).
   */
  settleRelated(entity: EntityName, id: string, key: string, server: AnyRecord | undefined): void {
    this.shadows.delete(key);
    this.shadowsChanged.add(key);
    if (server) this.visible.set(key, { entity, id, record: server });
  }

  /** The record this batch settled for a key (null: removed), or undefined when it settled none. */
  settledRecord(key: string): AnyRecord | null | undefined {
    const settled = this.visible.get(key);
    return settled ? settled.record : undefined;
  }

  /** Removes a record from the replica (a provisional copy the server did not keep). */
  remove(entity: EntityName, id: string): void {
    this.visible.set(recordKey(entity, id), { entity, id, record: null });
  }

  async write(db: FieldDeskDb): Promise<void> {
    // Settled seqs are mostly one run of consecutive numbers: one range delete per run, not one
    // request per op (seqs are integers, so a range [a, b] holds no other entries).
    for (const [first, last] of runsOf(this.settledSeqs)) {
      if (first === last) await db.outbox.delete(first);
      else await db.outbox.where(':id').between(first, last, true, true).delete();
    }
    const shadowPuts: ShadowEntry[] = [];
    const shadowDeletes: string[] = [];
    for (const key of this.shadowsChanged) {
      if (this.shadows.has(key)) shadowPuts.push({ key, record: this.shadows.get(key) ?? null });
      else shadowDeletes.push(key);
    }
    if (shadowDeletes.length) await db.shadows.bulkDelete(shadowDeletes);
    if (shadowPuts.length) await db.shadows.bulkPut(shadowPuts);
    const puts = new Map<EntityName, AnyRecord[]>();
    const deletes = new Map<EntityName, string[]>();
    for (const { entity, id, record } of this.visible.values()) {
      if (record) getOr(puts, entity, () => []).push(record);
      else getOr(deletes, entity, () => []).push(id);
    }
    for (const [entity, ids] of deletes) await db.tableFor(entity).bulkDelete(ids);
    for (const [entity, records] of puts) await db.tableFor(entity).bulkPut(records);
    if (this.conflictRows.length) await db.fieldConflicts.bulkPut(this.conflictRows);
    if (this.rejectionRows.length) await db.rejections.bulkPut(this.rejectionRows);
  }
}

/** One row per clashing field, holding both values: nothing the technician typed is lost. */
function recordConflict(batch: SettleBatch, entry: OutboxEntry, clashing: string[], server: AnyRecord | null, now: Date): SyncNotice {
  const { entity, id } = entry.op;
  const op = entry.op;
  const local = (op.kind === 'patch' ? op.fields : op.kind === 'create' ? op.data : {}) as Record<string, unknown>;
  const serverValues = (server ?? {}) as Record<string, unknown>;
  const fields = clashing.length > 0 ? clashing : Object.keys(local);
  const detectedAt = now.toISOString();
  for (const field of fields) {
    batch.conflictRows.push({
      id: fieldConflictId(entry.opId, field),
      opId: entry.opId,
      recordKey: entry.recordKey,
      entity,
      recordId: id,
      field,
      local: local[field] ?? null,
      server: serverValues[field] ?? null,
      detectedAt,
      resolved: 0,
    });
  }
  return { kind: 'conflict', entity, recordId: id, opId: entry.opId, fields };
}

/** The refusal and its reason, kept for the technician to read. */
function recordRejection(batch: SettleBatch, entry: OutboxEntry, reason: string, now: Date): SyncNotice {
  const { entity, id } = entry.op;
  batch.rejectionRows.push({
    opId: entry.opId,
    recordKey: entry.recordKey,
    entity,
    recordId: id,
    op: entry.op,
    reason,
    rejectedAt: now.toISOString(),
    acknowledged: 0,
  });
  return { kind: 'rejected', entity, recordId: id, opId: entry.opId, reason };
}

/**
 * Applies the server's per-op answers, in one transaction: it reads the touched outbox rows
 * and shadows in two requests, settles every answer in memory in the order given (so several
 * answers for one record settle exactly as one after the other), then writes with one bulk
 * call per table. Ops without an answer stay in the outbox. Returns notices for the UI and
 * how many ops were answered.
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
  const keys = new Set<string>();
  const revertKeys = new Set<string>();
  for (const result of results) {
    const entry = byOpId.get(result.opId);
    const key = entry?.recordKey;
    if (entry === undefined || key === undefined) continue;
    keys.add(key);
    if (result.status === 'rejected' || result.status === 'duplicate' || isRetargeted(entry.op, result)) revertKeys.add(key);
  }
  if (keys.size === 0) return { answered, notices };
  await db.transaction('rw', reconcileTables(db), async () => {
    const [outboxRows, shadowRows] = await Promise.all([pendingOpsOf(db, [...keys]), db.shadows.bulkGet([...revertKeys])]);
    const batch = new SettleBatch(outboxRows, shadowRows, ctx);
    /** Ops whose provisional related records (e.g. an inventory's asset and CI) the server did not keep. */
    const dropRelated: OutboxEntry[] = [];
    const answeredEntries: OutboxEntry[] = [];
    for (const result of results) {
      const entry = byOpId.get(result.opId);
      if (!entry || entry.seq === undefined) continue;
      // The entry may already be gone (answered twice): then there is nothing to do.
      if (!batch.isPending(entry)) continue;
      byOpId.delete(result.opId);
      answered++;
      const { entity, id } = entry.op;
      batch.answer(entry);
      answeredEntries.push(entry);
      switch (result.status) {
        case 'applied':
          if (isRetargeted(entry.op, result)) {
            // The server recorded the op on another record (e.g. it knew the device as another
            // asset): this device's provisional record and related records go; the pull brings the real ones.
            batch.settle(entity, id, entry.recordKey, 'revert');
            dropRelated.push(entry);
            break;
          }
          // An applied delete (an unlink) leaves no record, whatever the answer carries.
          batch.settle(entity, id, entry.recordKey, entry.op.kind === 'delete' ? null : result.record);
          break;
        case 'duplicate': {
          // A replay of an op the server answered before; that answer was lost. The server sends
          // its first verdict along, so a refusal or a conflict still reaches the technician.
          const original = result.original;
          if (original?.status === 'rejected') {
            notices.push(recordRejection(batch, entry, original.reason, ctx.now()));
            dropRelated.push(entry);
          } else if (original?.status === 'conflict') {
            const server = batch.serverCopy(entry.recordKey);
            notices.push(recordConflict(batch, entry, original.fields, server, ctx.now()));
          }
          // A delete the server did not refuse is done: the record must not come back.
          batch.settle(entity, id, entry.recordKey, entry.op.kind === 'delete' && original?.status !== 'rejected' ? null : 'revert');
          break;
        }
        case 'conflict':
          notices.push(recordConflict(batch, entry, result.fields, result.server, ctx.now()));
          batch.settle(entity, id, entry.recordKey, result.server);
          break;
        case 'rejected':
          notices.push(recordRejection(batch, entry, result.reason, ctx.now()));
          batch.settle(entity, id, entry.recordKey, 'revert');
          dropRelated.push(entry);
          break;
      }
    }
    await dropProvisionalRelated(db, batch, dropRelated);
    await settleRelatedShadows(db, batch, answeredEntries, new Set(dropRelated));
    await batch.write(db);
  });
  return { answered, notices };
}

/**
 * Related records the server already had keep their last server copy in `shadows` while an op
 * changes them on this device (the asset an asset action changes: repositories/assets.ts). Once
 * no op waiting touches such a record, its shadow goes; when the op that changed it was refused,
 * the record shows that server copy again, since the server did not change it and no pull would
 * bring it.
 */
async function settleRelatedShadows(db: FieldDeskDb, batch: SettleBatch, answered: OutboxEntry[], refused: ReadonlySet<OutboxEntry>): Promise<void> {
  const withRelated = answered.filter((e) => relatedKeysOf(e.op).length > 0);
  if (withRelated.length === 0) return;
  const settled = new Set(batch.settledSeqs);
  const stillTouched = new Set<string>();
  for (const entry of await db.outbox.toArray()) {
    if (settled.has(entry.seq as number)) continue;
    stillTouched.add(entry.recordKey);
    for (const key of relatedKeysOf(entry.op)) stillTouched.add(key);
  }
  for (const entry of withRelated) {
    for (const key of relatedKeysOf(entry.op)) {
      if (stillTouched.has(key)) continue;
      const shadow = await db.shadows.get(key);
      if (!shadow) continue;
      const [entity, id] = splitKey(key);
      batch.settleRelated(entity, id, key, refused.has(entry) && shadow.record ? shadow.record : undefined);
    }
  }
}

/**
 * Removes the related records (relatedKeysOf) of answered ops that were made on this device and
 * never reached the server (rev 0), unless another op still waiting needs them. Records the
 * server already had stay: the next pull brings their server copy when it changes.
 */
async function dropProvisionalRelated(db: FieldDeskDb, batch: SettleBatch, entries: OutboxEntry[]): Promise<void> {
  for (const entry of entries) {
    if (batch.stillPending(entry.recordKey)) continue;
    for (const key of relatedKeysOf(entry.op)) {
      const [entity, id] = splitKey(key);
      // A related record made on this device whose own create this batch applied is the server's now (an audit planned and started offline).
      const settled = batch.settledRecord(key);
      const record = settled !== undefined ? settled : await db.tableFor(entity).get(id);
      if (record && record.rev === 0) batch.remove(entity, id);
    }
  }
}

function splitKey(key: string): [EntityName, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) as EntityName, key.slice(at + 1)];
}

/**
 * The outbox entries of some records. When those records hold most of the outbox (the usual
 * push answer), one getAll of the whole outbox is far cheaper than an index walk per key.
 */
async function pendingOpsOf(db: FieldDeskDb, keys: string[]): Promise<OutboxEntry[]> {
  const total = await db.outbox.count();
  if (total <= 2 * keys.length + 500) {
    const wanted = new Set(keys);
    return (await db.outbox.toArray()).filter((e) => wanted.has(e.recordKey));
  }
  return db.outbox.where('recordKey').anyOf(keys).toArray();
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
    // Only records with pending ops need more than a plain put (their shadow and a rebase);
    // the outbox is read with one getAll (primary-key order = seq order).
    const pending = new Map<string, OutboxEntry[]>();
    /** Ops that also change other records (e.g. an inventory's asset and CI), by those records' keys. */
    const related = new Map<string, OutboxEntry[]>();
    for (const entry of await db.outbox.toArray()) {
      getOr(pending, entry.recordKey, () => []).push(entry);
      for (const key of relatedKeysOf(entry.op)) getOr(related, key, () => []).push(entry);
    }
    if (page.reset) await resetReplica(db, pending, related, ctx);

    const puts = new Map<EntityName, Map<string, AnyRecord>>();
    const deletes = new Map<EntityName, Set<string>>();
    const shadowPuts: { key: string; record: AnyRecord | null }[] = [];
    for (const change of page.changes) {
      const key = pending.size ? recordKey(change.entity, change.id) : '';
      const ops = pending.size ? pending.get(key) : undefined;
      const relatedOps = related.size ? related.get(key) : undefined;
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
      // The server copy of a related record is its shadow (kept only when its repository keeps one, see settleRelatedShadows).
      if (relatedOps && !ops) shadowPuts.push({ key, record: change.data });
      if (relatedOps) visible = relatedOps.reduce<AnyRecord | undefined>((r, e) => applyOpTo(change.entity, change.id, r, e.op, ctx), visible);
      // A pending op may remove the record (an unlink): the pulled copy must not reappear.
      if (visible) getOr(puts, change.entity, () => new Map()).set(change.id, visible);
      else getOr(deletes, change.entity, () => new Set()).add(change.id);
    }
    for (const [entity, ids] of deletes) if (ids.size) await db.tableFor(entity).bulkDelete([...ids]);
    for (const [entity, records] of puts) if (records.size) await db.tableFor(entity).bulkPut([...records.values()]);
    if (shadowPuts.length) await db.shadows.bulkPut(shadowPuts);
    await setMeta(db, 'cursor', page.cursor);
  });
}

/** Drops every pulled record, keeping (and re-showing) records with pending ops and the records those ops also change. */
async function resetReplica(db: FieldDeskDb, pending: Map<string, OutboxEntry[]>, related: Map<string, OutboxEntry[]>, ctx: ApplyContext): Promise<void> {
  const shadows = new Map((await db.shadows.toArray()).map((s) => [s.key, s.record]));
  for (const table of db.entityTables()) await table.clear();
  const stale = [...shadows.keys()].filter((key) => !pending.has(key));
  if (stale.length) await db.shadows.bulkDelete(stale);
  for (const [key, entries] of pending) {
    const first = entries[0]!.op;
    const visible = rebase(shadows.get(key) ?? null, entries.map((e) => e.op), ctx);
    if (visible) await db.tableFor(first.entity).put(visible);
  }
  for (const [key, entries] of related) {
    const [entity, id] = splitKey(key);
    const visible = entries.reduce<AnyRecord | undefined>((r, e) => applyOpTo(entity, id, r, e.op, ctx), undefined);
    if (visible) await db.tableFor(entity).put(visible);
  }
}

/** Runs of consecutive integers in `numbers`, as [first, last] pairs in ascending order. */
export function runsOf(numbers: readonly number[]): [number, number][] {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const run = runs.at(-1);
    if (run && n === run[1] + 1) run[1] = n;
    else runs.push([n, n]);
  }
  return runs;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
