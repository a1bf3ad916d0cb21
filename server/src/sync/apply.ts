/**
 * Applies the ops of one push batch inside its write transaction and says, per op, what
 * happened: applied (with the new rev and record), conflict (with the server's record and
 * the clashing fields) or rejected (with a reason a person can read).
 *
 * An op validates everything before it changes anything, so a rejected op leaves no trace.
 * The rules are the ones the app applies offline (common/itsm: lifecycle.ts, config.ts,
 * kinds.ts), so a change is refused for the same reason, in the same words, in both places.
 * The handlers live in sync/ops/, one file per entity, reached through ops/registry.ts; this
 * class is what they share: the batch's reads, writes and references,
 * which they see through the BatchContext interface of sync/ops/context.ts.
 *
 * Patches (tickets, tasks, knowledge articles) merge per field, three-way against the op's
 * baseRev, with the policies of common/sync/merge.ts, using the rev at which each field
 * last changed on the server (the `field_revs` column; sync/field-state.ts):
 * - a field the server has not changed since baseRev takes the client's value; so does a
 *   field whose last change came from the same client (its own earlier offline op, pushed
 *   before with the same baseRev);
 * - a field both sides changed to the same value is no clash;
 * - status ('lifecycle') goes through the lifecycle from the server's current state; when
 *   both sides changed it and the lifecycle refuses, the op answers 'conflict' with the
 *   reason in words (when only the client changed it, the op is rejected);
 * - any other clash ('conflict') keeps the server's value and answers 'conflict' with the
 *   server record and the clashing fields, while the op's other fields still apply.
 * Every conflict is also stored in sync_conflicts for audit.
 *
 * History: ticket changes that matter to a timeline (created, status, reopened, assignee,
 * group, priority, problem) are written as ticket_events, each with its own rev, `at` the
 * technician's (clamped) time and `recordedAt` the server's.
 *
 * Records: the batch holds every record it reads or writes, of any declared entity
 * (common/entities/), in one generic store: `record` reads one (once per batch), `put` writes
 * one, `remove` deletes one and leaves a tombstone, `findOne` looks a unique key up, `visible`
 * applies the entity's declared scope. Nothing here names an entity's table or columns; the
 * handlers (sync/ops/) know their entities, this class knows only the declarations.
 *
 * Speed: a batch is one unit. `preload` reads every record the batch's ops name (their own
 * and those their handler's `refs` lists) in one query per entity and chunk; references
 * (people, groups, sites, locations, the ITSM configuration) are looked up once per batch;
 * writes are kept in memory and `flush` writes them in bulk: deletions with their tombstones
 * first, then per entity, in the declarations' order (referenced records first), one
 * statement per chunk: an upsert for entities that are patched and for records read from the store, an insert for new records of the others.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AnyRecord, KnowledgeArticle, Task, Ticket, TicketEvent, TicketEventType } from '@fielddesk/common/domain/entities';
import { ENTITIES, entities, recordFromRow, rowFromRecord, type EntityName, type EntityRecordMap } from '@fielddesk/common/entities/registry';
import type { EntityDeclaration } from '@fielddesk/common/entities/define';
import { dayOf, type ScopeRule } from '@fielddesk/common/entities/scope';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { checkAssignee } from '@fielddesk/common/itsm/lifecycle';
import { NUMBER_PREFIX, formatTicketNumber, numberingOf, type NumberedKind } from '@fielddesk/common/itsm/numbering';
import type { FieldConflict } from '@fielddesk/common/sync/merge';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import { readItsmConfig } from '../admin/itsm-config';
import { blobPath } from '../attachments/blobs';
import { mayClaim } from '../attachments/ownership';
import type { WriteTx } from '../db/database';
import type { Database, SyncConflictTable } from '../db/types';
import { bulkInsert } from './bulk';
import { fieldStateText, parseFieldState, type RecordState } from './field-state';
import type { BatchContext, BatchInfo, PersonFacts, References } from './ops/context';
import { handlerOf, refsOf } from './ops/registry';
import { NOT_VISIBLE, Rejection, enforce, reject } from './ops/shared';
import { canSeeRecord, type Viewer } from './scope';

export { NOT_VISIBLE };

/** Rows per bulk statement: stays well below SQLite's and PostgreSQL's bound-parameter limits. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const declared = entities as Record<EntityName, EntityDeclaration>;
/** Entities whose records are patched keep the rev at which each field last changed (`field_revs`). */
const patched = (entity: EntityDeclaration) => Boolean(entity.ops.patch);
const NO_FIELD_STATE = { fieldRevs: {}, writers: {} };

