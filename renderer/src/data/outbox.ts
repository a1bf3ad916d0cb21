/**
 * The outbox: every change made on this device, in order, until the server has answered
 * for it. An op is appended in the same Dexie transaction that writes the record (see
 * repositories/), and removed only by the sync engine after the server's answer.
 */
import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { OpSchema, describeZodError, type OpInput } from '@fielddesk/common/sync/protocol';
import { recordKey, type FieldDeskDb, type OutboxEntry } from './db';

/** Ops without opId; appendOp gives each a fresh UUIDv7. */
export type NewOp = OpInput extends infer O ? (O extends OpInput ? Omit<O, 'opId'> : never) : never;

/**
 * Appends an op. Must run inside a Dexie transaction that includes db.outbox, together with
 * the write to the record, so both happen or neither does. Throws if the op is malformed
 * (then the whole transaction is rolled back).
 */
export async function appendOp(db: FieldDeskDb, op: NewOp): Promise<OutboxEntry> {
  if (!inTransactionWithOutbox()) {
    throw new Error('appendOp must run inside a transaction that also writes the record.');
  }
  const full = { ...op, opId: uuidv7() } as OpInput;
  const check = OpSchema.safeParse({ ...full, seq: 1 });
  if (!check.success) throw new Error(`This change cannot be saved: ${describeZodError(check.error)}`);
  const entry: OutboxEntry = {
    opId: full.opId,
    recordKey: recordKey(full.entity, full.id),
    op: full,
    state: 'pending',
    attempts: 0,
    createdAt: full.clientTime,
  };
  entry.seq = await db.outbox.add(entry);
  return entry;
}

function inTransactionWithOutbox(): boolean {
  // Dexie.currentTransaction is the ambient transaction of the running code, if any.
  const tx = Dexie.currentTransaction;
  return !!tx && tx.storeNames.includes('outbox');
}

/** The op as the protocol sends it: the entry's seq is the op's per-client sequence. */
export function toProtocolOp(entry: OutboxEntry) {
  if (entry.seq === undefined) throw new Error(`Outbox entry ${entry.opId} has no sequence number.`);
  return { ...entry.op, seq: entry.seq };
}

/** Pending ops of one record, oldest first. */
export async function pendingOpsFor(db: FieldDeskDb, key: string): Promise<OutboxEntry[]> {
  return db.outbox.where('recordKey').equals(key).sortBy('seq');
}
