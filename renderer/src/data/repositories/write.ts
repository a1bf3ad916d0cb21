/**
 * The one local write path shared by every repository: inside the caller's transaction,
 * keep the server's copy in `shadows` the first time a record gets a pending op, append
 * the op to the outbox, and write the record as it looks with the op applied.
 */
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import { applyOp, applyOpTo, relatedKeysOf } from '../apply';
import { recordKey, type FieldDeskDb, type OutboxEntry, type ShadowEntry } from '../db';
import { appendOp, type NewOp } from '../outbox';

/** A record's shadow as read once by the caller (`entry` undefined: the record has none). */
export interface KnownShadow {
  entry: ShadowEntry | undefined;
}

/**
 * Writes a local change. Pass `known` when the caller already read the record's shadow in
 * this transaction (see serverBaseOf) so it is not read twice.
 */
export async function writeLocal(
  db: FieldDeskDb,
  userId: string,
  before: AnyRecord | undefined,
  op: NewOp,
  known?: KnownShadow,
): Promise<OutboxEntry> {
  const key = recordKey(op.entity, op.id);
  const shadow = known ? known.entry : await db.shadows.get(key);
  if (!shadow) await db.shadows.put({ key, record: before ?? null });
  const entry = await appendOp(db, op);
  const next = applyOp(before, entry.op, { userId });
  if (next) await db.tableFor(op.entity).put(next);
  else if (op.kind === 'delete') await db.tableFor(op.entity).delete(op.id);
  return entry;
}

/**
 * Writes the other records an op changes (its applier's `related`: the audit an action moves,
 * the asset a check-out changes, the assets a receipt makes), as the op leaves them, keeping
 * each one's server copy in `shadows` the first time, like writeLocal. Call it after writeLocal,
 * in the same transaction; the sync engine rebases those records with the same applier.
 */
export async function writeRelated(db: FieldDeskDb, userId: string, entry: OutboxEntry): Promise<void> {
  for (const key of relatedKeysOf(entry.op)) {
    const at = key.indexOf(':');
    const entity = key.slice(0, at) as EntityName;
    const id = key.slice(at + 1);
    const table = db.tableFor(entity);
    const before = await table.get(id);
    if (!(await db.shadows.get(key))) await db.shadows.put({ key, record: before ?? null });
    const after = applyOpTo(entity, id, before, entry.op, { userId });
    if (after) await table.put(after);
  }
}

/** The rev this device last saw from the server for a record (local writes never change rev). */
export async function serverRevOf(db: FieldDeskDb, key: string, visible: AnyRecord): Promise<number> {
  return (await serverBaseOf(db, key, visible)).baseRev;
}

/** The server rev a patch is based on, and the shadow it was read from (for writeLocal). */
export async function serverBaseOf(db: FieldDeskDb, key: string, visible: AnyRecord): Promise<{ baseRev: number; known: KnownShadow }> {
  const entry = await db.shadows.get(key);
  return { baseRev: entry?.record ? entry.record.rev : visible.rev, known: { entry } };
}
