/**
 * The merged patch of a declared entity that is not a ticket, task or article (vendors,
 * contracts, licences, assets, asset models, audits, changes and their calendar): the same steps as ./patch.ts (three-way merge against the field state,
 * the entity's own check on the merged record, a new rev (and updatedAt, if it has one) when anything changed,
 * applied or conflict), written through the batch's generic `put`.
 */
import type { EntityName, EntityRecordMap } from '@fielddesk/common/entities/registry';
import type { TransitionCheck } from '@fielddesk/common/itsm/lifecycle';
import type { FieldConflict, FieldPolicy } from '@fielddesk/common/sync/merge';
import type { OpResult } from '@fielddesk/common/sync/protocol';
import { afterWrite, createdFieldState, planPatch, type RecordState } from '../field-state';
import type { BatchContext } from './context';
import { checkBaseRev } from './patch';
import { definedFields, enforce, reject } from './shared';

type Patched = 'vendor' | 'contract' | 'licence' | 'asset' | 'asset_model' | 'purchase_order' | 'purchase_order_line' | 'audit' | 'audit_scan' | 'change' | 'change_window' | 'release' | 'cab_meeting';
type Rec<E extends Patched> = EntityRecordMap[E];

const same = (a: unknown, b: unknown): boolean => a === b || (a == null && b == null);

/** Writes a new record of a patched entity with its field state: every field new, every patchable one this client's. */
export function putCreated<E extends Patched>(b: BatchContext, entity: E, record: Rec<E>, policies: Record<string, FieldPolicy>): void {
  b.put(entity, { record, ...createdFieldState(record, record.rev, b.info.clientId, policies) } as RecordState<EntityRecordMap[E]>);
}

export interface DeclaredPatch<E extends Patched> {
  entity: E;
  /** How the record is named in the refusal of a patch on a version never handed out ("contract"). */
  what: string;
  notFound: string;
  policies: Record<string, FieldPolicy>;
  /** The entity's rule over the merged record (and what it was), or a refusal in words. */
  check(next: Rec<E>, current: Rec<E>, changed: readonly string[]): Promise<TransitionCheck>;
}

export async function patchDeclared<E extends Patched>(
  b: BatchContext,
  op: { opId: string; id: string; baseRev: number; fields: object },
  spec: DeclaredPatch<E>,
): Promise<OpResult> {
  const state = (await b.record(spec.entity, op.id)) as RecordState<Rec<E>> | null;
  if (!state) return reject(spec.notFound);
  const current = state.record;
  checkBaseRev(op.baseRev, current, spec.what);
  const plan = planPatch(state, definedFields(op.fields), op.baseRev, spec.policies as Record<keyof object, FieldPolicy>, b.info.clientId);
  const next = { ...current } as Rec<E>;
  const mutable = next as unknown as Record<string, unknown>;
  const changed: string[] = [];
  for (const [field, value] of Object.entries(plan.apply)) {
    if (same(mutable[field], value)) continue;
    mutable[field] = value;
    changed.push(field);
  }
  if (changed.length > 0) enforce(await spec.check(next, current, changed));
  const conflicts: readonly FieldConflict[] = plan.conflicts;
  if (changed.length > 0) {
    next.rev = await b.nextRev();
    if ('updatedAt' in next) (next as { updatedAt: string }).updatedAt = b.info.nowIso;
    b.put(spec.entity, { record: next, ...afterWrite(state, changed, next.rev, b.info.clientId, spec.policies) } as RecordState<EntityRecordMap[E]>);
  }
  if (conflicts.length > 0) {
    b.recordConflicts(op.opId, spec.entity as EntityName, next.id, conflicts);
    return { opId: op.opId, status: 'conflict', fields: conflicts.map((c) => c.field), server: { ...next } };
  }
  return { opId: op.opId, status: 'applied', rev: next.rev, record: { ...next } };
}
