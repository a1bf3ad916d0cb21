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
 * Speed: a batch is one unit. `preload` reads every ticket, task, article, link, worklog id
 * and attachment id the batch touches in a few queries; references (people, groups, sites,
 * locations, link targets, the ITSM configuration) are looked up once per batch; writes are
 * kept in memory and `flush` writes them in bulk (one upsert per chunk per table, then the
 * appended rows, link deletions with their tombstones, events and conflicts).
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Attachment, KnowledgeArticle, LinkTarget, Task, Ticket, TicketEvent, TicketEventType, TicketLink, Worklog } from '@fielddesk/common/domain/entities';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { checkAssignee } from '@fielddesk/common/itsm/lifecycle';
import { NUMBER_PREFIX, formatTicketNumber, type NumberedKind } from '@fielddesk/common/itsm/numbering';
import type { FieldConflict } from '@fielddesk/common/sync/merge';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import { readItsmConfig } from '../admin/itsm-config';
import { blobPath } from '../attachments/blobs';
import { mayClaim } from '../attachments/ownership';
import type { WriteTx } from '../db/database';
import {
  attachmentToRow,
  knowledgeArticleFromRow,
  knowledgeArticleToRow,
  taskFromRow,
  taskToRow,
  ticketEventToRow,
  ticketFromRow,
  ticketLinkFromRow,
  ticketLinkToRow,
  ticketToRow,
  worklogToRow,
} from '../db/records';
import type { Database, SyncConflictTable, TicketEventTable } from '../db/types';
import { bulkInsert } from './bulk';
import { fieldStateText, parseFieldState, type RecordState } from './field-state';
import type { BatchContext, BatchInfo, PersonFacts, References } from './ops/context';
import { handlerOf } from './ops/registry';
import { NOT_VISIBLE, Rejection, enforce, reject } from './ops/shared';
import { canSeeArticle, canSeeSiteRecord, canSeeTicket, type Viewer } from './scope';

export { NOT_VISIBLE };

/** Rows per bulk statement: stays well below SQLite's and PostgreSQL's bound-parameter limits. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const linkKey = (ticketId: string, entity: LinkTarget, targetId: string) => `${ticketId}|${entity}|${targetId}`;

const TARGET_TABLES = { asset: 'assets', configuration_item: 'configuration_items' } as const;

/** One push batch: caches what it reads, keeps what it writes, and writes it at flush. */
export class PushBatch implements BatchContext {
  private readonly db: Kysely<Database>;
  /** id -> state, or null when the record does not exist. */
  private readonly tickets = new Map<string, RecordState<Ticket> | null>();
  private readonly tasks = new Map<string, RecordState<Task> | null>();
  private readonly articles = new Map<string, RecordState<KnowledgeArticle> | null>();
  /** id -> link, or null when there is none with that id (never was, or deleted). */
  private readonly links = new Map<string, TicketLink | null>();
  /** ticket|entity|target -> id of the live link, or null: the unique key of ticket_links. */
  private readonly linkKeys = new Map<string, string | null>();
  private readonly dirty = { tickets: new Set<string>(), tasks: new Set<string>(), articles: new Set<string>() };
  private readonly worklogIds = new Set<string>();
  private readonly attachmentIds = new Set<string>();
  private readonly tombstoned = new Set<string>();
  private readonly newWorklogs: Worklog[] = [];
  private readonly newAttachments: Attachment[] = [];
  private readonly newLinks = new Map<string, TicketLink>();
  private readonly deletedLinks: { id: string; rev: number }[] = [];
  private readonly events: TicketEventTable[] = [];
  private readonly conflictRows: Insertable<SyncConflictTable>[] = [];
  private readonly persons = new Map<string, PersonFacts | null>();
  private readonly groups = new Map<string, { id: string; name: string } | null>();
  private readonly sites = new Map<string, boolean>();
  private readonly locations = new Map<string, { siteId: string } | null>();
  private readonly targets = new Map<string, boolean>();
  private itsmConfig: ItsmConfig | undefined;
  /**
   * Numbers handed out in this batch: kind -> last number. Read once per kind, counted
   * here and written at flush; writers are serialized, so no other batch counts meanwhile,
   * and a rejected create takes no number (numbers are never skipped).
   */
  private readonly counters = new Map<NumberedKind, number>();
  /** True once an op of this batch changed something (so clients should be poked). */
  changed = false;

