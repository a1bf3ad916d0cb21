/**
 * What an op handler may use of its push batch: the viewer and the batch's facts, the
 * records it reads and writes, the references it checks, and revs and numbers. PushBatch
 * (sync/apply.ts) is the one implementation; the handlers know only this interface, so
 * apply.ts imports them and none of them imports apply.ts.
 */
import type { KnowledgeArticle, Person, Task, Ticket, TicketEvent, TicketEventType } from '@fielddesk/common/domain/entities';
import type { EntityName, EntityRecordMap } from '@fielddesk/common/entities/registry';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import type { NumberedKind } from '@fielddesk/common/itsm/numbering';
import type { FieldConflict } from '@fielddesk/common/sync/merge';
import type { StoreKind, WriteTx } from '../../db/database';
import type { RecordState } from '../field-state';
import type { Viewer } from '../scope';

export interface BatchInfo {
  storeKind: StoreKind;
  clientId: string;
  nowIso: string;
  /** Directory holding <filesDir>/attachments (see attachments/blobs.ts). */
  filesDir: string;
}

/** What the assignee rule needs to know about a person (common/itsm/lifecycle.ts checkAssignee). */
export type PersonFacts = Pick<Person, 'id' | 'displayName' | 'role' | 'siteId' | 'groupIds'>;

export interface References {
  requesterId?: string | null;
  groupId?: string | null;
  siteId?: string | null;
  locationId?: string | null;
}

/** One push batch as its op handlers see it (see PushBatch in sync/apply.ts for how each is done). */
export interface BatchContext {
  readonly viewer: Viewer;
  readonly info: BatchInfo;

  /**
   * The batch's write transaction, for handlers that write at once instead of at flush (the
   * inventory of an asset: inventory/record.ts). They must check everything before their
   * first write, so a rejected op leaves no trace.
   */
  transaction(): WriteTx;
  /** An asset and CI were written directly (see transaction): later ops of the batch see them as they are now. */
  assetsWritten(assetId: string, configurationItemId: string): void;

  // ---- revs, numbers, configuration ----

  nextRev(): Promise<number>;
  /** The next human number of a kind (INC-0042, TASK-0007, KB-0012), counted in this batch and written at flush. */
  nextNumber(kind: NumberedKind): Promise<string>;
  /** The ITSM configuration (priority matrix, reopen period, catalog), read once per batch. */
  config(): Promise<ItsmConfig>;

  // ---- records of any declared entity (common/entities/) ----

  /** A record with its field state, read once per batch; null when there is none (never was, or deleted). */
  record<E extends EntityName>(entity: E, id: string): Promise<RecordState<EntityRecordMap[E]> | null>;
  /** Reads many records at once (one query per chunk of ids), so that record() on them costs nothing: an audit's thousands of assets. */
  readMany(entity: EntityName, ids: readonly string[]): Promise<void>;
  /** Writes a record, new or changed, with its field state (entities that are patched), at flush. */
  put<E extends EntityName>(entity: E, state: RecordState<EntityRecordMap[E]>): void;
  /** Writes a new record of an entity that is never patched, at flush. */
  add<E extends EntityName>(entity: E, record: EntityRecordMap[E]): void;
  /** Deletes a record at flush and leaves a tombstone at `rev`, so every replica that has it drops it; its id may not come back. */
  remove(entity: EntityName, id: string, rev: number): void;
  /** The rev of a deleted record's tombstone; 0 when there is none (never deleted, or never stored). */
  tombstoneRev(entity: EntityName, id: string): Promise<number>;
  /** The id of a live record whose fields equal `where` (a unique key), this batch's writes included; null when none. */
  findOne<E extends EntityName>(entity: E, where: Partial<EntityRecordMap[E]>): Promise<string | null>;
  /**
   * The live records whose `field` is one of `values` (and whose fields equal `where`), this
   * batch's writes and deletions included: e.g. the relations leaving some CIs, for a rule
   * that walks a graph.
   */
  findAll<E extends EntityName, F extends keyof EntityRecordMap[E] & string>(
    entity: E,
    field: F,
    values: readonly EntityRecordMap[E][F][],
    where?: Partial<EntityRecordMap[E]>,
  ): Promise<EntityRecordMap[E][]>;
  /** Whether a record exists and the viewer may see it, by its entity's declared scope (a child through its parents). */
  visible(entity: EntityName, id: string): Promise<boolean>;

  // ---- tickets, tasks and articles, typed for their handlers ----

  ticket(id: string): Promise<RecordState<Ticket> | null>;
  /** The ticket if it exists and the viewer may see it (missing and invisible look the same). */
  visibleTicket(id: string): Promise<RecordState<Ticket> | null>;
  /** The visible ticket, or the op is refused with NOT_VISIBLE. */
  requireVisibleTicket(id: string): Promise<RecordState<Ticket>>;
  putTicket(state: RecordState<Ticket>): void;
  task(id: string): Promise<RecordState<Task> | null>;
  putTask(state: RecordState<Task>): void;
  article(id: string): Promise<RecordState<KnowledgeArticle> | null>;
  putArticle(state: RecordState<KnowledgeArticle>): void;
  /** Whether a new record of the viewer's may be tied to the stored file (the server holds it and the viewer may claim it). */
  blobUploaded(sha256: string): Promise<boolean>;
  /** Writes one line of a ticket's history, at its own rev, as the viewer. */
  addEvent(ticketId: string, type: TicketEventType, from: string | null, to: string | null, at: string): Promise<TicketEvent>;
  /** Keeps the clashing fields of an op for audit (sync_conflicts). */
  recordConflicts(opId: string, entity: EntityName, recordId: string, conflicts: readonly FieldConflict[], statusReason?: string): void;

  // ---- references ----

  location(id: string): Promise<{ siteId: string } | null>;
  /** Rejects references to people, groups, sites or locations that do not exist or do not fit. */
  checkReferences(refs: References): Promise<void>;
  /** The assignee rule of common/itsm/lifecycle.ts, with the app's words: the assignee must exist, work tickets, and belong to the group. */
  checkAssignee(assigneeId: string | null, groupId: string | null): Promise<void>;
}
