/**
 * How an op changes a record, used in two places so they always agree:
 * - repositories, to show a local change at once;
 * - the sync engine, to rebase pending changes onto a newer server record.
 * What is particular to each entity's ops is in ops/ (one local op applier per entity, looked
 * up by `op.entity` in ops/registry.ts); this file is the generic part and names no entity.
 */
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import type { OpInput, OpResult } from '@fielddesk/common/sync/protocol';
import type { RecordKey } from './db';
import { applierOf } from './ops/registry';
import type { ApplyContext } from './ops/types';

export type { ApplyContext } from './ops/types';
export { assetFromInventoryOp, ciFromInventoryOp, provisionalAssetTag } from './ops/asset-inventory';
export { newTicket } from './ops/ticket';

/** The ticket an op is about (a ticket op, or a record of that ticket), or null (a standalone task, an article). */
export function ticketIdOf(op: OpInput): string | null {
  return applierOf(op).ticketIdOf(op);
}

/** The record after `op`, or undefined when the op cannot apply (e.g. the record is gone, or a link was deleted). */
export function applyOp(record: AnyRecord | undefined, op: OpInput, ctx: ApplyContext): AnyRecord | undefined {
  return applierOf(op).apply(record, op, ctx);
}

/**
 * Records other than the op's own that an op also changes on this device, by key (e.g. an
 * inventory's asset and configuration item). The sync engine rebases a pulled copy of such a
 * record with the op (applyOpTo), and drops the provisional copies when the server refuses
 * the op or records it on another record (the applier's `retargets`).
 */
export function relatedKeysOf(op: OpInput): RecordKey[] {
  return applierOf(op).related?.keysOf(op) ?? [];
}

/**
 * `applyOp` for any record an op touches: its own record (same entity and id) or one of its
 * related records (relatedKeysOf). A record the op does not touch comes back unchanged.
 */
export function applyOpTo(entity: EntityName, id: string, record: AnyRecord | undefined, op: OpInput, ctx: ApplyContext): AnyRecord | undefined {
  if (entity === op.entity && id === op.id) return applyOp(record, op, ctx);
  const related = applierOf(op).related;
  return related ? related.apply(entity, id, record, op, ctx) : record;
}

/** Whether the server's answer recorded the op on another record than the op's own (see LocalOpApplier.retargets). */
export function isRetargeted(op: OpInput, result: OpResult): boolean {
  return applierOf(op).retargets?.(op, result) ?? false;
}

/** The server record with pending ops re-applied on top, in order. */
export function rebase(server: AnyRecord | null | undefined, ops: readonly OpInput[], ctx: ApplyContext): AnyRecord | undefined {
  return ops.reduce<AnyRecord | undefined>((record, op) => applyOp(record, op, ctx), server ?? undefined);
}

export function entityOf(op: OpInput): EntityName {
  return op.entity;
}
