/**
 * The common shape of a local op applier: what the sync core needs to know about one entity's
 * ops to apply them to the local replica (repositories show a change at once; the sync engine
 * rebases pending ops onto newer server records). One applier per edited entity lives beside
 * this file and is listed in registry.ts; the sync core looks it up by `op.entity`.
 */
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import type { OpInput, OpResult } from '@fielddesk/common/sync/protocol';
import type { RecordKey } from '../db';

export interface ApplyContext {
  /** The signed-in user: the author of worklogs, tasks, links and articles made on this device. */
  userId: string;
}

/** The entities that have ops. */
export type OpEntity = OpInput['entity'];

/** The ops of one entity. */
export type OpOf<E extends OpEntity> = Extract<OpInput, { entity: E }>;

/** Records other than the op's own that an op also changes on this device. */
export interface RelatedRecords<O extends OpInput = OpInput> {
  /** Their keys. */
  keysOf(op: O): RecordKey[];
  /** One of them after `op`; a record the op does not touch comes back unchanged. */
  apply(entity: EntityName, id: string, record: AnyRecord | undefined, op: O, ctx: ApplyContext): AnyRecord | undefined;
}

export interface LocalOpApplier<O extends OpInput = OpInput> {
  /** The ticket an op is about (a ticket op, or a record of that ticket), or null. */
  ticketIdOf(op: O): string | null;
  /** The op's own record (same entity and id) after `op`, or undefined when the op cannot apply or removes it. */
  apply(record: AnyRecord | undefined, op: O, ctx: ApplyContext): AnyRecord | undefined;
  /** Other records the op writes too; the sync engine rebases their pulled copies with the op and drops provisional ones the server did not keep. */
  related?: RelatedRecords<O>;
  /**
   * Whether the server's answer recorded the op on another record than the op's own (then the
   * device's provisional record and related records go, and the pull brings the real ones).
   */
  retargets?(op: O, result: OpResult): boolean;
}

/** The later of two timestamps. */
export function maxTime(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