  constructor(
    private readonly tx: WriteTx,
    readonly viewer: Viewer,
    readonly info: BatchInfo,
  ) {
    this.db = tx.db;
  }

  /** Reads every record the ops touch, in a few queries. */
  async preload(ops: readonly Op[]): Promise<void> {
    const ticketIds = new Set<string>();
    const taskIds: string[] = [];
    const articleIds: string[] = [];
    const linkIds: string[] = [];
    const worklogIds: string[] = [];
    const attachmentIds: string[] = [];
    for (const op of ops) {
      switch (op.entity) {
        case 'ticket':
          ticketIds.add(op.id);
          if (op.kind === 'create' && op.data.problemId) ticketIds.add(op.data.problemId);
          if (op.kind === 'patch' && op.fields.problemId) ticketIds.add(op.fields.problemId);
          break;
        case 'worklog':
          ticketIds.add(op.data.ticketId);
          worklogIds.push(op.id);
          break;
        case 'attachment':
          ticketIds.add(op.data.ticketId);
          attachmentIds.push(op.id);
          break;
        case 'task':
          taskIds.push(op.id);
          if (op.kind === 'create' && op.data.ticketId) ticketIds.add(op.data.ticketId);
          break;
        case 'ticket_link':
          linkIds.push(op.id);
          if (op.kind === 'create') ticketIds.add(op.data.ticketId);
          break;
        case 'knowledge_article':
          articleIds.push(op.id);
          if (op.kind === 'create' && op.data.sourceTicketId) ticketIds.add(op.data.sourceTicketId);
          break;
      }
    }
    await this.loadTickets([...ticketIds]);
    await this.loadTasks(taskIds);
    await this.loadArticles(articleIds);
    await this.loadLinks(linkIds);
    // A link's ticket is needed to check who may delete it.
    await this.loadTickets([...this.links.values()].flatMap((l) => (l && !this.tickets.has(l.ticketId) ? [l.ticketId] : [])));
    for (const part of chunks(worklogIds, 1)) {
      for (const row of await this.db.selectFrom('worklogs').select('id').where('id', 'in', part).execute()) this.worklogIds.add(row.id);
    }
    for (const part of chunks(attachmentIds, 1)) {
      for (const row of await this.db.selectFrom('attachments').select('id').where('id', 'in', part).execute()) this.attachmentIds.add(row.id);
    }
  }

