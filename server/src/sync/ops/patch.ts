/**
 * The steps every merged patch (ticket, task, knowledge article) shares, around the
 * entity's own rules: apply the merge plan's fields onto a copy of the record, write the
 * record with a new rev and its field state, and answer applied or conflict.
 */
import type { FieldConflict, FieldPolicy, MergePlan } from '@fielddesk/common/sync/merge';
import type { OpResult } from '@fielddesk/common/sync/protocol';
import type { KnowledgeArticle, Task, Ticket } from '@fielddesk/common/domain/entities';
import type { BatchContext } from './context';
import { afterWrite, type RecordState } from '../field-state';
import { reject } from './shared';

type Merged = Ticket | Task | KnowledgeArticle;

const same = (a: unknown, b: unknown): boolean => a === b || (Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b));

/** Refuses a patch based on a version the server never handed out. */
export function checkBaseRev(baseRev: number, current: { rev: number }, what: string): void {
  if (baseRev > current.rev) {
    reject(`This change is based on version ${baseRev} of the ${what}, but the server's latest is version ${current.rev}. Pull again, then retry.`);
  }
}

/** The record with the plan's fields applied, and the fields that really changed. */
export function applyPlan<R extends Merged, F extends object>(current: R, plan: MergePlan<F>): { next: R; changed: string[] } {
  const next = { ...current };
  const mutable = next as unknown as Record<string, unknown>;
  const changed: string[] = [];
  for (const [field, value] of Object.entries(plan.apply)) {
    if (same(mutable[field], value)) continue;
    mutable[field] = value;
    changed.push(field);
  }
  return { next, changed };
}

/** Sets a derived field on `next`, noting it as changed when its value moves. */
export function setField<R extends Merged>(next: R, changed: string[], field: keyof R & string, value: unknown): void {
  const mutable = next as unknown as Record<string, unknown>;
  if (same(mutable[field], value)) return;
  mutable[field] = value;
  if (!changed.includes(field)) changed.push(field);
}

/**
 * Writes the patched record when anything changed (new rev, updatedAt, field state) through
 * `put`, and answers: conflict (kept for audit) when fields clashed, applied otherwise.
 */
export async function finishPatch<R extends Merged>(
  b: BatchContext,
  op: { opId: string },
  entity: 'ticket' | 'task' | 'knowledge_article',
  state: RecordState<R>,
  result: { next: R; changed: readonly string[]; conflicts: readonly FieldConflict[]; reason?: string },
  policies: Record<string, FieldPolicy>,
  put: (state: RecordState<R>) => void,
): Promise<OpResult> {
  const { next, changed, conflicts, reason } = result;
  if (changed.length > 0) {
    next.rev = await b.nextRev();
    next.updatedAt = b.info.nowIso;
    put({ record: next, ...afterWrite(state, changed, next.rev, b.info.clientId, policies) });
  }
  if (conflicts.length > 0) {
    b.recordConflicts(op.opId, entity, next.id, conflicts, reason);
    const answer: OpResult = { opId: op.opId, status: 'conflict', fields: conflicts.map((c) => c.field), server: { ...next } };
    if (reason) answer.reason = reason;
    return answer;
  }
  return { opId: op.opId, status: 'applied', rev: next.rev, record: { ...next } };
}