/** What the batch holds of one entity. */
interface Held {
  /** id -> the record and its field state, or null when there is none (never was, or deleted). */
  states: Map<string, RecordState<AnyRecord> | null>;
  /** id -> the values of the table-only columns its scope reads (declaration `tableOnly`), as read. */
  tableOnly: Map<string, Record<string, unknown>>;
  /** Records to write at flush. */
  dirty: Set<string>;
  /** Ids read from the store: written back as an update even when the entity is not patched (a check-out closed by a check-in). */
  stored: Set<string>;
  /** id -> rev of its tombstone (0: checked, none). */
  tombstones: Map<string, number>;
  /** Deleted in this batch: id -> rev of the delete. */
  removed: Map<string, number>;
}

/** The child-of rules inside a rule (a rule may be a child of several parents through anyOf or allOf). */
function childRules(rule: ScopeRule): Extract<ScopeRule, { kind: 'childOf' }>[] {
  if (rule.kind === 'childOf') return [rule];
  return rule.kind === 'anyOf' || rule.kind === 'allOf' ? rule.rules.flatMap(childRules) : [];
}

/** Per entity, worked out once: its child-of rules, and the scope fields that are table columns but not record fields. */
const SCOPE_PARTS = new Map(
  (ENTITIES as readonly EntityDeclaration[]).map((e) => {
    const fields = new Set(e.columns.map((c) => c.field));
    return [e.name as EntityName, { parents: childRules(e.scope), tableOnly: Object.entries(e.scopeColumns).filter(([field]) => !fields.has(field)) }] as const;
  }),
);

/** One push batch: caches what it reads, keeps what it writes, and writes it at flush. */
export class PushBatch implements BatchContext {
  private readonly db: Kysely<Database>;
  private readonly held = new Map<EntityName, Held>();
  private readonly conflictRows: Insertable<SyncConflictTable>[] = [];
  private readonly persons = new Map<string, PersonFacts | null>();
  private readonly groups = new Map<string, { id: string; name: string } | null>();
  private readonly sites = new Map<string, boolean>();
  private readonly locations = new Map<string, { siteId: string } | null>();
  private itsmConfig: ItsmConfig | undefined;
  /**
   * Numbers handed out in this batch: kind -> last number. Read once per kind, counted
   * here and written at flush; writers are serialized, so no other batch counts meanwhile,
   * and a rejected create takes no number (numbers are never skipped).
   */
  private readonly counters = new Map<NumberedKind, number>();
  /** Today, for window rules. */
  private readonly day: number;
  /** True once an op of this batch changed something (so clients should be poked). */
  changed = false;

  constructor(
    private readonly tx: WriteTx,
    readonly viewer: Viewer,
    readonly info: BatchInfo,
  ) {
    this.db = tx.db;
    this.day = dayOf(Date.parse(info.nowIso));
  }

  private of(entity: EntityName): Held {
    let held = this.held.get(entity);
    if (!held) {
      held = { states: new Map(), tableOnly: new Map(), dirty: new Set(), stored: new Set(), tombstones: new Map(), removed: new Map() };
      this.held.set(entity, held);
    }
    return held;
  }

  /** Reads every record the ops name (their own, and their handlers' refs), one query per entity and chunk. */
  async preload(ops: readonly Op[]): Promise<void> {
    const wanted = new Map<EntityName, Set<string>>();
    const want = (entity: EntityName, id: string | null | undefined) => {
      if (!id) return;
      const ids = wanted.get(entity) ?? new Set<string>();
      ids.add(id);
      wanted.set(entity, ids);
    };
    for (const op of ops) {
      want(op.entity, op.id);
      for (const [entity, id] of refsOf(op)) want(entity, id);
    }
    for (const [entity, ids] of wanted) {
      await this.load(entity, [...ids]);
      if (declared[entity].ops.delete) await this.loadTombstones(entity, [...ids]);
    }
  }