  private async loadTickets(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.tickets.has(id));
    for (const id of missing) this.tickets.set(id, null);
    for (const part of chunks(missing, 1)) {
      for (const row of await this.db.selectFrom('tickets').selectAll().where('id', 'in', part).execute()) {
        this.tickets.set(row.id, { record: ticketFromRow(row), ...parseFieldState(row.field_revs) });
      }
    }
  }

  private async loadTasks(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.tasks.has(id));
    for (const id of missing) this.tasks.set(id, null);
    for (const part of chunks(missing, 1)) {
      for (const row of await this.db.selectFrom('tasks').selectAll().where('id', 'in', part).execute()) {
        this.tasks.set(row.id, { record: taskFromRow(row), ...parseFieldState(row.field_revs) });
      }
    }
  }

  private async loadArticles(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.articles.has(id));
    for (const id of missing) this.articles.set(id, null);
    for (const part of chunks(missing, 1)) {
      for (const row of await this.db.selectFrom('knowledge_articles').selectAll().where('id', 'in', part).execute()) {
        this.articles.set(row.id, { record: knowledgeArticleFromRow(row), ...parseFieldState(row.field_revs) });
      }
    }
  }

  private async loadLinks(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.links.has(id));
    for (const id of missing) this.links.set(id, null);
    for (const part of chunks(missing, 1)) {
      for (const row of await this.db.selectFrom('ticket_links').selectAll().where('id', 'in', part).execute()) {
        const link = ticketLinkFromRow(row);
        this.links.set(link.id, link);
        this.linkKeys.set(linkKey(link.ticketId, link.targetEntity, link.targetId), link.id);
      }
      for (const row of await this.db.selectFrom('tombstones').select('id').where('entity', '=', 'ticket_link').where('id', 'in', part).execute()) {
        this.tombstoned.add(row.id);
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

  /** An asset and CI were written directly (see transaction): later ops of the batch see them as they are now. */
  assetsWritten(assetId: string, configurationItemId: string): void {
    this.targets.delete(`asset:${assetId}`);
    this.targets.delete(`configuration_item:${configurationItemId}`);
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
    const rows =
      kind === 'task'
        ? await this.db.selectFrom('tasks').select('number').where('number', 'like', pattern).execute()
        : kind === 'knowledge_article'
          ? await this.db.selectFrom('knowledge_articles').select('number').where('number', 'like', pattern).execute()
          : await this.db.selectFrom('tickets').select('number').where('kind', '=', kind).where('number', 'like', pattern).execute();
    return Math.max(0, ...rows.map((r) => Number(/-(\d+)$/.exec(r.number ?? '')?.[1] ?? 0)));
  }

  /** The ITSM configuration (priority matrix, reopen period, catalog), read once per batch. */
  async config(): Promise<ItsmConfig> {
    this.itsmConfig ??= await readItsmConfig(this.db);
    return this.itsmConfig;
  }

  // ---- records ----

  async ticket(id: string): Promise<RecordState<Ticket> | null> {
    if (!this.tickets.has(id)) await this.loadTickets([id]);
    return this.tickets.get(id) ?? null;
  }

  /** The ticket if it exists and the viewer may see it (missing and invisible look the same). */
  async visibleTicket(id: string): Promise<RecordState<Ticket> | null> {
    const state = await this.ticket(id);
    return state && canSeeTicket(this.viewer, state.record) ? state : null;
  }

  /** The visible ticket, or the op is refused with NOT_VISIBLE. */
  async requireVisibleTicket(id: string): Promise<RecordState<Ticket>> {
    return (await this.visibleTicket(id)) ?? reject(NOT_VISIBLE);
  }

  putTicket(state: RecordState<Ticket>): void {
    this.tickets.set(state.record.id, state);
    this.dirty.tickets.add(state.record.id);
    this.changed = true;
  }

  async task(id: string): Promise<RecordState<Task> | null> {
    if (!this.tasks.has(id)) await this.loadTasks([id]);
    return this.tasks.get(id) ?? null;
  }

  putTask(state: RecordState<Task>): void {
    this.tasks.set(state.record.id, state);
    this.dirty.tasks.add(state.record.id);
    this.changed = true;
  }

  async article(id: string): Promise<RecordState<KnowledgeArticle> | null> {
    if (!this.articles.has(id)) await this.loadArticles([id]);
    return this.articles.get(id) ?? null;
  }

  putArticle(state: RecordState<KnowledgeArticle>): void {
    this.articles.set(state.record.id, state);
    this.dirty.articles.add(state.record.id);
    this.changed = true;
  }

  async link(id: string): Promise<TicketLink | null> {
    if (!this.links.has(id)) await this.loadLinks([id]);
    return this.links.get(id) ?? null;
  }

  /** True when a link with this id was deleted (its id may not come back). */
  async linkDeleted(id: string): Promise<boolean> {
    if (!this.links.has(id)) await this.loadLinks([id]);
    return this.tombstoned.has(id);
  }

  /** The id of the live link from a ticket to a target, if any. */
  async linkTo(ticketId: string, entity: LinkTarget, targetId: string): Promise<string | null> {
    const key = linkKey(ticketId, entity, targetId);
    if (!this.linkKeys.has(key)) {
      const row = await this.db
        .selectFrom('ticket_links')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .where('target_entity', '=', entity)
        .where('target_id', '=', targetId)
        .executeTakeFirst();
      this.linkKeys.set(key, row?.id ?? null);
    }
    return this.linkKeys.get(key) ?? null;
  }

  addLink(link: TicketLink): void {
    this.links.set(link.id, link);
    this.linkKeys.set(linkKey(link.ticketId, link.targetEntity, link.targetId), link.id);
    this.newLinks.set(link.id, link);
    this.changed = true;
  }

  /** Deletes a link and leaves a tombstone at `rev`, so every replica that has it drops it. */
  removeLink(link: TicketLink, rev: number): void {
    this.links.set(link.id, null);
    this.linkKeys.set(linkKey(link.ticketId, link.targetEntity, link.targetId), null);
    this.tombstoned.add(link.id);
    this.newLinks.delete(link.id);
    this.deletedLinks.push({ id: link.id, rev });
    this.changed = true;
  }

  worklogExists(id: string): boolean {
    return this.worklogIds.has(id);
  }

  addWorklog(worklog: Worklog): void {
    this.newWorklogs.push(worklog);
    this.worklogIds.add(worklog.id);
    this.changed = true;
  }

  attachmentExists(id: string): boolean {
    return this.attachmentIds.has(id);
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

  addAttachment(attachment: Attachment): void {
    this.newAttachments.push(attachment);
    this.attachmentIds.add(attachment.id);
    this.changed = true;
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
    this.events.push(ticketEventToRow(event));
    return event;
  }

  /** Keeps the clashing fields of an op for audit (sync_conflicts). */
  recordConflicts(opId: string, entity: 'ticket' | 'task' | 'knowledge_article', recordId: string, conflicts: readonly FieldConflict[], statusReason?: string): void {
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

  /** Whether an asset, configuration item or article exists and the viewer may see it (sync/scope.ts). */
  async targetVisible(entity: LinkTarget, id: string): Promise<boolean> {
    if (entity === 'knowledge_article') {
      // Articles are batch records (one may be created earlier in this batch): no second cache.
      const article = (await this.article(id))?.record;
      return Boolean(article && canSeeArticle(this.viewer, article));
    }
    const key = `${entity}:${id}`;
    let visible = this.targets.get(key);
    if (visible === undefined) {
      const row = await this.db.selectFrom(TARGET_TABLES[entity]).select('site_id').where('id', '=', id).executeTakeFirst();
      visible = Boolean(row && canSeeSiteRecord(this.viewer, row.site_id));
      this.targets.set(key, visible);
    }
    return visible;
  }

  /** The rev of a deleted link's tombstone (0 when there is none: the link was never stored). */
  async tombstoneRev(linkId: string): Promise<number> {
    const row = await this.db.selectFrom('tombstones').select('rev').where('entity', '=', 'ticket_link').where('id', '=', linkId).executeTakeFirst();
    return row ? Number(row.rev) : 0;
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
    // New and changed records alike: one upsert per chunk (UPDATE triggers still fire on the update path).
    const upsert = async <Row extends object>(table: 'tickets' | 'tasks' | 'knowledge_articles', rows: Row[]) => {
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0] as object) as (keyof Row & string)[];
      await bulkInsert(db, kind, { table, columns, rows, onConflictUpdate: 'id' as keyof Row & string });
    };
    const dirtyRows = <R, Row>(ids: Set<string>, states: Map<string, RecordState<R> | null>, toRow: (r: R) => Row) =>
      [...ids].flatMap((id) => {
        const state = states.get(id);
        return state ? [{ ...toRow(state.record), field_revs: fieldStateText(state) }] : [];
      });
    await upsert('tickets', dirtyRows(this.dirty.tickets, this.tickets, ticketToRow));
    await upsert('tasks', dirtyRows(this.dirty.tasks, this.tasks, taskToRow));
    await upsert('knowledge_articles', dirtyRows(this.dirty.articles, this.articles, knowledgeArticleToRow));
    for (const part of chunks(this.newWorklogs.map(worklogToRow), 8)) await db.insertInto('worklogs').values(part).execute();
    for (const part of chunks(this.newAttachments.map(attachmentToRow), 11)) await db.insertInto('attachments').values(part).execute();
    // Deletions before insertions: a link deleted and made again in one batch keeps the unique key free.
    const deleted = this.deletedLinks.map((d) => d.id);
    for (const part of chunks(deleted, 1)) await db.deleteFrom('ticket_links').where('id', 'in', part).execute();
    const tombstones = this.deletedLinks.map((d) => ({ entity: 'ticket_link', id: d.id, rev: d.rev, deleted_at: this.info.nowIso }));
    for (const part of chunks(tombstones, 4)) await db.insertInto('tombstones').values(part).execute();
    for (const part of chunks([...this.newLinks.values()].map(ticketLinkToRow), 7)) await db.insertInto('ticket_links').values(part).execute();
    // Up to a few events per patch: hand-compiled like the ticket upsert (sync/bulk.ts).
    if (this.events.length > 0) {
      const columns = Object.keys(this.events[0] as object) as (keyof TicketEventTable & string)[];
      await bulkInsert(db, kind, { table: 'ticket_events', columns, rows: this.events });
    }
    for (const part of chunks(this.conflictRows, 11)) await db.insertInto('sync_conflicts').values(part).execute();
  }
}
