/**
 * The one local write path shared by every repository: inside the caller's transaction,
 * keep the server's copy in `shadows` the first time a record gets a pending op, append
 * the op to the outbox, and write the record as it looks with the op applied.
 */
import type { AnyRecord } from '@fielddesk/common/domain/entities';
import { applyOp } from '../apply';
import { recordKey, type FieldDeskDb, type OutboxEntry } from '../db';
import { appendOp, type NewOp } from '../outbox';

export async function writeLocal(db: FieldDeskDb, userId: string, before: AnyRecord | undefined, op: NewOp): Promise<OutboxEntry> {
  const key = recordKey(op.entity, op.id);
  if (!(await db.shadows.get(key))) await db.shadows.put({ key, record: before ?? null });
  const entry = await appendOp(db, op);
  const next = applyOp(before, entry.op, { userId });
  if (next) await db.tableFor(op.entity).put(next);
  return entry;
}

/** The rev this device last saw from the server for a record (local writes never change rev). */
export async function serverRevOf(db: FieldDeskDb, key: string, visible: AnyRecord): Promise<number> {
  const shadow = await db.shadows.get(key);
  return shadow?.record ? shadow.record.rev : visible.rev;
}