  private async load(entity: EntityName, ids: readonly string[]): Promise<void> {
    const held = this.of(entity);
    const missing = ids.filter((id) => !held.states.has(id));
    if (missing.length === 0) return;
    const declaration = declared[entity];
    for (const id of missing) held.states.set(id, null);
    const { tableOnly } = SCOPE_PARTS.get(entity)!;
    for (const part of chunks(missing, 1)) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(declaration.table)} where id in (${sql.join(part)})`.execute(this.db)).rows;
      for (const row of rows) {
        const id = String(row.id);
        const record = recordFromRow(declaration, row) as unknown as AnyRecord;
        const fieldState = patched(declaration) ? parseFieldState(String(row.field_revs ?? '')) : NO_FIELD_STATE;
        held.states.set(id, { record, ...fieldState });
        held.stored.add(id);
        if (tableOnly.length > 0) held.tableOnly.set(id, Object.fromEntries(tableOnly.map(([field, column]) => [field, row[column]])));
      }
    }
  }

  private async loadTombstones(entity: EntityName, ids: readonly string[]): Promise<void> {
    const held = this.of(entity);
    const missing = ids.filter((id) => !held.tombstones.has(id));
    for (const id of missing) held.tombstones.set(id, 0);
    for (const part of chunks(missing, 1)) {
      for (const row of await this.db.selectFrom('tombstones').select(['id', 'rev']).where('entity', '=', entity).where('id', 'in', part).execute()) {
        held.tombstones.set(row.id, Number(row.rev));
      }
    }
  }

  /** Applies one op to the batch's state; never throws for a reason the client caused. */
  async apply(op: Op): Promise<OpResult> {
    try {
      return await handlerOf(op)(this, op);
    } catch (error) {
      if (error instanceof Rejection) return { opId: op.opId, status: 'rejected', reason: error.message };
      throw error;
    }
  }

  /**
   * The batch's write transaction, for handlers that write at once instead of at flush (the
   * inventory of an asset: inventory/record.ts). They must check everything before their
   * first write, so a rejected op leaves no trace.
   */
  transaction(): WriteTx {
    return this.tx;
  }

  /** An asset and CI were written directly (see transaction): later ops of the batch read them again. */
  assetsWritten(assetId: string, configurationItemId: string): void {
    for (const [entity, id] of [['asset', assetId], ['configuration_item', configurationItemId], ['asset_inventory', assetId]] as const) {
      this.of(entity).states.delete(id);
      this.of(entity).tableOnly.delete(id);
    }
    this.changed = true;
  }

  // ---- revs, numbers, configuration ----

  nextRev(): Promise<number> {
    return this.tx.nextRev();
  }

  /** The next human number of a kind (INC-0042, TASK-0007, KB-0012), counted in this batch and written at flush. */
  async nextNumber(kind: NumberedKind): Promise<string> {
    let last = this.counters.get(kind);
    if (last === undefined) {
      const row = await this.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', kind).executeTakeFirst();
      last = row ? Number(row.last_number) : await this.highestNumber(kind);
    }
    this.counters.set(kind, ++last);
    return formatTicketNumber(kind, last);
  }

  /**
   * Without a counter row, numbering continues after the highest number already given (a
   * database seeded or migrated with numbered records), so a number is never handed out twice.
   */
  private async highestNumber(kind: NumberedKind): Promise<number> {
    const pattern = `${NUMBER_PREFIX[kind]}-%`;
    const { entity, by } = numberingOf(kind);
    const column = (field: string) => sql.ref(entity.scopeColumns[field] ?? field);
    const ofKind = by ? sql` and ${column(by)} = ${kind}` : sql``;
    const rows = (await sql<{ number: string | null }>`select ${column('number')} as number from ${sql.table(entity.table)} where ${column('number')} like ${pattern}${ofKind}`.execute(this.db)).rows;
    return Math.max(0, ...rows.map((r) => Number(/-(\d+)$/.exec(r.number ?? '')?.[1] ?? 0)));
  }

  /** The ITSM configuration (priority matrix, reopen period, catalog), read once per batch. */
  async config(): Promise<ItsmConfig> {
    this.itsmConfig ??= await readItsmConfig(this.db);
    return this.itsmConfig;
  }

  // ---- records of any entity ----

  async record<E extends EntityName>(entity: E, id: string): Promise<RecordState<EntityRecordMap[E]> | null> {
    const held = this.of(entity);
    if (!held.states.has(id)) await this.load(entity, [id]);
    return (held.states.get(id) ?? null) as RecordState<EntityRecordMap[E]> | null;
  }

  readMany(entity: EntityName, ids: readonly string[]): Promise<void> {
    return this.load(entity, ids);
  }

  put<E extends EntityName>(entity: E, state: RecordState<EntityRecordMap[E]>): void {
    const held = this.of(entity);
    const id = (state.record as { id: string }).id;
    held.states.set(id, state as unknown as RecordState<AnyRecord>);
    held.removed.delete(id);
    held.dirty.add(id);
    this.changed = true;
  }

  add<E extends EntityName>(entity: E, record: EntityRecordMap[E]): void {
    this.put(entity, { record, ...NO_FIELD_STATE });
  }

  remove(entity: EntityName, id: string, rev: number): void {
    const held = this.of(entity);
    held.states.set(id, null);
    held.tableOnly.delete(id);
    held.dirty.delete(id);
    held.removed.set(id, rev);
    held.tombstones.set(id, rev);
    this.changed = true;
  }

  async tombstoneRev(entity: EntityName, id: string): Promise<number> {
    const held = this.of(entity);
    if (!held.tombstones.has(id)) await this.loadTombstones(entity, [id]);
    return held.tombstones.get(id) ?? 0;
  }

  async findOne<E extends EntityName>(entity: E, where: Partial<EntityRecordMap[E]>): Promise<string | null> {
    const held = this.of(entity);
    const declaration = declared[entity];
    const pairs = Object.entries(where as Record<string, unknown>);
    const matches = (record: Record<string, unknown>) => pairs.every(([field, value]) => record[field] === value);
    for (const [id, state] of held.states) if (state && matches(state.record as unknown as Record<string, unknown>)) return id;
    // Stored ones, unless this batch deleted or changed them (those were looked at above).
    const stored = rowFromRecord(declaration, where as Record<string, unknown>);
    const columns = declaration.columns.filter((c) => c.field in (where as object));
    const conditions = columns.map((c) => sql`${sql.ref(c.column)} = ${stored[c.column]}`);
    const rows = (await sql<{ id: string }>`select id from ${sql.table(declaration.table)} where ${sql.join(conditions, sql` and `)}`.execute(this.db)).rows;
    return rows.map((r) => String(r.id)).find((id) => !held.states.has(id)) ?? null;
  }

  async findAll<E extends EntityName, F extends keyof EntityRecordMap[E] & string>(
    entity: E,
    field: F,
    values: readonly EntityRecordMap[E][F][],
    where: Partial<EntityRecordMap[E]> = {},
  ): Promise<EntityRecordMap[E][]> {
    if (values.length === 0) return [];
    const held = this.of(entity);
    const declaration = declared[entity];
    const pairs = Object.entries(where as Record<string, unknown>);
    const wanted = new Set<unknown>(values);
    const matches = (record: Record<string, unknown>) => wanted.has(record[field]) && pairs.every(([f, value]) => record[f] === value);
    const found = new Map<string, EntityRecordMap[E]>();
    const columnOf = (f: string) => declaration.columns.find((c) => c.field === f)!.column;
    const stored = rowFromRecord(declaration, where as Record<string, unknown>);
    const equal = declaration.columns.filter((c) => c.field in (where as object)).map((c) => sql`${sql.ref(c.column)} = ${stored[c.column]}`);
    for (const part of chunks(values, 1)) {
      const conditions = [sql`${sql.ref(columnOf(field))} in (${sql.join(part)})`, ...equal];
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(declaration.table)} where ${sql.join(conditions, sql` and `)}`.execute(this.db)).rows;
      // The batch's view of a record it holds (changed or deleted) wins over the stored row. A row
      // found here is known to be stored, so a handler that writes it back is an update at flush.
      for (const row of rows) {
        const id = String(row.id);
        if (held.states.has(id)) continue;
        found.set(id, recordFromRow(declaration, row) as EntityRecordMap[E]);
        held.stored.add(id);
      }
    }
    for (const [id, state] of held.states) if (state && matches(state.record as unknown as Record<string, unknown>)) found.set(id, state.record as unknown as EntityRecordMap[E]);
    return [...found.values()];
  }

  async visible(entity: EntityName, id: string): Promise<boolean> {
    const state = await this.record(entity, id);
    if (!state) return false;
    const declaration = declared[entity];
    const extra = this.of(entity).tableOnly.get(id);
    const values = (extra ? { ...extra, ...state.record } : state.record) as unknown as Record<string, unknown>;
    const { parents } = SCOPE_PARTS.get(entity)!;
    if (parents.length === 0) return canSeeRecord(declaration, this.viewer, values, this.day);
    // A child's parents are looked up first (they may be read from the database), then the rule is checked.
    const seen = new Map<string, boolean>();
    for (const rule of parents) {
      const parentId = values[rule.field];
      if (typeof parentId === 'string') seen.set(`${rule.parent}:${parentId}`, await this.visible(rule.parent as EntityName, parentId));
    }
    return canSeeRecord(declaration, this.viewer, values, this.day, (parent, parentId) => seen.get(`${parent}:${parentId}`) ?? false);
  }

  // ---- tickets, tasks and articles: the typed forms their handlers use ----

  ticket(id: string): Promise<RecordState<Ticket> | null> {
    return this.record('ticket', id);
  }

  /** The ticket if it exists and the viewer may see it (missing and invisible look the same). */
  async visibleTicket(id: string): Promise<RecordState<Ticket> | null> {
    return (await this.visible('ticket', id)) ? (this.of('ticket').states.get(id) as RecordState<Ticket>) : null;
  }

  /** The visible ticket, or the op is refused with NOT_VISIBLE. */
  async requireVisibleTicket(id: string): Promise<RecordState<Ticket>> {
    return (await this.visibleTicket(id)) ?? reject(NOT_VISIBLE);
  }

  putTicket(state: RecordState<Ticket>): void {
    this.put('ticket', state);
  }

  task(id: string): Promise<RecordState<Task> | null> {
    return this.record('task', id);
  }

  putTask(state: RecordState<Task>): void {
    this.put('task', state);
  }

  article(id: string): Promise<RecordState<KnowledgeArticle> | null> {
    return this.record('knowledge_article', id);
  }

  putArticle(state: RecordState<KnowledgeArticle>): void {
    this.put('knowledge_article', state);
  }

  /**
   * Whether a new record of the viewer's may be tied to the stored file: the server holds the
   * bytes and the viewer may claim them (uploaded them, or may see a record of them whose file
   * is held: attachments/ownership.ts). Knowing a hash is not enough. Checked inside the write
   * transaction: an upload that completes later flips `uploaded` in its own (serialized)
   * transaction, after this one commits (attachments/routes.ts).
   */
  async blobUploaded(sha256: string): Promise<boolean> {
    return fs.existsSync(blobPath(this.info.filesDir, sha256)) && (await mayClaim(this.db, this.viewer, sha256));
  }

  /** Writes one line of a ticket's history, at its own rev, as the viewer. */
  async addEvent(ticketId: string, type: TicketEventType, from: string | null, to: string | null, at: string): Promise<TicketEvent> {
    const event: TicketEvent = {
      id: randomUUID(),
      ticketId,
      type,
      from,
      to,
      actorId: this.viewer.id,
      at,
      recordedAt: this.info.nowIso,
      rev: await this.nextRev(),
    };
    this.add('ticket_event', event);
    return event;
  }

  /** Keeps the clashing fields of an op for audit (sync_conflicts). */
  recordConflicts(opId: string, entity: EntityName, recordId: string, conflicts: readonly FieldConflict[], statusReason?: string): void {
    for (const c of conflicts) {
      this.conflictRows.push({
        client_id: this.info.clientId,
        op_id: opId,
        field: c.field,
        person_id: this.viewer.id,
        entity,
        record_id: recordId,
        local_value: JSON.stringify(c.local ?? null),
        server_value: JSON.stringify(c.server ?? null),
        reason: c.field === 'status' ? (statusReason ?? null) : null,
        created_at: this.info.nowIso,
      });
    }
  }

  // ---- references, looked up once per batch ----

  async person(id: string): Promise<PersonFacts | null> {
    if (!this.persons.has(id)) {
      const p = await this.db.selectFrom('persons').select(['id', 'display_name', 'role', 'site_id']).where('id', '=', id).executeTakeFirst();
      const groupIds = p ? (await this.db.selectFrom('person_groups').select('group_id').where('person_id', '=', id).execute()).map((r) => r.group_id) : [];
      this.persons.set(id, p ? { id: p.id, displayName: p.display_name, role: p.role, siteId: p.site_id, groupIds } : null);
    }
    return this.persons.get(id) ?? null;
  }

  async group(id: string): Promise<{ id: string; name: string } | null> {
    if (!this.groups.has(id)) {
      const g = await this.db.selectFrom('groups').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
      this.groups.set(id, g ?? null);
    }
    return this.groups.get(id) ?? null;
  }

  private async siteExists(id: string): Promise<boolean> {
    let known = this.sites.get(id);
    if (known === undefined) {
      known = Boolean(await this.db.selectFrom('sites').select('id').where('id', '=', id).executeTakeFirst());
      this.sites.set(id, known);
    }
    return known;
  }

  async location(id: string): Promise<{ siteId: string } | null> {
    if (!this.locations.has(id)) {
      const l = await this.db.selectFrom('locations').select('site_id').where('id', '=', id).executeTakeFirst();
      this.locations.set(id, l ? { siteId: l.site_id } : null);
    }
    return this.locations.get(id) ?? null;
  }

  /** Rejects references to people, groups, sites or locations that do not exist or do not fit. */
  async checkReferences(refs: References): Promise<void> {
    if (refs.requesterId && !(await this.person(refs.requesterId))) reject('The requester does not exist.');
    if (refs.groupId && !(await this.group(refs.groupId))) reject('The support group does not exist.');
    if (refs.siteId && !(await this.siteExists(refs.siteId))) reject('The site does not exist.');
    if (refs.locationId) {
      const l = await this.location(refs.locationId);
      if (!l) reject('The location does not exist.');
      else if (refs.siteId && l.siteId !== refs.siteId) reject("The location is not at the ticket's site.");
    }
  }

  /**
   * The assignee rule of common/itsm/lifecycle.ts (checkAssignee), with the same words the
   * app shows: the assignee must exist, work tickets, and belong to the record's group.
   */
  async checkAssignee(assigneeId: string | null, groupId: string | null): Promise<void> {
    if (!assigneeId) return;
    const person = await this.person(assigneeId);
    if (!person) return reject('The assignee does not exist.');
    const group = groupId ? await this.group(groupId) : null;
    if (groupId && !group) reject('The support group does not exist.');
    enforce(checkAssignee(person, group));
  }

  // ---- writing ----

  /** Writes everything the batch changed, in bulk, in an order the foreign keys accept. */
  async flush(): Promise<void> {
    const { db } = this;
    const kind = this.info.storeKind;
    for (const [counter, last] of this.counters) {
      await db
        .insertInto('ticket_counters')
        .values({ kind: counter, last_number: last })
        .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: last }))
        .execute();
    }
    // Deletions first: a record deleted and made again in one batch keeps its unique key free.
    for (const [entity, held] of this.held) {
      if (held.removed.size === 0) continue;
      const ids = [...held.removed.keys()];
      for (const part of chunks(ids, 1)) await sql`delete from ${sql.table(declared[entity].table)} where id in (${sql.join(part)})`.execute(db);
      const tombstones = [...held.removed].map(([id, rev]) => ({ entity, id, rev, deleted_at: this.info.nowIso }));
      for (const part of chunks(tombstones, 4)) await db.insertInto('tombstones').values(part).execute();
    }
    // Then new and changed records, referenced entities first: an upsert for patched entities
    // (UPDATE triggers still fire on the update path) and for records read from the store, an
    // insert for the others.
    for (const declaration of ENTITIES as readonly EntityDeclaration[]) {
      const held = this.held.get(declaration.name as EntityName);
      if (!held || held.dirty.size === 0) continue;
      const withState = patched(declaration);
      const inserts: Record<string, unknown>[] = [];
      const upserts: Record<string, unknown>[] = [];
      for (const id of held.dirty) {
        const state = held.states.get(id);
        if (!state) continue;
        const row = rowFromRecord(declaration, state.record as unknown as Record<string, unknown>);
        if (withState) upserts.push({ ...row, field_revs: fieldStateText(state) });
        else (held.stored.has(id) ? upserts : inserts).push(row);
      }
      const table = declaration.table as keyof Database & string;
      if (inserts.length > 0) await bulkInsert(db, kind, { table, columns: Object.keys(inserts[0]!), rows: inserts });
      if (upserts.length > 0) await bulkInsert(db, kind, { table, columns: Object.keys(upserts[0]!), rows: upserts, onConflictUpdate: 'id' });
    }
    for (const part of chunks(this.conflictRows, 11)) await db.insertInto('sync_conflicts').values(part).execute();
  }
}
